import type { components } from '../../gen/api-schema';

export type BulkAction = components['schemas']['LeadBulkAction']['action'];
export type BulkResult = components['schemas']['LeadBulkResult'];

/** The most a bulk call takes (LeadBulkAction.ids). */
export const bulkIdsPerCall = 500;

const done: Record<BulkAction, string> = {
  delete: 'deleted',
  addTag: 'tagged',
  removeTag: 'untagged',
  verify: 'verified',
};

/** What a bulk action did, in words, with each failure named by the lead's email where it is known. */
export function bulkOutcome(
  result: BulkResult,
  emailOf: (id: string) => string | undefined,
): { summary: string; failures: { who: string; reason: string }[] } {
  const leads = (n: number) => `${n} ${n === 1 ? 'lead' : 'leads'}`;
  const failed = result.failed.length;
  const summary =
    `${leads(result.succeeded)} ${done[result.action]}.` + (failed > 0 ? ` ${leads(failed)} failed:` : '');
  return {
    summary,
    failures: result.failed.map((failure) => ({
      who: emailOf(failure.id) ?? failure.id,
      reason: failure.reason,
    })),
  };
}

/** Adds up the answers of several bulk calls (a selection over 500 ids is sent in parts). */
export function mergeBulkResults(action: BulkAction, results: readonly BulkResult[]): BulkResult {
  return {
    action,
    succeeded: results.reduce((sum, result) => sum + result.succeeded, 0),
    failed: results.flatMap((result) => result.failed),
  };
}
