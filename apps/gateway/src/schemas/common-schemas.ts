// Schema pieces every resource uses: id params, cursor pagination and timestamps.

/** Params naming resources by id; an id that is not a UUID answers 404 like a missing one. */
export function idParamsSchema(names: Record<string, string>) {
  return {
    type: 'object',
    required: Object.keys(names),
    properties: Object.fromEntries(
      Object.entries(names).map(([name, what]) => [
        name,
        { type: 'string', description: `The ${what}'s id (a UUID); anything else answers 404.` },
      ]),
    ),
  } as const;
}

/** `limit` and `cursor`, as every list takes them. */
export const pageQueryProperties = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size.' },
  cursor: {
    type: 'string',
    maxLength: 2048,
    description: 'nextCursor of the previous page, with the same filters.',
  },
} as const;

export interface PageQuery {
  limit: number;
  cursor?: string;
}

/** A page of `itemRef` items: `{ data, nextCursor }`. */
export function pageSchema(id: string, itemRef: string, order: string) {
  return {
    $id: id,
    type: 'object',
    required: ['data', 'nextCursor'],
    properties: {
      data: { type: 'array', items: { $ref: `${itemRef}#` }, description: order },
      nextCursor: { type: ['string', 'null'], description: 'null on the last page.' },
    },
  } as const;
}

export const timeProperty = { type: 'string', format: 'date-time' } as const;

export function nullableTime(description: string) {
  return { type: ['string', 'null'], format: 'date-time', description } as const;
}

export function nullableString(description: string) {
  return { type: ['string', 'null'], description } as const;
}

/** An optional RFC 3339 time in a request. */
export function requestTime(description: string) {
  return { type: 'string', format: 'date-time', description } as const;
}

/** A comma-separated list of enum names in a query. */
export function enumListQuery(pattern: string, description: string) {
  return { type: 'string', maxLength: 500, pattern, description } as const;
}

/** An id filter in a query. */
export function uuidQuery(description: string) {
  return { type: 'string', format: 'uuid', description } as const;
}

/** Every /api route takes the API key. */
export const apiSecurity = [{ bearerAuth: [] }];

/** The 204 of a DELETE. */
export const noContentResponse = { description: 'Deleted.', type: 'null' } as const;
