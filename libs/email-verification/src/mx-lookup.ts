import { Resolver } from 'node:dns/promises';
import { abortable } from './abortable';

/** What DNS says about a domain's mail exchangers. */
export type MxAnswer =
  /** Exchanger host names, best (lowest preference) first. */
  | { kind: 'found'; hosts: string[] }
  /** The domain exists without MX records (RFC 5321 §5.1: its own A/AAAA records take mail). */
  | { kind: 'none' }
  /** `MX 0 .` (RFC 7505): the domain says it takes no mail. */
  | { kind: 'null_mx' }
  | { kind: 'not_found' }
  /** DNS did not answer usefully (ESERVFAIL, ETIMEOUT, ECONNREFUSED…): ask again later. */
  | { kind: 'failure'; code: string };

export type MxLookup = (domain: string, signal?: AbortSignal) => Promise<MxAnswer>;

export interface MxLookupOptions {
  /** host:port servers; empty asks the system's configured servers. */
  dnsServers: readonly string[];
  timeoutMs: number;
}

/** MX lookups through node:dns (c-ares) against the given servers, each bounded by `timeoutMs`. */
export function createMxLookup(options: MxLookupOptions): { lookupMx: MxLookup; close(): void } {
  // c-ares doubles its timeout on the second try, so three thirds fit in timeoutMs; the race
  // below is the bound that holds whatever c-ares does.
  const resolver = new Resolver({ timeout: Math.max(10, Math.floor(options.timeoutMs / 3)), tries: 2 });
  if (options.dnsServers.length > 0) resolver.setServers([...options.dnsServers]);

  async function lookupMx(domain: string, signal?: AbortSignal): Promise<MxAnswer> {
    try {
      const timedOut = () => Object.assign(new Error('MX lookup timed out'), { code: 'ETIMEOUT' });
      const records = await abortable(resolver.resolveMx(domain), signal, {
        ms: options.timeoutMs,
        error: timedOut,
      });
      const named = records.filter((record) => record.exchange !== '' && record.exchange !== '.');
      if (named.length === 0) return records.length > 0 ? { kind: 'null_mx' } : { kind: 'none' };
      // A null MX beside real ones is a misconfiguration; the real ones are what senders use.
      const hosts = named
        .sort((a, b) => a.priority - b.priority)
        .map((record) => record.exchange.toLowerCase().replace(/\.$/, ''));
      return { kind: 'found', hosts: [...new Set(hosts)] };
    } catch (error) {
      if (signal?.aborted) throw error;
      const code = String((error as { code?: unknown }).code ?? 'EUNKNOWN');
      if (code === 'ENODATA') return { kind: 'none' };
      if (code === 'ENOTFOUND') return { kind: 'not_found' };
      return { kind: 'failure', code };
    }
  }

  return { lookupMx, close: () => resolver.cancel() };
}
