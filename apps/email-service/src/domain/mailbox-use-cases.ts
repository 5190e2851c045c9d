import { randomUUID } from 'node:crypto';
import { invalidArgument } from '@coldreach/errors';
import { HostLookupFailed, OutboundAddressRefused, type OutboundGuard } from '@coldreach/outbound-guard';
import { requireUuid, requireUuids } from '@coldreach/ids';
import type { Mailbox, MailboxChanges, MailboxInput } from './mailbox';
import type { MailboxStore } from './mailbox-store';
import { pageQuery, toPage } from './page-request';
import type { SmtpProbe, SmtpProbeResult } from './smtp-probe';
import { parseSmtpUrl } from './smtp-url';
import { mailboxInputFields, parseMailboxUpdateMask, validateMailboxInput } from './validate-mailbox-input';

export type MailboxUseCases = ReturnType<typeof createMailboxUseCases>;

export interface MailboxUseCaseDependencies {
  store: MailboxStore;
  probe: SmtpProbe;
  /** Checks the hosts of mailboxes' own SMTP URLs (never the operator's default one). */
  guard: OutboundGuard;
  /** The service's SMTP_URL, used by mailboxes without their own; undefined: the catcher. */
  defaultSmtpUrl?: string;
  clock?: () => Date;
}

/** The mailbox rules of EmailService, independent of gRPC: validation, defaults, the SMTP test. */
export function createMailboxUseCases(deps: MailboxUseCaseDependencies) {
  const { store, probe, guard } = deps;
  const clock = deps.clock ?? (() => new Date());

  /** Refuses, as INVALID_ARGUMENT on `field`, a host the policy refuses; a host DNS does not know yet passes. */
  async function checkHost(host: string, field: string): Promise<void> {
    try {
      await guard.resolve(host);
    } catch (error) {
      if (error instanceof OutboundAddressRefused) throw invalidArgument([{ field, message: error.message }]);
      if (!(error instanceof HostLookupFailed)) throw error;
    }
  }

  /** The SMTP and IMAP hosts go through the same guard and allow-list. */
  async function checkHosts(changes: MailboxChanges): Promise<void> {
    if (changes.smtp) await checkHost(changes.smtp.endpoint.host, 'mailbox.smtp_url');
    if (changes.imap) await checkHost(changes.imap.endpoint.host, 'mailbox.imap_url');
  }

  /**
   * Probes a tenant's URL pinned to the address the guard checked. A refusal is INVALID_ARGUMENT
   * on `field` when the caller typed the URL, FAILED_PRECONDITION for a saved mailbox.
   */
  async function probeGuarded(url: string, field: string | undefined): Promise<SmtpProbeResult> {
    const parsed = parseSmtpUrl(url);
    if (!parsed.ok) throw invalidArgument([{ field: field ?? 'id', message: parsed.problem }]);
    const { host, port } = parsed.endpoint;
    const started = performance.now();
    try {
      const checked = await guard.resolve(host);
      return await probe(parsed.url, { address: checked.address, servername: checked.servername });
    } catch (error) {
      if (error instanceof HostLookupFailed) {
        const latencyMs = Math.round(performance.now() - started);
        return { ok: false, detail: `${host}:${port}: ${error.problem}`, latencyMs };
      }
      if (field && error instanceof OutboundAddressRefused) {
        throw invalidArgument([{ field, message: error.message }]);
      }
      throw error;
    }
  }

  return {
    async createMailbox(workspaceId: string, input: MailboxInput): Promise<Mailbox> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      const changes = validateMailboxInput(input, { fields: mailboxInputFields, creating: true });
      await checkHosts(changes);
      return store.create({
        name: changes.name ?? '',
        smtp: changes.smtp ?? null,
        fromName: changes.fromName ?? '',
        fromAddress: changes.fromAddress ?? '',
        dailyCap: changes.dailyCap ?? 0,
        domainHourlyCap: changes.domainHourlyCap ?? 0,
        imap: changes.imap ?? null,
        id: randomUUID(),
        workspaceId: workspace,
        now: clock(),
      });
    },

    async getMailbox(workspaceId: string, id: string): Promise<Mailbox> {
      const { workspace_id: workspace, id: mailboxId } = requireUuids({ workspace_id: workspaceId, id });
      return store.get(workspace, mailboxId);
    },

    async listMailboxes(
      workspaceId: string,
      request: { pageSize: number; pageToken: string },
    ): Promise<{ mailboxes: Mailbox[]; nextPageToken: string }> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      const query = pageQuery(request, ['mailboxes', workspace]);
      const rows = await store.list(workspace, query.after, query.pageSize + 1);
      const page = toPage(rows, query, (mailbox) => ({ time: mailbox.createTime, key: mailbox.id }));
      return { mailboxes: page.items, nextPageToken: page.nextPageToken };
    },

    async updateMailbox(
      workspaceId: string,
      id: string,
      input: MailboxInput,
      maskPaths: readonly string[],
    ): Promise<Mailbox> {
      const { workspace_id: workspace, id: mailboxId } = requireUuids({ workspace_id: workspaceId, id });
      const fields = parseMailboxUpdateMask(maskPaths);
      const changes = validateMailboxInput(input, { fields, creating: false });
      await checkHosts(changes);
      return store.update(workspace, mailboxId, changes, clock());
    },

    async deleteMailbox(workspaceId: string, id: string): Promise<void> {
      const { workspace_id: workspace, id: mailboxId } = requireUuids({ workspace_id: workspaceId, id });
      await store.delete(workspace, mailboxId);
    },

    /** Tests a saved mailbox (`id`) or a URL before it is saved (`smtpUrl`); exactly one is given. */
    async testMailbox(workspaceId: string, id: string, smtpUrl: string): Promise<SmtpProbeResult> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      if ((id === '') === (smtpUrl === '')) {
        throw invalidArgument([
          { field: id === '' ? 'id' : 'smtp_url', message: 'set exactly one of id and smtp_url' },
        ]);
      }
      if (smtpUrl !== '') {
        const parsed = parseSmtpUrl(smtpUrl);
        if (!parsed.ok) throw invalidArgument([{ field: 'smtp_url', message: parsed.problem }]);
        return probeGuarded(parsed.url, 'smtp_url');
      }
      const own = await store.smtpUrlOf(workspace, requireUuid(id, 'id'));
      if (own !== undefined) return probeGuarded(own, undefined);
      // The operator's own relay: not a tenant's host, so not checked (see createSmtpTransports).
      const url = deps.defaultSmtpUrl;
      if (url === undefined) {
        return {
          ok: true,
          detail: "no SMTP server to connect to: this mailbox's emails are caught (see ListCaughtMessages)",
          latencyMs: 0,
        };
      }
      return probe(url);
    },
  };
}
