/**
 * Resumable uploads: a tus 1.0.0 server (the official @tus/server with its file store) at
 * /api/uploads. The upload id is the recording id, so `Notula-Recording-Id` and the upload URL
 * name the same thing. Partial uploads live on disk under DATA_DIR/uploads/tus and survive restarts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Server, EVENTS } from '@tus/server';
import { FileStore } from '@tus/file-store';
import type { Principal } from '../services/auth.ts';
import { AppError, ConflictError } from '../errors.ts';
import { newId } from '../ids.ts';
import { rateLimit } from './middleware.ts';
import { parseUploadMeta } from './routes/recordings.ts';
import { endpoint, perApp, SENT, type Ctx, type Deps, type Endpoint } from './contract.ts';
import { uploadIdle } from './timeouts.ts';

interface TusContext {
  principal: Principal;
  id: string;
}

/** srvx wraps Node's request; the original is reachable for our per-request context. */
interface WithNode {
  runtime?: { node?: { req: IncomingMessage; res: ServerResponse } };
}
const nodeOf = (req: globalThis.Request): { req: IncomingMessage; res: ServerResponse } | undefined =>
  (req as unknown as WithNode).runtime?.node;

interface TusThrown {
  status_code: number;
  body: string;
}

function errorBody(code: string, message: string, details?: unknown): string {
  return JSON.stringify({ error: { code, message, ...(details !== undefined ? { details } : {}) } });
}

function toTus(e: unknown): TusThrown {
  if (e instanceof AppError) return { status_code: e.status, body: errorBody(e.code, e.message, e.details) };
  return {
    status_code: 500,
    body: errorBody('internal_error', 'Something went wrong on our side while finishing the upload.'),
  };
}

export const TUS_CODES: Record<number, string> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  409: 'offset_conflict',
  410: 'gone',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media',
  460: 'checksum_mismatch',
};

/** The tus server of one running app, with the upload context its hooks read. */
const tusOf = perApp(({ s, config, log }: Deps) => {
  const opts = { maxUploadBytes: config.maxUploadBytes, trustProxy: config.trustProxy };
  const contexts = new WeakMap<IncomingMessage, TusContext>();
  const ctxOf = (req: globalThis.Request): TusContext => {
    const node = nodeOf(req);
    const ctx = node && contexts.get(node.req);
    if (!ctx) throw { status_code: 500, body: errorBody('internal_error', 'Upload context missing.') };
    return ctx;
  };

  const tus = new Server({
    path: '/api/uploads',
    datastore: new FileStore({ directory: s.uploads.tusDir }),
    maxSize: opts.maxUploadBytes,
    relativeLocation: true,
    respectForwardedHeaders: opts.trustProxy,
    exposedHeaders: ['Notula-Recording-Id'],
    // The web app is same-origin; without a list, tus answers `Access-Control-Allow-Origin: *`.
    allowedOrigins: [],
    namingFunction: (req) => ctxOf(req).id,
    // tus would find the id itself with a pattern over the whole URL, query included: it must act on
    // the id that was authorised, and nothing else about the URL may change which upload is touched.
    getFileIdFromRequest: (req) => ctxOf(req).id,
    async onIncomingRequest(req, id) {
      if (id !== ctxOf(req).id) throw { status_code: 404, body: errorBody('not_found', 'No such upload.') };
    },
    async onUploadCreate(req, upload) {
      const { principal, id } = ctxOf(req);
      try {
        const meta = parseUploadMeta(upload.metadata ?? {});
        const org = await s.recordings.uploadOrg(principal, meta.orgId);
        await s.recordings.create(principal, id, org, meta, upload.size ?? null);
      } catch (e) {
        throw toTus(e);
      }
      nodeOf(req)?.res.setHeader('Notula-Recording-Id', id);
      return { metadata: upload.metadata ?? {} };
    },
    async onUploadFinish(req, upload) {
      const { principal } = ctxOf(req);
      try {
        const rec = await s.recordings.findVisible(principal, upload.id);
        if (!rec) throw new ConflictError('invalid_transition', 'The recording of this upload was deleted.');
        await s.uploads.finish(
          principal,
          rec,
          path.join(s.uploads.tusDir, upload.id),
          upload.size ?? upload.offset,
        );
        await s.uploads.discardPartial(upload.id);
      } catch (e) {
        await s.uploads.discardPartial(upload.id);
        throw toTus(e);
      }
      return {};
    },
    async onResponseError(_req, err) {
      const e = err as Partial<TusThrown> & Error;
      if (typeof e.body === 'string' && e.body.startsWith('{')) return undefined;
      const status = e.status_code ?? 500;
      if (status >= 500) log.error({ err }, 'tus upload error');
      const message =
        status === 413
          ? `The file is larger than the ${opts.maxUploadBytes} bytes allowed (MAX_UPLOAD_BYTES).`
          : status >= 500
            ? 'Something went wrong on our side while storing the upload.'
            : (e.body ?? e.message ?? 'The upload request was refused.').trim();
      return { status_code: status, body: errorBody(TUS_CODES[status] ?? 'upload_error', message) };
    },
  });
  tus.on(EVENTS.POST_TERMINATE, (req: globalThis.Request, _res, id: string) => {
    void Promise.resolve()
      .then(() => s.recordings.findVisible(ctxOf(req).principal, id))
      .then(async (rec) => {
        if (rec?.status === 'uploading') await s.recordings.remove(ctxOf(req).principal, rec);
      })
      .catch((err: unknown) => log.warn({ err }, 'removing a terminated upload failed'));
  });

  /** Another organisation's upload, or one that no longer exists, is simply not there. */
  const handle = async ({
    req,
    res,
    p,
    params,
  }: Ctx<typeof owners, unknown, unknown>): Promise<typeof SENT> => {
    const id = params.id;
    if (id !== undefined) {
      const rec = await s.recordings.getVisible(p, id);
      if (req.method === 'PATCH' && rec.status !== 'uploading') {
        throw new ConflictError(
          'invalid_transition',
          `This upload is finished already (status ${rec.status}).`,
        );
      }
    }
    contexts.set(req, { principal: p, id: id ?? newId() });
    await tus.handle(req, res);
    return SENT;
  };
  return { tus, handle };
});

const owners = ['admin', 'client'] as const;
/** Uploads may take hours: they are cut when they stall instead. */
const idle = (d: Deps) => uploadIdle(d.config.uploadIdleSeconds * 1000);
/** tus answers carry headers only (Upload-Offset, Location); a chunk is sent as offset+octet-stream. */
const tusEndpoint = (
  e: Pick<Endpoint, 'method' | 'path' | 'summary' | 'ok' | 'consumes'> & { create?: true },
): Endpoint =>
  endpoint({
    ...e,
    roles: owners,
    tag: 'recordings',
    rawBody: true,
    use: (d) => [idle(d), ...(e.create ? [rateLimit({ windowMs: 60_000, max: 30, what: 'uploads' })] : [])],
    handler: (ctx) => tusOf(ctx.d).handle(ctx),
  });
const tusOptions = (path: string): Endpoint =>
  endpoint({
    method: 'options',
    path,
    summary: 'tus 1.0.0 capabilities',
    roles: ['anonymous'],
    ok: 204,
    tag: 'recordings',
    rawBody: true,
    use: (d) => [idle(d)],
    async handler({ req, res, d }) {
      await tusOf(d).tus.handle(req, res);
      return SENT;
    },
  });

/**
 * tus 1.0.0 at /api/uploads. An upload URL is for resuming (HEAD, PATCH) and cancelling (DELETE);
 * creation is POST /uploads. tus reads its own body stream (rawBody: before the JSON parser).
 */
export const tusEndpoints: Endpoint[] = [
  tusEndpoint({
    method: 'post',
    path: '/api/uploads',
    summary: 'tus 1.0.0 resumable upload: creation',
    ok: 201,
    create: true,
  }),
  tusOptions('/api/uploads'),
  tusOptions('/api/uploads/{id}'),
  tusEndpoint({ method: 'head', path: '/api/uploads/{id}', summary: 'tus: offset of an upload', ok: 200 }),
  tusEndpoint({
    method: 'patch',
    path: '/api/uploads/{id}',
    summary: 'tus: append bytes',
    ok: 204,
    consumes: ['application/offset+octet-stream'],
  }),
  tusEndpoint({
    method: 'delete',
    path: '/api/uploads/{id}',
    summary: 'tus: terminate an unfinished upload',
    ok: 204,
  }),
];
