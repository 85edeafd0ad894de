/**
 * The shape of one API endpoint and the one function that registers endpoints with Express. Every
 * endpoint is declared once, as an `Endpoint` in its area's routes file (server/http/routes/*.ts,
 * server/http/tus.ts); server/http/endpoints.ts concatenates them into ENDPOINTS, from which the app
 * registers its routes, the OpenAPI document is generated and the isolation matrix is checked.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { ResponseContractError } from '../errors.ts';
import type { Config } from '../config.ts';
import type { Role } from '../domain.ts';
import type { Logger } from '../log.ts';
import type { Services } from '../services/index.ts';
import type { Principal } from '../services/auth.ts';
import { caller, callerWith } from './middleware.ts';
import { invalid } from './validate.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';
/** Who may call an endpoint: a role, or 'anonymous' for public endpoints. */
export type Caller = 'anonymous' | Role;

/** What one running app gives its handlers. */
export interface Deps {
  s: Services;
  config: Readonly<Config>;
  log: Logger;
  health: Health;
  /** The OpenAPI document, generated once from the table. */
  openApi: Record<string, unknown>;
}

export interface Health {
  ffmpeg: string;
  classifier: 'yamnet' | 'off';
  classifierReason?: string;
}

/** A handler's answer: the JSON body (sent with the endpoint's `ok` status), or one of these. */
export const NO_CONTENT = Symbol('204 No Content');
/** The handler wrote the response itself: a file, a stream, an export, tus. */
export const SENT = Symbol('response sent by the handler');
type Answer<O> = O | typeof NO_CONTENT | typeof SENT;

type Opt<T extends z.ZodType | undefined, D = undefined> = T extends z.ZodType ? z.output<T> : D;

export interface Ctx<R extends readonly Caller[], B, Q> {
  req: Request;
  res: Response;
  d: Deps;
  /** The caller; it has one of the endpoint's roles (checked before the handler runs). */
  p: 'anonymous' extends R[number] ? Principal | undefined : Principal;
  /** Path parameters (`{id}` in the path is `params.id`). */
  params: Record<string, string>;
  query: Q;
  body: B;
}

/** One endpoint as its routes file declares it; `endpoint()` infers the types. */
export interface EndpointDef<
  R extends readonly Caller[],
  B extends z.ZodType | undefined,
  Q extends z.ZodObject | undefined,
  O extends z.ZodType | undefined,
> {
  method: Method;
  /** Full path, OpenAPI style: `/api/recordings/{id}`. */
  path: string;
  summary: string;
  tag: string;
  roles: R;
  /** The success status. */
  ok: number;
  /** JSON request body. */
  body?: B;
  /** Query-string parameters (strings on the wire: use z.coerce for numbers); `.describe()` documents each. */
  query?: Q;
  /**
   * For endpoints on a resource the caller may not know exists: throws that resource's 404 for
   * such callers. Runs before an invalid body or query is refused, so a bad request reveals nothing
   * (a valid one is refused by the handler's service call, with the same 404).
   */
  known?: (ctx: Ctx<R, undefined, undefined>) => Promise<void>;
  /** The JSON the success status carries. Checked against every answer when CHECK_RESPONSES is on. */
  response?: O;
  /** Content types of a response that is not a JSON document of `response` (audio, exports, SSE). */
  produces?: string[];
  /** Content types of a request body that is not JSON (multipart uploads, tus chunks); for the document. */
  consumes?: string[];
  /**
   * Reads the request body itself (tus; its own JSON parser in `use`, as organisation settings do for
   * their larger limit): mounted before the usual JSON body parser.
   */
  rawBody?: true;
  /** Served outside the /api router: no origin check, no authentication (health, this document). */
  mount?: 'app';
  /**
   * Registered on the app ahead of every other route, with the /api guards and JSON body parser
   * as part of the route: the calls every open editor and page makes all day (draft saves, heard
   * reports, claims, polls). Express tries routes in order, so these skip the walk past the rest
   * and the nested /api router. Only for a path no other endpoint of the same method can match.
   */
  hot?: true;
  /** Express middleware before the handler (rate limits, idle timeouts); made once per app. */
  use?: (d: Deps) => RequestHandler[];
  handler: (ctx: Ctx<R, Opt<B>, Opt<Q, Record<string, never>>>) => Promise<Answer<Opt<O, never>>>;
}

/** An endpoint of the table, its types erased. */
export interface Endpoint {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  roles: readonly Caller[];
  ok: number;
  body?: z.ZodType;
  query?: z.ZodObject;
  known?: (ctx: Ctx<readonly Caller[], undefined, undefined>) => Promise<void>;
  response?: z.ZodType;
  produces?: string[];
  consumes?: string[];
  rawBody?: true;
  mount?: 'app';
  hot?: true;
  use?: (d: Deps) => RequestHandler[];
  handler: (ctx: Ctx<readonly Caller[], unknown, unknown>) => Promise<unknown>;
}

/** Declares an endpoint; the handler's `p`, `body`, `query` and answer get their types from it. */
export function endpoint<
  const R extends readonly Caller[],
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  O extends z.ZodType | undefined = undefined,
>(e: EndpointDef<R, B, Q, O>): Endpoint {
  // Sound: the registrar hands the handler exactly what `e` declares (the parsed body of `e.body`, …).
  return e as unknown as Endpoint;
}

/** A value made once per running app (a tus server, a limiter shared by several endpoints). */
export function perApp<T>(make: (d: Deps) => T): (d: Deps) => T {
  const made = new WeakMap<Deps, T>();
  return (d) => {
    let v = made.get(d);
    if (v === undefined) made.set(d, (v = make(d)));
    return v;
  };
}

const expressPath = (p: string) => p.replace(/\{(\w+)\}/g, ':$1');

function roleCheck(req: Request, roles: readonly Caller[]): Principal | undefined {
  if (roles.includes('anonymous')) return req.principal;
  const only = roles.filter((r): r is Role => r !== 'anonymous');
  // Every role: any signed-in caller (401 when anonymous); fewer: 404 for the others, as callerWith says.
  return only.length === 4 ? caller(req) : callerWith(req, ...only);
}

/**
 * Makes zod build a schema's parsers now instead of at its first request: zod compiles each object
 * schema's parser the first time it meets an object (a few ms each, ~12 ms for a draft save's body
 * on a cold process), which the first callers after a start would wait for. Parsing `{}` is enough:
 * it fails, and leaves the parser built.
 */
function compileSchema(schema: z.core.$ZodType, seen = new Set<z.core.$ZodType>()): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = schema._zod.def as z.core.$ZodTypeDef & Partial<Record<string, unknown>>;
  const inner = (v: unknown) => {
    if (v && typeof v === 'object' && '_zod' in v) compileSchema(v as z.core.$ZodType, seen);
  };
  if (def.type === 'object') {
    z.core.safeParse(schema, {});
    Object.values(def.shape as Record<string, unknown>).forEach(inner);
  }
  for (const key of ['element', 'innerType', 'in', 'out', 'left', 'right', 'valueType', 'rest'])
    inner(def[key]);
  for (const key of ['options', 'items']) if (Array.isArray(def[key])) def[key].forEach(inner);
}

/** The Express handler of one endpoint: roles, then query and body, then the handler and its answer. */
function handlerOf(e: Endpoint, d: Deps): RequestHandler {
  if (e.body) compileSchema(e.body);
  if (e.query) compileSchema(e.query);
  const name = `${e.method.toUpperCase()} ${e.path}`;
  return async (req, res) => {
    const p = roleCheck(req, e.roles);
    const ctx: Ctx<readonly Caller[], unknown, unknown> = {
      req,
      res,
      d,
      p: p as Principal,
      params: req.params as Record<string, string>,
      query: {},
      body: undefined,
    };
    const valid = async <S extends z.ZodType>(schema: S, data: unknown, what: string) => {
      const r = schema.safeParse(data);
      if (r.success) return r.data as z.infer<S>;
      // A 404 for what the caller may not see comes before a 400 on what it sent.
      if (e.known) await e.known({ ...ctx, query: undefined, body: undefined });
      throw invalid(r.error, what);
    };
    if (e.query) ctx.query = await valid(e.query, req.query, 'query');
    if (e.body) ctx.body = await valid(e.body, req.body, 'request body');
    const answer = await e.handler(ctx);
    if (answer === SENT) return;
    if (answer === NO_CONTENT) {
      res.status(204).end();
      return;
    }
    if (d.config.checkResponses && e.response) {
      // What the client receives: undefined fields dropped, dates as strings.
      const wire: unknown = JSON.parse(JSON.stringify(answer) ?? 'null');
      const r = e.response.safeParse(wire);
      if (!r.success) {
        const fields = r.error.issues.slice(0, 20).map((i) => ({
          field: i.path.map(String).join('.') || '(body)',
          problem: i.message,
        }));
        const message = `${name} answered JSON that its response schema refuses: ${fields
          .map((f) => `${f.field}: ${f.problem}`)
          .join('; ')}.`;
        // Loud on purpose: test servers log nothing, and a test may only look at the status.
        d.log.error({ reqId: req.reqId, fields }, message);
        process.stderr.write(`\n${message}\n`);
        throw new ResponseContractError(message, { fields });
      }
    }
    res.status(e.ok).json(answer);
  };
}

/**
 * Registers the endpoints mounted on `router`:
 * - `hot`: the hot /api endpoints, on the app itself ahead of everything else, with their full
 *   paths; `before` (the /api router's guards and JSON parser) runs as part of each route;
 * - `app`: the endpoints outside /api;
 * - `api`: the other /api endpoints on the /api router (`prefix` cut from their paths): those that
 *   read their own request stream first, then `beforeJsonBody`, then the rest.
 */
export function registerEndpoints(
  router: Router,
  where:
    | { mount: 'hot'; before: RequestHandler[] }
    | { mount: 'app' }
    | { mount: 'api'; prefix: '/api'; beforeJsonBody: RequestHandler },
  endpoints: readonly Endpoint[],
  d: Deps,
): void {
  const add = (e: Endpoint, path: string, before: RequestHandler[] = []) =>
    router[e.method](expressPath(path), ...before, ...(e.use?.(d) ?? []), handlerOf(e, d));
  const api = (e: Endpoint) => (e.mount ?? 'api') === 'api';
  const hot = (e: Endpoint) => api(e) && e.hot === true && !e.rawBody;
  if (where.mount === 'hot') {
    for (const e of endpoints) if (hot(e)) add(e, e.path, where.before);
    return;
  }
  if (where.mount === 'app') {
    for (const e of endpoints) if (!api(e)) add(e, e.path);
    return;
  }
  const mine = endpoints.filter((e) => api(e) && !hot(e));
  const path = (e: Endpoint) => e.path.slice(where.prefix.length);
  mine.filter((e) => e.rawBody).forEach((e) => add(e, path(e)));
  router.use(where.beforeJsonBody);
  mine.filter((e) => !e.rawBody).forEach((e) => add(e, path(e)));
}
