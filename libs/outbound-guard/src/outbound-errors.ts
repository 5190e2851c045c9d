import { DomainError } from '@coldreach/errors';

/**
 * A destination the policy refuses (loopback, private, metadata…). FAILED_PRECONDITION: the same
 * call succeeds only once the operator lists the range; a caller whose input named the host
 * (an SMTP URL in a request) turns it into INVALID_ARGUMENT on that field.
 */
export class OutboundAddressRefused extends DomainError {
  constructor(
    message: string,
    /** The host as given (a name or an address). */
    readonly host: string,
    /** The refused address (never shown to callers for names: see describeRefusal). */
    readonly address: string,
    /** ipaddr.js's range name, e.g. `loopback`. */
    readonly range: string,
  ) {
    super('failed_precondition', message, { retriable: false });
  }
}

/**
 * A host name that could not be resolved (unknown, DNS down, timed out). UNAVAILABLE and retriable:
 * DNS may answer later. `lookupCode` is the resolver's code, e.g. `ENOTFOUND`, `EAI_AGAIN`, `ETIMEOUT`.
 */
export class HostLookupFailed extends DomainError {
  constructor(
    readonly host: string,
    readonly lookupCode: string,
    cause?: unknown,
  ) {
    super('unavailable', `${host}: ${lookupProblem(lookupCode)}`, { cause, retriable: true });
    this.problem = lookupProblem(lookupCode);
  }

  /** What went wrong without the host, e.g. `host not found`. */
  readonly problem: string;

  /** True when the name does not exist (as opposed to DNS not answering now). */
  get notFound(): boolean {
    return this.lookupCode === 'ENOTFOUND' || this.lookupCode === 'ENODATA';
  }
}

function lookupProblem(code: string): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'ENODATA':
      return 'host not found';
    case 'ETIMEOUT':
      return 'timed out looking up the host';
    default:
      return `host name lookup failed (${code})`;
  }
}
