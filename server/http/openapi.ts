/**
 * The OpenAPI 3.1 document of every endpoint, served at /api/openapi.json: generated from the
 * endpoint table (endpoints.ts), its schemas from the endpoints' zod schemas (z.toJSONSchema).
 */
import { z } from 'zod';
import type { Endpoint } from './contract.ts';
import { errorBody } from './schemas.ts';

export { ENDPOINTS } from './endpoints.ts';

type JsonSchema = Record<string, unknown>;

/** Requests are documented as sent (before transforms and defaults), responses as received. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const errorSchema = jsonSchema(errorBody, 'output');
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function queryParameters(query: z.ZodObject): JsonSchema[] {
  return Object.entries(query.shape).map(([name, field]) => {
    const f = field as z.ZodType;
    const { description, ...schema } = jsonSchema(f, 'input');
    // A parameter with a default may be left out, though its parsed value is always there.
    const required = !f.safeParse(undefined).success;
    return { name, in: 'query', required, ...(description ? { description } : {}), schema };
  });
}

function success(e: Endpoint): JsonSchema {
  const content: Record<string, unknown> = {};
  if (e.response) content['application/json'] = { schema: jsonSchema(e.response, 'output') };
  for (const type of e.produces ?? []) content[type] = {};
  return { description: 'Success', ...(Object.keys(content).length ? { content } : {}) };
}

export function openApiDocument(endpoints: readonly Endpoint[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const params: JsonSchema[] = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (e.query) params.push(...queryParameters(e.query));
    const responses: Record<string, unknown> = { [String(e.ok)]: success(e) };
    if (!e.roles.includes('anonymous')) responses['401'] = errorResponse('Not signed in');
    responses['404'] = errorResponse('Not found or not visible to the caller');
    if (!['get', 'head', 'options'].includes(e.method))
      responses['403'] = errorResponse(
        "Sent from another site's page (`forbidden_origin`): see the origin rule",
      );
    if (e.body || e.query) responses['400'] = errorResponse('Validation failed');
    (paths[e.path] ??= {})[e.method] = {
      summary: e.summary,
      tags: [e.tag],
      'x-roles': e.roles,
      ...(params.length ? { parameters: params } : {}),
      ...(e.body
        ? {
            requestBody: {
              // A body that may be left out altogether (a plain claim) is optional.
              required: !e.body.safeParse(undefined).success,
              content: { 'application/json': { schema: jsonSchema(e.body, 'input') } },
            },
          }
        : e.consumes
          ? { requestBody: { required: true, content: Object.fromEntries(e.consumes.map((t) => [t, {}])) } }
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

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
