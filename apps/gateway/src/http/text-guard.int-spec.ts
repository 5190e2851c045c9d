// The edge's text check, route by route: every operation of the OpenAPI document (which
// openapi.int-spec.ts holds to the app's full route list) gets a NUL in each of its path parameters,
// query parameters and JSON body strings, and must answer 400 naming exactly that field, with nothing
// changed. No Campaign or Email service runs behind this gateway: a request that got past the edge
// would answer 503, not 400.
import { startGatewayHarness, type GatewayHarness, type Tenant } from '../test/gateway-harness';

interface Parameter {
  name: string;
  in: string;
  schema?: JsonSchema;
}
interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  maxLength?: number;
  enum?: unknown[];
  format?: string;
  pattern?: string;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

let h: GatewayHarness;
let spec: OpenApi;
let tenant: Tenant;
beforeAll(async () => {
  h = await startGatewayHarness();
  spec = (await h.call('GET', '/openapi.json', { key: null })).json<OpenApi>();
  tenant = await h.tenant('text guard');
}, 60_000);
afterAll(() => h?.close());

const someId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const nul = 'a\u0000b';
const nulMessage = 'must not contain NUL characters (U+0000)';

function operations() {
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const found = spec.components.schemas[name];
  if (!found) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(found);
}

const isString = (schema: JsonSchema) =>
  schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'));

/** Every string inside a JSON body schema, as [field path, a body holding `value` there only]. */
function stringFields(schema: JsonSchema, path: string[] = []): { path: string[]; field: string }[] {
  const resolved = resolve(schema);
  const found: { path: string[]; field: string }[] = [];
  if (isString(resolved) && path.length > 0) found.push({ path, field: fieldName(path) });
  for (const [name, property] of Object.entries(resolved.properties ?? {}))
    found.push(...stringFields(property, [...path, name]));
  if (resolved.items) found.push(...stringFields(resolved.items, [...path, '0']));
  if (typeof resolved.additionalProperties === 'object')
    found.push(...stringFields(resolved.additionalProperties, [...path, 'plan']));
  return found;
}

function fieldName(path: string[]): string {
  return path.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : `${name}.${part}`), 'body');
}

function bodyWith(path: string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const inner = bodyWith(rest, value);
  return /^\d+$/.test(head) ? [inner] : { [head]: inner };
}

function urlOf(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? someId);
}

async function expectRefused(method: string, url: string, field: string, body?: unknown) {
  const response = await h.call(method, url, {
    key: tenant.key,
    ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
  });
  const answer = { route: `${method} ${url}`, status: response.statusCode, body: response.json() };
  expect(answer).toMatchObject({
    status: 400,
    body: {
      type: 'urn:coldreach:problem:validation',
      errors: expect.arrayContaining([{ field, message: expect.any(String) }]),
    },
  });
  expect(response.headers['content-type']).toContain('application/problem+json');
}

describe('every string a route reads is checked at the edge', () => {
  it('covers the whole API', () => {
    expect(operations().length).toBeGreaterThan(40);
  });

  it('refuses a NUL in every path parameter', async () => {
    let tried = 0;
    for (const { method, path, operation } of operations()) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'path') continue;
        tried++;
        await expectRefused(method, urlOf(path, { [parameter.name]: 'a%00b' }), `params.${parameter.name}`);
      }
    }
    expect(tried).toBeGreaterThan(25);
  }, 120_000);

  it('refuses a NUL in every query parameter', async () => {
    let tried = 0;
    for (const { method, path, operation } of operations()) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'query') continue;
        tried++;
        await expectRefused(method, `${urlOf(path)}?${parameter.name}=a%00b`, `query.${parameter.name}`);
      }
    }
    expect(tried).toBeGreaterThan(20);
  }, 120_000);

  it('refuses a NUL and a lone surrogate in every string of every JSON body', async () => {
    let tried = 0;
    for (const { method, path, operation } of operations()) {
      const schema = operation.requestBody?.content['application/json']?.schema;
      if (!schema) continue;
      for (const field of stringFields(schema)) {
        tried++;
        await expectRefused(method, urlOf(path), field.field, bodyWith(field.path, nul));
        // JSON.stringify would escape a lone surrogate as "\ud800"; the parser turns it back into one.
        await expectRefused(method, urlOf(path), field.field, JSON.stringify(bodyWith(field.path, '\ud800')));
      }
    }
    expect(tried).toBeGreaterThan(40);
  }, 300_000);

  it('names the object of a bad key and a bad header, and answers in problem+json', async () => {
    const response = await h.call('POST', '/api/leads', {
      key: tenant.key,
      body: { email: 'a@example.com', customFields: { 'plan\u0000': 'pro' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'body.customFields', message: `has a key that ${nulMessage}` },
    ]);
    const header = await h.call('GET', '/api/leads', { key: tenant.key, headers: { 'x-note': nul } });
    expect(header.statusCode).toBe(400);
    expect(header.json().errors).toEqual([{ field: 'headers.x-note', message: nulMessage }]);
  });

  it('answers the unsubscribe routes (no key) and the import query the same way', async () => {
    for (const method of ['GET', 'POST']) {
      const response = await h.call(method, '/unsubscribe/a%00b', { key: null });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'params.token', message: nulMessage }]);
    }
    const response = await h.call('POST', '/api/leads/import?tags=a%00b', {
      key: tenant.key,
      body: 'email\nx@example.com\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'query.tags', message: nulMessage }]);
  });

  it('changed nothing', async () => {
    expect(await h.countLeads(tenant.workspaceId)).toBe(0);
  });
});

describe('every string input has a length bound in the contract', () => {
  it('lists no unbounded string in a query or a JSON body', () => {
    const unbounded: string[] = [];
    const bounded = (schema: JsonSchema) =>
      schema.maxLength !== undefined ||
      schema.enum !== undefined ||
      ['uuid', 'date-time', 'binary'].includes(schema.format ?? '');
    for (const { method, path, operation } of operations()) {
      for (const parameter of operation.parameters ?? []) {
        // Path parameters are bounded by the router (maxParamLength) and checked by each route.
        if (parameter.in !== 'query' || !parameter.schema) continue;
        if (isString(parameter.schema) && !bounded(parameter.schema))
          unbounded.push(`${method} ${path} query.${parameter.name}`);
      }
      const schema = operation.requestBody?.content['application/json']?.schema;
      for (const field of schema ? stringFields(schema) : []) {
        const leaf = field.path.reduce<JsonSchema | undefined>((at, part) => {
          if (!at) return undefined;
          const here = resolve(at);
          if (/^\d+$/.test(part)) return here.items;
          if (part === 'plan' && typeof here.additionalProperties === 'object' && !here.properties?.plan)
            return here.additionalProperties;
          return here.properties?.[part];
        }, schema);
        if (leaf && !bounded(resolve(leaf))) unbounded.push(`${method} ${path} ${field.field}`);
      }
    }
    expect(unbounded).toEqual([]);
  });
});
