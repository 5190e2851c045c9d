import fc from 'fast-check';
import { hostileString } from './hostile-values';
import { percentEncode } from './percent-encode';
import type { JsonSchema } from './openapi-operations';
import type { ValueContext } from './schema-arbitrary';

/** Real resources of one workspace, created before the run so that generated ids hit something. */
export interface WorkspaceTargets {
  key: string;
  leads: string[];
  mailboxes: string[];
  campaigns: string[];
  steps: string[];
  /** Ids answered by POST /api/email/send (GET /api/status/{id}). */
  sends: string[];
  deliveries: string[];
  suppressedEmails: string[];
  unsubscribeTokens: string[];
}

export type ResourceKind = Exclude<keyof WorkspaceTargets, 'key'>;

/** What the generator aims at: the caller's workspace, another one, and the loopback SMTP sink. */
export interface FuzzTargets {
  own: WorkspaceTargets;
  other: WorkspaceTargets;
  /** Port of an SMTP server on 127.0.0.1 that accepts everything. */
  smtpSinkPort: number;
}

/** Which pool of ids a field or path parameter draws from, by its name (and the path it is in). */
export function resourceKindOf(name: string, path = ''): ResourceKind | undefined {
  const byName: Record<string, ResourceKind> = {
    clientId: 'leads',
    mailboxId: 'mailboxes',
    stepId: 'steps',
    campaignId: 'campaigns',
    deliveryId: 'deliveries',
    token: 'unsubscribeTokens',
  };
  if (byName[name]) return byName[name];
  if (name === 'email' && path.includes('/suppressions/')) return 'suppressedEmails';
  if (name !== 'id') return undefined;
  const collection = /\/([a-z-]+)\/\{id\}/.exec(path)?.[1];
  const byCollection: Record<string, ResourceKind> = {
    leads: 'leads',
    campaigns: 'campaigns',
    mailboxes: 'mailboxes',
    status: 'sends',
    deliveries: 'deliveries',
  };
  return collection ? byCollection[collection] : undefined;
}

/** One of the pool's values, or a made-up one when the pool is empty. */
export function pick(values: string[], fallback: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return values.length > 0 ? fc.constantFrom(...values) : fallback;
}

/**
 * Both workspaces' ids of a kind: the caller's mostly, the other's (tenant isolation) sometimes.
 * A DELETE never takes the caller's first id of a kind, so that the run keeps a real target for
 * every other operation. Unsubscribe tokens are credentials of their own, valid with any key.
 */
export function idArbitrary(
  targets: FuzzTargets,
  kind: ResourceKind,
  options: { deleting?: boolean } = {},
): fc.Arbitrary<{ id: string; foreign: boolean }> {
  const made = kind === 'suppressedEmails' ? fc.emailAddress() : fc.uuid();
  const own = options.deleting ? targets.own[kind].slice(1) : targets.own[kind];
  const other = targets.other[kind];
  const scoped = kind !== 'unsubscribeTokens';
  return fc.oneof(
    { arbitrary: pick(own, made).map((id) => ({ id, foreign: false })), weight: 6 },
    { arbitrary: pick(other, made).map((id) => ({ id, foreign: scoped && other.length > 0 })), weight: 1 },
    { arbitrary: made.map((id) => ({ id, foreign: false })), weight: 1 },
  );
}

/**
 * SMTP URLs the generator may put in a request. Always 127.0.0.1 or ::1: the tests send traffic to
 * loopback only, and the platform connects to whatever a mailbox names.
 */
export function loopbackSmtpUrl(sinkPort: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      `smtp://127.0.0.1:${sinkPort}`,
      `smtp://user:secret@127.0.0.1:${sinkPort}`,
      'smtp://127.0.0.1:1',
      'smtps://127.0.0.1:1',
      'smtp://[::1]:1',
      'smtp://127.0.0.1:99999',
      'smtp://127.0.0.1:0',
      '',
    ),
    hostileString.map((text) => `smtp://${percentEncode(text)}:pw@127.0.0.1:${sinkPort}`),
  );
}

/** Hostile values for an SMTP URL field: strange, but never naming a host other than loopback. */
export function hostileSmtpUrl(sinkPort: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    loopbackSmtpUrl(sinkPort).map((url) => `${url}/${'x'.repeat(3000)}`),
    fc.constantFrom(
      null,
      42,
      [],
      {},
      'smtp://',
      'smtp://127.0.0.1:1\u0000',
      'http://127.0.0.1:1',
      'smtp://127.0.0.1:-1',
    ),
    hostileString.filter((text) => !text.includes(':')),
  );
}

/** The generator's values for named fields: real ids, addresses of real leads, loopback URLs. */
export function createValueContext(
  targets: FuzzTargets,
  bodyLimitBytes: number,
  hostile: boolean,
): ValueContext {
  return {
    bodyLimitBytes,
    hostile,
    fieldValue(name: string, schema: JsonSchema) {
      if (name === 'smtpUrl') return loopbackSmtpUrl(targets.smtpSinkPort);
      const kind = resourceKindOf(name);
      if (kind && schema.type === 'string') return idArbitrary(targets, kind).map(({ id }) => id);
      return undefined;
    },
    hostileValue(name: string) {
      return name === 'smtpUrl' ? hostileSmtpUrl(targets.smtpSinkPort) : undefined;
    },
  };
}
