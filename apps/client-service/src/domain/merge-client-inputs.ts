import type { ValidClientInput } from './client';
import { limits } from './validate-client-input';

const scalarFields = ['firstName', 'lastName', 'company', 'title', 'phone', 'website', 'sourceUrl'] as const;

/**
 * How an incoming item merges into what is there. `overwrite` (UpsertClients): what a user imports
 * is the newer truth. `fillEmpty` (leads the scraper found): what a user already set stays, only
 * empty fields are filled.
 */
export type MergeMode = 'overwrite' | 'fillEmpty';

/**
 * The merge rule of UpsertClients and of scraped leads, also applied by the store's `ON CONFLICT`
 * statement. `overwrite`: incoming non-empty scalars win, collected-at and verification status are
 * kept unless given, custom fields are merged with incoming keys winning. `fillEmpty`: incoming
 * scalars, collected-at and status only where none is set, incoming custom fields only under keys
 * not set and only if all of them fit under the field limit. Both union tags (oldest first, capped).
 */
export function mergeClientInputs(
  base: ValidClientInput,
  incoming: ValidClientInput,
  mode: MergeMode = 'overwrite',
): ValidClientInput {
  const merged: ValidClientInput = { ...base };
  const fill = mode === 'fillEmpty';
  for (const field of scalarFields) {
    if (incoming[field] !== '' && !(fill && base[field] !== '')) merged[field] = incoming[field];
  }
  merged.collectedAt = fill
    ? (base.collectedAt ?? incoming.collectedAt)
    : (incoming.collectedAt ?? base.collectedAt);
  merged.verificationStatus = fill
    ? (base.verificationStatus ?? incoming.verificationStatus)
    : (incoming.verificationStatus ?? base.verificationStatus);
  merged.tags = unionTags(base.tags, incoming.tags);
  merged.customFields = fill
    ? fillCustomFields(base.customFields, incoming.customFields)
    : { ...base.customFields, ...incoming.customFields };
  return merged;
}

/** `base` plus the incoming keys it lacks, or `base` alone when together they would exceed the limit. */
function fillCustomFields(base: Record<string, string>, incoming: Record<string, string>) {
  const filled = { ...incoming, ...base };
  return Object.keys(filled).length <= limits.customFields ? filled : base;
}

export function unionTags(base: string[], incoming: string[]): string[] {
  return [...new Set([...base, ...incoming])].slice(0, limits.tags);
}

/** Items of one batch that share an email, merged in request order into one input. */
export interface BatchGroup {
  /** Request positions, in order; the first one decides "created" versus "merged". */
  indexes: number[];
  input: ValidClientInput;
}

/** Groups a batch's valid items by normalised email, merging each group in request order. */
export function groupBatchByEmail(items: { index: number; input: ValidClientInput }[]): BatchGroup[] {
  const groups = new Map<string, BatchGroup>();
  for (const { index, input } of items) {
    const group = groups.get(input.email);
    if (group) {
      group.indexes.push(index);
      group.input = mergeClientInputs(group.input, input);
    } else {
      groups.set(input.email, { indexes: [index], input });
    }
  }
  return [...groups.values()];
}
