import type { DataSource } from 'typeorm';
import { classifyMessage } from '@coldreach/inbound-mail';
import { DomainError, invalidArgument, type FieldViolation } from '@coldreach/errors';
import { requireUuid, isUuid } from '@coldreach/ids';
import { pageQuery, toPage } from '../domain/page-request';
import type { MailboxStore } from '../domain/mailbox-store';
import { parseImapUrl } from '../domain/imap-url';
import { applyInboundMessage } from './apply-inbound-message';
import { InboxUnreachable, openInbox, type ImapSettings } from './imap-session';
import { listInbound } from './inbound-store';
import type { InboundFilter, InboundKindName, InboundMessage } from './inbound-message';

export type InboundUseCases = ReturnType<typeof createInboundUseCases>;

export interface InboundUseCaseDependencies {
  dataSource: DataSource;
  mailboxes: MailboxStore;
  imap: ImapSettings;
  /** Only the embedded (local) mode accepts injected messages. */
  embedded: boolean;
  softBounceThreshold: number;
  clock?: () => Date;
}

const maxInjectedBytes = 1024 * 1024;

/** The rules of InboundMailService, independent of gRPC. */
export function createInboundUseCases(deps: InboundUseCaseDependencies) {
  const clock = deps.clock ?? (() => new Date());
  return {
    async listInboundMessages(
      workspaceId: string,
      request: {
        pageSize: number;
        pageToken: string;
        filter: Omit<InboundFilter, 'kinds'>;
        kinds: (InboundKindName | undefined)[];
      },
    ): Promise<{ messages: InboundMessage[]; nextPageToken: string }> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      const violations: FieldViolation[] = [];
      for (const [field, value] of Object.entries({
        campaign_id: request.filter.campaignId,
        client_id: request.filter.clientId,
        mailbox_id: request.filter.mailboxId,
      })) {
        if (value && !isUuid(value)) violations.push({ field, message: 'must be a UUID' });
      }
      request.kinds.forEach((kind, index) => {
        if (kind === undefined)
          violations.push({ field: `kinds[${index}]`, message: 'is not an inbound kind' });
      });
      const filter: InboundFilter = {
        ...request.filter,
        kinds: request.kinds.filter((kind) => kind !== undefined),
      };
      const query = pageQuery(request, ['inbound', workspace, filter], { violations });
      const rows = await listInbound(
        deps.dataSource.manager,
        workspace,
        filter,
        query.after,
        query.pageSize + 1,
      );
      const page = toPage(rows, query, (message) => ({ time: message.receiveTime, key: message.id }));
      return { messages: page.items, nextPageToken: page.nextPageToken };
    },

    /** Signs in to a saved mailbox's IMAP server (`id`) or to a URL before it is saved. */
    async testMailboxImap(
      workspaceId: string,
      id: string,
      imapUrl: string,
    ): Promise<{ ok: boolean; detail: string; latencyMs: number }> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      if ((id === '') === (imapUrl === '')) {
        throw invalidArgument([
          { field: id === '' ? 'id' : 'imap_url', message: 'set exactly one of id and imap_url' },
        ]);
      }
      let url = imapUrl;
      if (imapUrl !== '') {
        const parsed = parseImapUrl(imapUrl);
        if (!parsed.ok) throw invalidArgument([{ field: 'imap_url', message: parsed.problem }]);
      } else {
        const saved = await deps.mailboxes.imapUrlOf(workspace, requireUuid(id, 'id'));
        if (saved === undefined)
          throw new DomainError('failed_precondition', `mailbox ${id} has no IMAP URL`);
        url = saved;
      }
      const started = performance.now();
      const latencyMs = () => Math.round(performance.now() - started);
      try {
        const session = await openInbox(url, deps.imap);
        await session.close();
        return { ok: true, detail: `INBOX: ${session.exists} messages`, latencyMs: latencyMs() };
      } catch (error) {
        if (error instanceof InboxUnreachable)
          return { ok: false, detail: error.message, latencyMs: latencyMs() };
        throw error;
      }
    },

    /** Local mode: handles `raw` as if read from the mailbox's inbox (same classify, match and effects). */
    async injectInboundMessage(
      workspaceId: string,
      mailboxId: string,
      raw: Uint8Array,
    ): Promise<InboundMessage> {
      if (!deps.embedded) {
        throw new DomainError(
          'failed_precondition',
          'injecting inbound messages is a local-mode tool (npm start) only',
        );
      }
      const workspace = requireUuid(workspaceId, 'workspace_id');
      const mailbox = await deps.mailboxes.get(workspace, requireUuid(mailboxId, 'mailbox_id'));
      if (raw.length === 0 || raw.length > maxInjectedBytes) {
        throw invalidArgument([{ field: 'raw', message: `must be 1 byte to ${maxInjectedBytes} bytes` }]);
      }
      const now = clock();
      const classified = await classifyMessage(Buffer.from(raw), { now });
      const { message } = await deps.dataSource.transaction((tx) =>
        applyInboundMessage(tx, classified, {
          mailbox: { id: mailbox.id, workspaceId: workspace },
          now,
          softBounceThreshold: deps.softBounceThreshold,
        }),
      );
      return message;
    },
  };
}
