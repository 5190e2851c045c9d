import type { ValidClientInput } from '../domain/client';
import type { MergeMode } from '../domain/merge-client-inputs';
import { limits } from '../domain/validate-client-input';

/** One row of an upsert: the client's id, its workspace and the merged input. */
export interface ShardDraft {
  id: string;
  workspaceId: string;
  input: ValidClientInput;
}

const textColumns = ['first_name', 'last_name', 'company', 'title', 'phone', 'website', 'source_url'];

/** The `DO UPDATE SET` list implementing `mergeClientInputs` in each mode. */
function mergeAssignments(mode: MergeMode): string[] {
  if (mode === 'overwrite') {
    return [
      ...textColumns.map(
        (column) =>
          `${column} = CASE WHEN EXCLUDED.${column} <> '' THEN EXCLUDED.${column} ELSE c.${column} END`,
      ),
      'collected_at = COALESCE(EXCLUDED.collected_at, c.collected_at)',
      // EXCLUDED holds the defaulted status; whether the caller specified one is in the input.
      `verification_status = COALESCE(
        (SELECT i.verification_status FROM incoming i WHERE i.id = EXCLUDED.id), c.verification_status)`,
      'custom_fields = c.custom_fields || EXCLUDED.custom_fields',
    ];
  }
  // A stored row always has a status, so fillEmpty never changes it.
  return [
    ...textColumns.map(
      (column) => `${column} = CASE WHEN c.${column} = '' THEN EXCLUDED.${column} ELSE c.${column} END`,
    ),
    'collected_at = COALESCE(c.collected_at, EXCLUDED.collected_at)',
    `custom_fields = CASE
      WHEN (SELECT count(*) FROM jsonb_object_keys(EXCLUDED.custom_fields || c.custom_fields)) <= ${limits.customFields}
      THEN EXCLUDED.custom_fields || c.custom_fields ELSE c.custom_fields END`,
  ];
}

/**
 * One statement that inserts every draft of a shard or merges it into the existing row with the same
 * (workspace_id, email), by `mode` (see mergeClientInputs). The drafts travel as one jsonb parameter
 * ($1), each with its workspace, so one statement serves drafts of many workspaces; $2 is the time,
 * $3 the tag limit. It returns every column (for the events) and `inserted`: `xmax = 0` is true only
 * for rows this statement inserted. Rows go in id order so concurrent batches lock in the same order.
 */
function upsertStatement(mode: MergeMode): string {
  return `
WITH incoming AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    id uuid, workspace_id uuid, email text, first_name text, last_name text, company text, title text,
    phone text, website text, source_url text, collected_at timestamptz, verification_status text,
    tags jsonb, custom_fields jsonb)
)
INSERT INTO clients AS c (id, workspace_id, email, first_name, last_name, company, title, phone, website,
  source_url, collected_at, verification_status, tags, custom_fields, created_at, updated_at)
SELECT i.id, i.workspace_id, i.email, i.first_name, i.last_name, i.company, i.title, i.phone, i.website,
  i.source_url, i.collected_at, COALESCE(i.verification_status, 'unverified'),
  ARRAY(SELECT t.tag FROM jsonb_array_elements_text(i.tags) WITH ORDINALITY AS t(tag, n) ORDER BY t.n),
  i.custom_fields, $2::timestamptz, $2::timestamptz
FROM incoming i
ORDER BY i.id
ON CONFLICT (workspace_id, email) DO UPDATE SET
  ${mergeAssignments(mode).join(',\n  ')},
  tags = ARRAY(
    SELECT u.tag FROM unnest(c.tags || EXCLUDED.tags) WITH ORDINALITY AS u(tag, n)
    GROUP BY u.tag ORDER BY min(u.n) LIMIT $3),
  updated_at = EXCLUDED.updated_at
RETURNING c.*, (c.xmax = 0) AS inserted`;
}

export const upsertStatements: Record<MergeMode, string> = {
  overwrite: upsertStatement('overwrite'),
  fillEmpty: upsertStatement('fillEmpty'),
};

/** The parameters of `upsertStatements[mode]`. */
export function upsertParameters(drafts: readonly ShardDraft[], now: Date): unknown[] {
  const rows = drafts.map(({ id, workspaceId, input }) => ({
    id,
    workspace_id: workspaceId,
    email: input.email,
    first_name: input.firstName,
    last_name: input.lastName,
    company: input.company,
    title: input.title,
    phone: input.phone,
    website: input.website,
    source_url: input.sourceUrl,
    collected_at: input.collectedAt?.toISOString() ?? null,
    verification_status: input.verificationStatus ?? null,
    tags: input.tags,
    custom_fields: input.customFields,
  }));
  return [JSON.stringify(rows), now.toISOString(), limits.tags];
}
