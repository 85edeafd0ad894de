/**
 * Resumable uploads: a tus 1.0.0 server (the official @tus/server with its file store) at
 * /api/uploads. The upload id is the recording id, so `Notula-Recording-Id` and the upload URL
 * name the same thing. Partial uploads live on disk under DATA_DIR/uploads/tus and survive restarts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Server, EVENTS } from '@tus/server';
import { FileStore } from '@tus/file-store';
import type { Request, Response, Router } from 'express';
import { Router as makeRouter } from 'express';
import type { Services } from '../services/index.ts';
import type { Principal } from '../services/auth.ts';
import { AppError, ConflictError } from '../errors.ts';
import { newId } from '../ids.ts';
import { callerWith, rateLimit } from './middleware.ts';
import { parseUploadMeta } from './routes/recordings.ts';
import type { Logger } from '../log.ts';

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

export function tusRoutes(
  s: Services,
  opts: { maxUploadBytes: number; trustProxy: boolean },
  log: Logger,
): Router {
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

  const r = makeRouter();
  const createLimit = rateLimit({ windowMs: 60_000, max: 30, what: 'uploads' });
  const handle = async (req: Request, res: Response): Promise<void> => {
    const principal = callerWith(req, 'client', 'admin');
    const id = typeof req.params.id === 'string' ? req.params.id : undefined;
    if (id !== undefined) {
      // Another organisation's upload, or one that no longer exists, is simply not there.
      const rec = await s.recordings.getVisible(principal, id);
      if (req.method === 'PATCH' && rec.status !== 'uploading') {
        throw new ConflictError(
          'invalid_transition',
          `This upload is finished already (status ${rec.status}).`,
        );
      }
    }
    contexts.set(req, { principal, id: id ?? newId() });
    await tus.handle(req, res);
  };
  r.options(['/uploads', '/uploads/:id'], (req, res) => void tus.handle(req, res));
  r.post('/uploads', createLimit, handle);
  // An upload URL is for resuming (HEAD, PATCH) and cancelling (DELETE); creation is POST /uploads.
  r.head('/uploads/:id', handle);
  r.patch('/uploads/:id', handle);
  r.delete('/uploads/:id', handle);
  return r;
}
