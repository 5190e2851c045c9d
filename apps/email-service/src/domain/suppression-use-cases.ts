import { isUuid, requireUuid } from '@coldreach/ids';
import { emailProblem, normaliseEmail } from '@coldreach/email-address';
import { DomainError, invalidArgument, notFound, unstorableTextViolations } from '@coldreach/errors';
import { verifyUnsubscribeToken, type UnsubscribeTokenSecret } from '@coldreach/outreach';
import { maskEmail } from './mask-email';
import { pageQuery, toPage } from './page-request';
import {
  recipientReasons,
  suppressionReasons,
  type Suppression,
  type SuppressionFilter,
  type SuppressionReasonName,
} from './suppression';
import type { SuppressionStore } from './suppression-store';

export type SuppressionUseCases = ReturnType<typeof createSuppressionUseCases>;

export interface SuppressionUseCaseDependencies {
  store: SuppressionStore;
  /** Verify unsubscribe tokens; the first also signs them (workers). */
  unsubscribeSecrets: readonly UnsubscribeTokenSecret[];
  clock?: () => Date;
}

export const maxCheckEmails = 1000;
const maxNoteLength = 1000;
const maxQueryLength = 254;

/** The suppression list and unsubscribes, independent of gRPC. */
export function createSuppressionUseCases(deps: SuppressionUseCaseDependencies) {
  const { store } = deps;
  const clock = deps.clock ?? (() => new Date());
  return {
    /** Adds an address; one already on the list is returned unchanged. Reason undefined means MANUAL. */
    async addSuppression(
      workspaceId: string,
      input: { email: string; reason: string | undefined; note: string },
    ): Promise<Suppression> {
      const violations = unstorableTextViolations(input, 'suppression');
      if (violations.length > 0) throw invalidArgument(violations);
      if (!isUuid(workspaceId)) violations.push({ field: 'workspace_id', message: 'must be a UUID' });
      const email = normaliseEmail(input.email);
      const problem = emailProblem(email);
      if (problem) violations.push({ field: 'email', message: problem });
      const reason = input.reason ?? 'manual';
      if (!(suppressionReasons as readonly string[]).includes(reason))
        violations.push({ field: 'reason', message: `must be one of ${reasonList()}` });
      const note = input.note.trim();
      if (note.length > maxNoteLength)
        violations.push({ field: 'note', message: `must be at most ${maxNoteLength} characters` });
      if (violations.length > 0) throw invalidArgument(violations);
      const { suppression } = await store.add({
        workspaceId: workspaceId.toLowerCase(),
        email,
        reason: reason as SuppressionReasonName,
        note,
        deliveryId: null,
      });
      return suppression;
    },

    async removeSuppression(workspaceId: string, rawEmail: string, force: boolean): Promise<void> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      const unstorable = unstorableTextViolations(rawEmail, 'email');
      if (unstorable.length > 0) throw invalidArgument(unstorable);
      const email = normaliseEmail(rawEmail);
      if (email === '') throw invalidArgument([{ field: 'email', message: 'is required' }]);
      await store.remove(workspace, email, (entry) => {
        if (!force && recipientReasons.includes(entry.reason)) {
          throw new DomainError(
            'failed_precondition',
            `${email} is suppressed because of ${entry.reason === 'complaint' ? 'a complaint' : 'an unsubscribe'}: the recipient asked not to be contacted; set force to remove it anyway`,
          );
        }
      });
    },

    async listSuppressions(
      workspaceId: string,
      request: { pageSize: number; pageToken: string; filter: { reasons: string[]; query: string } },
    ): Promise<{ suppressions: Suppression[]; nextPageToken: string }> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      const violations = unstorableTextViolations(request.filter, 'filter');
      const reasons: SuppressionReasonName[] = [];
      request.filter.reasons.forEach((reason, index) => {
        if (!(suppressionReasons as readonly string[]).includes(reason))
          violations.push({ field: `filter.reasons[${index}]`, message: `must be one of ${reasonList()}` });
        else if (!reasons.includes(reason as SuppressionReasonName))
          reasons.push(reason as SuppressionReasonName);
      });
      const filter: SuppressionFilter = {
        reasons: reasons.sort(),
        query: request.filter.query.trim().toLowerCase(),
      };
      if (filter.query.length > maxQueryLength)
        violations.push({ field: 'filter.query', message: `must be at most ${maxQueryLength} characters` });
      const query = pageQuery(request, ['suppressions', workspace, filter], {
        violations,
        uuidKeys: false,
      });
      const rows = await store.list(workspace, filter, query.after, query.pageSize + 1);
      const page = toPage(rows, query, (entry) => ({ time: entry.createTime, key: entry.email }));
      return { suppressions: page.items, nextPageToken: page.nextPageToken };
    },

    /** The suppressed ones among `emails`, once each, in request order. */
    async checkSuppression(workspaceId: string, emails: readonly string[]): Promise<Suppression[]> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      if (emails.length === 0 || emails.length > maxCheckEmails)
        throw invalidArgument([{ field: 'emails', message: `must hold 1 to ${maxCheckEmails} addresses` }]);
      const unstorable = unstorableTextViolations(emails, 'emails');
      if (unstorable.length > 0) throw invalidArgument(unstorable);
      const normalised = [...new Set(emails.map(normaliseEmail))].filter((email) => email !== '');
      const found = new Map((await store.check(workspace, normalised)).map((entry) => [entry.email, entry]));
      return normalised.flatMap((email) => found.get(email) ?? []);
    },

    /**
     * Unsubscribes the recipient a signed token names, from the delivery the link came with.
     * Idempotent; `validateOnly` just describes the token.
     */
    async unsubscribe(
      token: string,
      validateOnly: boolean,
    ): Promise<{ maskedEmail: string; alreadyUnsubscribed: boolean }> {
      const payload = verifyUnsubscribeToken(token, deps.unsubscribeSecrets, { now: clock() });
      if (!isUuid(payload.workspaceId) || !isUuid(payload.deliveryId))
        throw invalidArgument([{ field: 'token', message: 'the unsubscribe token names no delivery' }]);
      const delivery = await store.deliveryForUnsubscribe(
        payload.workspaceId.toLowerCase(),
        payload.deliveryId.toLowerCase(),
      );
      if (!delivery) throw notFound('the email of this unsubscribe link');
      const email = normaliseEmail(delivery.toAddress);
      const maskedEmail = maskEmail(email);
      if (validateOnly) {
        const existing = await store.find(delivery.workspaceId, email);
        return { maskedEmail, alreadyUnsubscribed: !!existing && recipientReasons.includes(existing.reason) };
      }
      const { alreadyUnsubscribed } = await store.unsubscribe(delivery, email);
      return { maskedEmail, alreadyUnsubscribed };
    },
  };
}

function reasonList(): string {
  return suppressionReasons.map((reason) => reason.toUpperCase()).join(', ');
}
