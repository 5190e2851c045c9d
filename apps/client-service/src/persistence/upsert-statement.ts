import type { UpsertDraft } from '../domain/client-store';

/**
 * One statement that inserts every draft of a shard or merges it into the existing row with the same
 * (workspace_id, email). The merge expressions implement `mergeClientInputs` in SQL. The drafts travel
 * as one jsonb parameter ($1); the verification status is read back from that input because EXCLUDED
 * only holds the defaulted value, not whether the caller specified one. It returns every column
 * (for the events) and `inserted`: `xmax = 0` is true only for rows this statement inserted. Rows go in id order so concurrent batches lock in the same order.
 */
export const upsertStatement = `
WITH incoming AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    id uuid, email text, first_name text, last_name text, company text, title text, phone text,
    website text, source_url text, collected_at timestamptz, verification_status text,
    tags jsonb, custom_fields jsonb)
)
INSERT INTO clients AS c (id, workspace_id, email, first_name, last_name, company, title, phone, website,
  source_url, collected_at, verification_status, tags, custom_fields, created_at, updated_at)
SELECT i.id, $2::uuid, i.email, i.first_name, i.last_name, i.company, i.title, i.phone, i.website,
  i.source_url, i.collected_at, COALESCE(i.verification_status, 'unverified'),
  ARRAY(SELECT t.tag FROM jsonb_array_elements_text(i.tags) WITH ORDINALITY AS t(tag, n) ORDER BY t.n),
  i.custom_fields, $3::timestamptz, $3::timestamptz
FROM incoming i
ORDER BY i.id
ON CONFLICT (workspace_id, email) DO UPDATE SET
  first_name = CASE WHEN EXCLUDED.first_name <> '' THEN EXCLUDED.first_name ELSE c.first_name END,
  last_name = CASE WHEN EXCLUDED.last_name <> '' THEN EXCLUDED.last_name ELSE c.last_name END,
  company = CASE WHEN EXCLUDED.company <> '' THEN EXCLUDED.company ELSE c.company END,
  title = CASE WHEN EXCLUDED.title <> '' THEN EXCLUDED.title ELSE c.title END,
  phone = CASE WHEN EXCLUDED.phone <> '' THEN EXCLUDED.phone ELSE c.phone END,
  website = CASE WHEN EXCLUDED.website <> '' THEN EXCLUDED.website ELSE c.website END,
  source_url = CASE WHEN EXCLUDED.source_url <> '' THEN EXCLUDED.source_url ELSE c.source_url END,
  collected_at = COALESCE(EXCLUDED.collected_at, c.collected_at),
  verification_status = COALESCE(
    (SELECT i.verification_status FROM incoming i WHERE i.id = EXCLUDED.id), c.verification_status),
  tags = ARRAY(
    SELECT u.tag FROM unnest(c.tags || EXCLUDED.tags) WITH ORDINALITY AS u(tag, n)
    GROUP BY u.tag ORDER BY min(u.n) LIMIT $4),
  custom_fields = c.custom_fields || EXCLUDED.custom_fields,
  updated_at = EXCLUDED.updated_at
RETURNING c.*, (c.xmax = 0) AS inserted`;

/** The jsonb rows `upsertStatement` reads as its first parameter. */
export function upsertRows(drafts: readonly UpsertDraft[]): string {
  return JSON.stringify(
    drafts.map(({ id, input }) => ({
      id,
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
    })),
  );
}
