import type { ValidClientInput } from './client';
import { limits } from './validate-client-input';

const scalarFields = ['firstName', 'lastName', 'company', 'title', 'phone', 'website', 'sourceUrl'] as const;

/**
 * The merge rule of UpsertClients, also applied by the store's `ON CONFLICT` statement: incoming
 * non-empty scalars overwrite, collected-at and verification status are kept unless given, tags are
 * unioned (oldest first, capped at the tag limit), custom fields are merged with incoming keys winning.
 */
export function mergeClientInputs(base: ValidClientInput, incoming: ValidClientInput): ValidClientInput {
  const merged: ValidClientInput = { ...base };
  for (const field of scalarFields) if (incoming[field] !== '') merged[field] = incoming[field];
  merged.collectedAt = incoming.collectedAt ?? base.collectedAt;
  merged.verificationStatus = incoming.verificationStatus ?? base.verificationStatus;
  merged.tags = unionTags(base.tags, incoming.tags);
  merged.customFields = { ...base.customFields, ...incoming.customFields };
  return merged;
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
