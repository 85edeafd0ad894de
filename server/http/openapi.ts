/**
 * The OpenAPI 3.1 document of every endpoint, served at /api/openapi.json. A test checks it against
 * the routes the app really registers, and the isolation matrix is generated from it.
 */
import { ENDPOINTS, S, str } from './endpoints.ts';

export { ENDPOINTS, type EndpointSpec } from './endpoints.ts';

const errorSchema = S({ error: S({ code: str, message: str, details: {} }, ['code', 'message']) }, ['error']);

export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of ENDPOINTS) {
    const params: Array<Record<string, unknown>> = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: str,
    }));
    for (const q of e.query ?? []) params.push({ ...q, in: 'query', required: q.required ?? false });
    const responses: Record<string, unknown> = { [String(e.ok)]: { description: 'Success' } };
    if (!e.roles.includes('anonymous'))
      responses['401'] = {
        description: 'Not signed in',
        content: { 'application/json': { schema: errorSchema } },
      };
    responses['404'] = {
      description: 'Not found or not visible to the caller',
      content: { 'application/json': { schema: errorSchema } },
    };
    if (!['get', 'head', 'options'].includes(e.method))
      responses['403'] = {
        description: "Sent from another site's page (`forbidden_origin`): see the origin rule",
        content: { 'application/json': { schema: errorSchema } },
      };
    if (e.body || e.query)
      responses['400'] = {
        description: 'Validation failed',
        content: { 'application/json': { schema: errorSchema } },
      };
    (paths[e.path] ??= {})[e.method] = {
      summary: e.summary,
      tags: [e.tag],
      'x-roles': e.roles,
      ...(params.length ? { parameters: params } : {}),
      ...(e.body
        ? {
            requestBody: {
              required: !e.bodyOptional,
              content: { 'application/json': { schema: e.body } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Notula API', version },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'notula_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: { Error: errorSchema },
    },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  };
}
