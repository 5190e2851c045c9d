import fc from 'fast-check';
import { hostileString } from './hostile-values';
import { createValueContext, idArbitrary, resourceKindOf, type FuzzTargets } from './fuzz-targets';
import { importBodyArbitrary, type GeneratedBody } from './import-body-arbitrary';
import { jsonBodyArbitrary, unexpectedBody } from './json-body-arbitrary';
import type { Operation, Parameter } from './openapi-operations';
import { percentEncode } from './percent-encode';
import { fieldArbitrary, type ValueContext } from './schema-arbitrary';

/** One generated HTTP request, ready to send and to print as a reproduction. */
export interface FuzzRequest {
  /** The operation it was generated for, e.g. `POST /api/campaigns/{id}/steps`. */
  operation: string;
  method: string;
  /** Path and query string, percent-encoded (or deliberately not). */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** A path parameter is another workspace's real id: the answer must not be a success. */
  foreignId: boolean;
  /** Generated to be refused (hostile values) rather than to fit the contract. */
  hostile: boolean;
}

export interface RequestOptions {
  /** The gateway's JSON body limit (1 MiB by default). */
  bodyLimitBytes: number;
}

/** Segments a router or a decoder may choke on, sent without further encoding. */
const rawHostileSegment = fc.constantFrom(
  '%',
  '%zz',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%C0%AE',
  '..',
  '%2e%2e',
  '%2F',
  '%252F',
  '%E2%80%AE',
  'x'.repeat(5_000),
);

/** Idempotency-Key values: absent mostly, fresh, reused (replays and conflicts), or malformed. */
function idempotencyKey(hostile: boolean): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 12 },
    { arbitrary: fc.uuid(), weight: 4 },
    { arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2'), weight: 2 },
    // Header values are Latin-1 on the wire; the client refuses anything else.
    {
      arbitrary: fc.constantFrom(
        '',
        ' ',
        'a'.repeat(256),
        'a'.repeat(5_000),
        'k\u00ff\u00fe',
        'two words',
        '\t',
      ),
      weight: hostile ? 4 : 0,
    },
  );
}

function authorization(targets: FuzzTargets, hostile: boolean): fc.Arbitrary<string | undefined> {
  const own = `Bearer ${targets.own.key}`;
  if (!hostile) return fc.constant(own);
  return fc.oneof(
    { arbitrary: fc.constant(own), weight: 10 },
    { arbitrary: fc.constant(undefined), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        'Bearer ',
        'Bearer crk_not-a-key',
        `bearer ${targets.own.key}`,
        `Bearer ${targets.own.key}x`,
        'Basic YTpi',
        `Bearer ${targets.own.key}, Bearer x`,
      ),
      weight: 1,
    },
  );
}

function pathParamArbitrary(
  operation: Operation,
  parameter: Parameter,
  targets: FuzzTargets,
  hostile: boolean,
) {
  const kind = resourceKindOf(parameter.name, operation.path);
  const real = kind
    ? idArbitrary(targets, kind, { deleting: operation.method === 'DELETE' }).map(({ id, foreign }) => ({
        segment: percentEncode(id),
        foreign,
      }))
    : fc.uuid().map((id) => ({ segment: id, foreign: false }));
  if (!hostile) return real;
  return fc.oneof(
    { arbitrary: real, weight: 6 },
    { arbitrary: rawHostileSegment.map((segment) => ({ segment, foreign: false })), weight: 2 },
    { arbitrary: hostileString.map((text) => ({ segment: percentEncode(text), foreign: false })), weight: 2 },
  );
}

/** A query string value as a client would write it: scalars as text, arrays comma-separated. */
function queryText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(queryText).join(',');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function queryArbitrary(operation: Operation, context: ValueContext): fc.Arbitrary<string> {
  // A cursor cannot be made up: a fitting request leaves it out.
  const parameters = operation.queryParams.filter(
    (parameter) => context.hostile || parameter.name !== 'cursor',
  );
  const pairs = parameters.map((parameter) => {
    const value = fieldArbitrary(parameter.schema, parameter.name, context).map((v) =>
      percentEncode(queryText(v)),
    );
    const pair = (
      context.hostile
        ? fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: rawHostileSegment, weight: 1 })
        : value
    ).map((text): string | undefined => `${parameter.name}=${text}`);
    return parameter.required
      ? pair
      : fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: pair, weight: 1 });
  });
  const extra = context.hostile
    ? fc.option(
        fc.oneof(
          fc.constantFrom(
            'unknown=1',
            'limit=1&limit=2',
            'limit[]=1',
            '__proto__=x',
            '=',
            '&&',
            'q',
            `api_key=crk_${'A'.repeat(43)}`,
          ),
          hostileString.map((text) => `${percentEncode(text)}=${percentEncode(text)}`),
        ),
        { nil: undefined, freq: 3 },
      )
    : fc.constant(undefined);
  return fc.tuple(fc.tuple(...pairs), extra).map(([chosen, more]) => {
    const parts = [...chosen, more].filter((part): part is string => part !== undefined);
    return parts.length > 0 ? `?${parts.join('&')}` : '';
  });
}

/** Requests for one operation of the OpenAPI document: fitting ones, or hostile ones. */
export function requestArbitrary(
  operation: Operation,
  targets: FuzzTargets,
  options: RequestOptions & { hostile: boolean },
): fc.Arbitrary<FuzzRequest> {
  const { hostile } = options;
  const context = createValueContext(targets, options.bodyLimitBytes, hostile);
  const params = fc.tuple(
    ...operation.pathParams.map((parameter) => pathParamArbitrary(operation, parameter, targets, hostile)),
  );
  const bodyTypes = Object.keys(operation.bodies);
  const body: fc.Arbitrary<GeneratedBody | undefined> =
    bodyTypes.length === 0
      ? hostile
        ? unexpectedBody
        : fc.constant(undefined)
      : bodyTypes.some((type) => type === 'text/csv' || type.startsWith('multipart/'))
        ? importBodyArbitrary
        : jsonBodyArbitrary(operation.bodies['application/json'] ?? {}, context);
  const auth = authorization(targets, hostile);
  const takesIdempotencyKey = operation.headerParams.some(
    (header) => header.name.toLowerCase() === 'idempotency-key',
  );
  const accept = hostile
    ? fc.constantFrom(
        undefined,
        undefined,
        'application/json',
        'text/html',
        '*/*',
        'application/problem+json',
      )
    : fc.constant(undefined);
  return fc
    .record({
      params,
      query: queryArbitrary(operation, context),
      body,
      authorization: operation.authenticated ? auth : fc.option(auth, { freq: 2, nil: undefined }),
      idempotencyKey: takesIdempotencyKey ? idempotencyKey(hostile) : fc.constant(undefined),
      accept,
    })
    .map(
      ({
        params: values,
        query,
        body: generated,
        authorization: key,
        idempotencyKey: idempotency,
        accept: wanted,
      }) => {
        let path = operation.path;
        operation.pathParams.forEach((parameter, index) => {
          path = path.replace(`{${parameter.name}}`, values[index]?.segment ?? '');
        });
        const headers: Record<string, string> = {};
        if (key !== undefined) headers.authorization = key;
        if (idempotency !== undefined) headers['idempotency-key'] = idempotency;
        if (wanted !== undefined) headers.accept = wanted;
        if (generated?.contentType !== undefined) headers['content-type'] = generated.contentType;
        return {
          operation: `${operation.method} ${operation.path}`,
          method: operation.method,
          path: `${path}${query}`,
          headers,
          body: generated?.body,
          foreignId: values.some((value) => value.foreign),
          hostile,
        };
      },
    );
}

/**
 * Requests for every operation, each equally likely; for each, fitting requests (which get past
 * validation and exercise the services) somewhat more often than hostile ones.
 */
export function requestsArbitrary(
  operations: Operation[],
  targets: FuzzTargets,
  options: RequestOptions,
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    ...operations.map((operation) =>
      fc.oneof(
        { arbitrary: requestArbitrary(operation, targets, { ...options, hostile: false }), weight: 3 },
        { arbitrary: requestArbitrary(operation, targets, { ...options, hostile: true }), weight: 2 },
      ),
    ),
  );
}
