/** Where and as whom a Sentry DSN says events go. */
export interface SentryDsn {
  /** `<scheme>://<host>[/<prefix>]/api/<project>/envelope/` */
  envelopeUrl: string;
  publicKey: string;
  projectId: string;
}

/** Thrown for a DSN that is not `https://<public key>@<host>/<project id>`; never quotes the DSN. */
export class SentryDsnError extends Error {
  override readonly name = 'SentryDsnError';
}

/**
 * Parses a Sentry DSN (`https://<public key>[:<secret>]@<host>[/<prefix>]/<project id>`). The error
 * names what is wrong without repeating the DSN, which holds a key.
 */
export function parseSentryDsn(dsn: string): SentryDsn {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw new SentryDsnError('must be a URL like https://<public key>@<host>/<project id>');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SentryDsnError('must start with https:// or http://');
  }
  if (!url.username)
    throw new SentryDsnError('has no public key before the @ (https://<public key>@<host>/…)');
  if (url.search || url.hash) throw new SentryDsnError('must not have a query string or fragment');
  const segments = url.pathname.split('/').filter(Boolean);
  const projectId = segments.pop();
  if (!projectId || !/^\d+$/.test(projectId)) {
    throw new SentryDsnError(
      'must end with the numeric project id (https://<public key>@<host>/<project id>)',
    );
  }
  const prefix = segments.length ? `/${segments.join('/')}` : '';
  return {
    envelopeUrl: `${url.protocol}//${url.host}${prefix}/api/${projectId}/envelope/`,
    publicKey: decodeURIComponent(url.username),
    projectId,
  };
}
