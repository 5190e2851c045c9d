/** The command line itself is wrong (unknown command, missing argument): exit code 2, with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command was understood but cannot be carried out: exit code 1, with this message only. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/**
 * A one-line description of any error, safe for a terminal: no stack, credentials in URLs masked,
 * anything shaped like an API key masked (a driver may echo parameters back).
 */
export function describeError(error: unknown): string {
  const messages =
    error instanceof AggregateError && error.errors.length > 0
      ? // A refused connection to "localhost" fails once per address (IPv4 and IPv6).
        [...new Set(error.errors.map((inner: unknown) => messageOf(inner)))]
      : [messageOf(error)];
  return messages
    .join('; ')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@')
    .replace(/crk_[A-Za-z0-9_-]+/g, 'crk_***');
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
