import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { problemContentType } from './problem';
import { problemResponse } from '../schemas/problem-schema';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's problem responses, for the OpenAPI document only (see below). */
    problemDocs?: Record<string, unknown>;
  }
}

type Responses = Record<string, { content?: Record<string, unknown>; description?: string } | undefined>;

/**
 * Every problem goes out pre-serialised (`sendProblem`), so Fastify needs no serializer for the
 * problem responses routes declare; building one per route and status was most of the start-up
 * time. They are moved from the route schema to `config.problemDocs`, and `withProblemDocs` puts
 * them back into the OpenAPI document. Must be registered before the routes.
 */
export function registerProblemDocs(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const response = route.schema?.response as Responses | undefined;
    if (!response) return;
    const problems = Object.entries(response).filter(([, entry]) => entry?.content?.[problemContentType]);
    if (problems.length === 0) return;
    route.schema = {
      ...route.schema,
      response: Object.fromEntries(
        Object.entries(response).filter(([, entry]) => !entry?.content?.[problemContentType]),
      ),
    };
    route.config = {
      ...route.config,
      problemDocs: { ...route.config?.problemDocs, ...Object.fromEntries(problems) },
    };
  });
}

/** Documents one more problem answer of a route (appending to what the route says about that status). */
export function documentProblem(route: RouteOptions, status: number, description: string): void {
  const existing = (route.config?.problemDocs?.[status] as { description?: string } | undefined)?.description;
  route.config = {
    ...route.config,
    problemDocs: {
      ...route.config?.problemDocs,
      [status]: problemResponse(existing ? `${existing} Or: ${lowerFirst(description)}` : description),
    },
  };
}

/** The schema as documented: its own responses and its problem responses. */
export function withProblemDocs(schema: FastifySchema, route: RouteOptions): FastifySchema {
  const problems = route.config?.problemDocs;
  if (!schema || !problems) return schema;
  return { ...schema, response: { ...(schema.response as object | undefined), ...problems } };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
