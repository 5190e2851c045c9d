/** What an addition did: joined, there already, and anything left out (said in words). */
export interface AddOutcome {
  added: number;
  alreadyPresent: number;
  skipped?: string | undefined;
}

/** The API takes at most this many ids per call (AddLeads.clientIds, resultIds). */
export const idsPerCall = 1000;

/** Runs `call` on the ids 1000 at a time, one call after another, and adds up what they did. */
export async function addInBatches(
  ids: readonly string[],
  call: (batch: string[]) => Promise<AddOutcome>,
): Promise<AddOutcome> {
  const total: AddOutcome = { added: 0, alreadyPresent: 0 };
  const skipped: string[] = [];
  for (let start = 0; start < ids.length; start += idsPerCall) {
    const outcome = await call(ids.slice(start, start + idsPerCall));
    total.added += outcome.added;
    total.alreadyPresent += outcome.alreadyPresent;
    if (outcome.skipped) skipped.push(outcome.skipped);
  }
  return skipped.length > 0 ? { ...total, skipped: skipped.join(' ') } : total;
}
