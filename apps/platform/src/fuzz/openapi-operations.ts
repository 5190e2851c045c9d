/** A JSON Schema as the OpenAPI document gives it, with `$ref`s already followed. */
export type JsonSchema = { [keyword: string]: unknown };

export interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One method on one path of the OpenAPI document: what the fuzzer generates requests for. */
export interface Operation {
  method: string;
  /** The documented template, e.g. `/api/campaigns/{id}/steps/{stepId}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  headerParams: Parameter[];
  /** Documented request bodies by media type; empty when the operation takes none. */
  bodies: Record<string, JsonSchema>;
  /** Whether it wants an API key (a `security` requirement). */
  authenticated: boolean;
}

interface RawParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface RawOperation {
  parameters?: RawParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: unknown[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const methods = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** Every operation of an OpenAPI 3.1 document, with its schemas' local `$ref`s resolved. */
export function readOperations(document: unknown): Operation[] {
  const doc = document as OpenApiDocument;
  const components = doc.components?.schemas ?? {};
  const resolve = (schema: unknown, seen: readonly string[] = []): JsonSchema => {
    if (Array.isArray(schema)) return schema.map((item) => resolve(item, seen)) as unknown as JsonSchema;
    if (!schema || typeof schema !== 'object') return schema as JsonSchema;
    const ref = (schema as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const name = ref.replace(/^#\/components\/schemas\//, '');
      const target = components[name];
      if (!target) throw new Error(`the OpenAPI document has no schema ${ref}`);
      // A recursive schema stops at its second appearance (an empty schema: anything goes).
      return seen.includes(name) ? {} : resolve(target, [...seen, name]);
    }
    return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, resolve(value, seen)]));
  };

  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!methods.has(method)) continue;
      const parameters = (raw.parameters ?? []).map((parameter) => ({
        in: parameter.in,
        name: parameter.name,
        required: parameter.required ?? parameter.in === 'path',
        schema: resolve(parameter.schema ?? {}),
      }));
      const select = (where: string) =>
        parameters.filter((parameter) => parameter.in === where).map(({ in: _in, ...rest }) => rest);
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: select('path'),
        queryParams: select('query'),
        headerParams: select('header'),
        bodies: Object.fromEntries(
          Object.entries(raw.requestBody?.content ?? {}).map(([type, media]) => [
            type,
            resolve(media.schema ?? {}),
          ]),
        ),
        authenticated: (raw.security ?? []).length > 0,
      });
    }
  }
  return operations;
}
