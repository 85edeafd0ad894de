import type { Request } from 'express';
import busboy from 'busboy';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Principal } from '../../services/auth.ts';
import { endpoint, NO_CONTENT, SENT, type Deps, type Endpoint } from '../contract.ts';
import { rateLimit } from '../middleware.ts';
import { uploadIdle } from '../timeouts.ts';
import { parse } from '../validate.ts';
import * as S from '../schemas.ts';
import { recordingJson } from '../../views.ts';
import { AUDIO_TYPES, sendBlob, audioType } from '../media.ts';
import { ConflictError, PayloadTooLargeError, ValidationError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { cleanLabel } from '../../text-safety.ts';
// The upload page and this 413 name a size the same way: one pure formatter, the browser app's.
import { formatBytes } from '../../../client/lib/format.ts';
import {
  contentDisposition,
  contentType,
  renderTranscript,
  TIMESTAMP_MODES,
  TRANSCRIPT_FORMATS,
} from '../../transcript/index.ts';
import type { UploadMeta } from '../../services/recordings.ts';
import { instructionsSchema, recordingTermsSchema, tierName, verbatimSchema } from '../../services/orders.ts';

export const uploadMetaSchema = z.object({
  filename: z.string().trim().min(1, 'a file name is required').max(500),
  title: z.string().trim().max(200).transform(cleanLabel).optional(),
  // One BCP-47 tag, or several for a meeting held in more than one ("id,en"; "mul": mixed, unsaid).
  language: z
    .string()
    .max(100)
    .transform((s) =>
      [
        ...new Set(
          s
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ].join(','),
    )
    .pipe(
      z
        .string()
        .regex(
          /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*(,[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*)*$/,
          'must be a BCP-47 language tag such as en or id-ID, or several separated by commas (id,en)',
        ),
    )
    .optional(),
  participants: z
    .string()
    .max(2000)
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((x) => cleanLabel(x).slice(0, 64))
            .filter(Boolean)
            .slice(0, 50)
        : undefined,
    ),
  segmentSeconds: z.coerce.number().int().min(10).max(3600).optional(),
  orgId: z.string().max(64).optional(),
  // The order (orders.ts): the tier is checked against the organisation's once it is known.
  turnaround: tierName.optional(),
  verbatim: verbatimSchema.optional(),
  instructions: instructionsSchema.optional(),
  glossary: recordingTermsSchema.optional(),
});

/** Turns empty strings into absent fields, as forms and tus metadata send them. */
export function parseUploadMeta(raw: Record<string, string | null | undefined>): UploadMeta {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' && v.trim() !== '') clean[k] = v;
  return parse(uploadMetaSchema, clean, 'upload metadata');
}

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('recordings per page'),
  status: S.recordingStatus.optional().describe('only recordings with this status'),
  orgId: z.string().max(64).optional().describe('admins: only this organisation'),
});
const transcriptQuery = z.object({
  format: z
    .enum(TRANSCRIPT_FORMATS, { error: `must be one of ${TRANSCRIPT_FORMATS.join(', ')}` })
    .default('txt')
    .describe('the export format'),
  timestamps: z
    .enum(TIMESTAMP_MODES, { error: `must be one of ${TIMESTAMP_MODES.join(', ')}` })
    .default('turn')
    .describe('txt and docx: at every turn (default), also every 30/60 s inside long turns, or none'),
});
const speakersBody = z.strictObject({ map: z.record(z.string().max(64), z.string().max(64)) });

const recordingAnswer = z.strictObject({ recording: S.recording });
const owners = ['admin', 'client'] as const;
/** For endpoints on one recording: callers who may not see it learn nothing from a bad request. */
const recordingKnown = async ({ d, p, params }: { d: Deps; p: Principal; params: Record<string, string> }) =>
  void (await d.s.recordings.getVisible(p, params.id));

export const recordingEndpoints: Endpoint[] = [
  endpoint({
    method: 'post',
    path: '/api/recordings',
    summary: 'Upload in one multipart request (field "file")',
    roles: owners,
    ok: 201,
    tag: 'recordings',
    consumes: ['multipart/form-data'],
    response: recordingAnswer,
    // Uploads may take hours: cut when they stall instead.
    use: (d) => [
      uploadIdle(d.config.uploadIdleSeconds * 1000),
      rateLimit({ windowMs: 60_000, max: 30, what: 'uploads' }),
    ],
    async handler({ req, d, p }) {
      const opts = {
        maxUploadBytes: d.config.maxUploadBytes,
        uploadDir: path.join(d.config.dataDir, 'uploads'),
      };
      const declared = Number(req.get('content-length') ?? 0);
      if (declared > opts.maxUploadBytes + 64 * 1024) throw tooLarge(opts.maxUploadBytes);
      const { filePath, size, fields, filename } = await receiveMultipart(req, opts);
      try {
        const meta = parseUploadMeta({ ...fields, filename: fields.filename ?? filename });
        const org = await d.s.recordings.uploadOrg(p, meta.orgId);
        await d.s.uploads.check(filePath);
        const rec = await d.s.recordings.create(p, newId(), org, meta, size);
        const done = await d.s.uploads.keep(p, rec, filePath, size);
        return { recording: recordingJson(done) };
      } finally {
        await rm(filePath, { force: true });
      }
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/recordings',
    hot: true,
    summary: 'Recordings of the caller’s organisation, newest first',
    roles: owners,
    ok: 200,
    tag: 'recordings',
    query: listQuery,
    response: z.strictObject({ recordings: z.array(S.recording) }),
    async handler({ d, p, query }) {
      const list = await d.s.recordings.list(p, query);
      // Admins see every organisation's recordings: each says whose it is. Clients see only their own.
      const orgs = p.role === 'admin' ? await d.s.accounts.orgNamesOf(list.map((r) => r.orgId)) : null;
      return {
        recordings: list.map((r) => ({
          ...recordingJson(r),
          ...(orgs ? { orgName: orgs.get(r.orgId) ?? null } : {}),
        })),
      };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/recordings/{id}',
    hot: true,
    summary: 'One recording with segment counts',
    roles: owners,
    ok: 200,
    tag: 'recordings',
    response: recordingAnswer,
    async handler({ d, p, params }) {
      return { recording: recordingJson(await d.s.recordings.getVisible(p, params.id)) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/recordings/{id}/events',
    summary: 'Server-Sent Events: one per status or count change',
    roles: owners,
    ok: 200,
    tag: 'recordings',
    produces: ['text/event-stream'],
    async handler({ req, res, d: { s }, p, params }) {
      const first = await s.recordings.getVisible(p, params.id);
      const release = s.streams.acquire(p.id);
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      let last = '';
      let closed = false;
      const send = async (): Promise<void> => {
        if (closed) return;
        // A stream lives no longer than what it was opened with: signing out, a revoked session or
        // token, a disabled user end it at the next change or poll, in whichever process it runs.
        if (!(await s.auth.stillValid(p))) return stop();
        const rec = await s.recordings.byId(first._id);
        if (closed) return;
        if (!rec) {
          res.write(`event: deleted\ndata: {"id":${JSON.stringify(first._id)}}\n\n`);
          return stop();
        }
        const body = JSON.stringify(recordingJson(rec));
        if (body !== last) {
          last = body;
          res.write(`event: recording\ndata: ${body}\n\n`);
        }
      };
      const tick = (): void => void send().catch(() => stop());
      const unsubscribe = s.bus.onRecording(first._id, tick);
      // Polling catches changes made by other processes (a separate worker); the bus makes local ones instant.
      const poll = setInterval(tick, 1000);
      const ping = setInterval(() => res.write(': ping\n\n'), 20_000);
      function stop(): void {
        if (closed) return;
        closed = true;
        release();
        unsubscribe();
        unhook();
        clearInterval(poll);
        clearInterval(ping);
        res.end();
      }
      const unhook = s.shutdown.onClose(stop);
      req.on('close', stop);
      res.write('retry: 3000\n\n');
      tick();
      return SENT;
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/recordings/{id}/audio',
    summary: 'Playback audio (Range)',
    roles: owners,
    ok: 200,
    tag: 'recordings',
    produces: AUDIO_TYPES,
    async handler({ req, res, d, p, params }) {
      const rec = await d.s.recordings.getVisible(p, params.id);
      await sendBlob(req, res, d.s.blobs, rec.playbackKey, audioType(rec.playbackKey ?? ''));
      return SENT;
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/recordings/{id}/peaks',
    summary: 'Waveform peaks',
    roles: owners,
    ok: 200,
    tag: 'recordings',
    produces: ['application/json'],
    async handler({ req, res, d, p, params }) {
      const rec = await d.s.recordings.getVisible(p, params.id);
      await sendBlob(req, res, d.s.blobs, rec.peaksKey, 'application/json');
      return SENT;
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/recordings/{id}/transcript',
    summary: 'Transcript as txt, docx, srt, vtt or json',
    roles: owners,
    ok: 200,
    tag: 'recordings',
    query: transcriptQuery,
    known: recordingKnown,
    produces: TRANSCRIPT_FORMATS.map(contentType),
    async handler({ res, d: { s }, p, params, query: { format, timestamps } }) {
      const rec = await s.recordings.getVisible(p, params.id);
      if (rec.status !== 'completed') {
        throw new ConflictError(
          'not_completed',
          `The transcript is not ready: the recording is ${rec.status}.`,
          { status: rec.status },
        );
      }
      const transcript = await s.merge.transcript(rec);
      const body = await renderTranscript(transcript, format, timestamps);
      await s.audit.record(p, 'recording.download', rec._id, { format, timestamps }, rec.orgId);
      res.setHeader('Content-Type', contentType(format));
      res.setHeader('Content-Disposition', contentDisposition(rec.title, format));
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(body);
      return SENT;
    },
  }),
  endpoint({
    method: 'put',
    path: '/api/recordings/{id}/speakers',
    summary: 'Rename speakers across the recording',
    roles: ['admin', 'reviewer'],
    ok: 200,
    tag: 'review',
    body: speakersBody,
    // Refuse callers who may not change it before validating, so a bad body reveals nothing.
    known: async ({ d, p, params }) => void (await d.s.recordings.getReviewable(p, params.id)),
    response: z.strictObject({ recording: z.union([S.recording, S.reviewRecordingView]) }),
    async handler({ d, p, params, body: { map } }) {
      const rec = await d.s.recordings.setSpeakers(p, params.id, map);
      // Reviewers work across organisations: they get the review view, without organisation or file name.
      if (p.role !== 'admin') {
        const { id, title, status, durationSec, participants, speakerMap, segments } = recordingJson(rec);
        return { recording: { id, title, status, durationSec, participants, speakerMap, segments } };
      }
      return { recording: recordingJson(rec) };
    },
  }),
  endpoint({
    method: 'delete',
    path: '/api/recordings/{id}',
    summary: 'Delete audio, segments and transcript for good',
    roles: owners,
    ok: 204,
    tag: 'recordings',
    async handler({ d, p, params }) {
      const rec = await d.s.recordings.getVisible(p, params.id);
      await d.s.uploads.discardPartial(rec._id);
      await d.s.recordings.remove(p, rec);
      return NO_CONTENT;
    },
  }),
];

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `The file is larger than the ${formatBytes(limit)} allowed (MAX_UPLOAD_BYTES).`,
    { limit },
  );
}

interface Received {
  filePath: string;
  size: number;
  filename: string;
  fields: Record<string, string>;
}

/** Streams the `file` part to disk under the limit; the other parts become fields. */
async function receiveMultipart(
  req: Request,
  opts: { maxUploadBytes: number; uploadDir: string },
): Promise<Received> {
  if (!/^multipart\/form-data/i.test(req.get('content-type') ?? '')) {
    throw new ValidationError(
      'Send the recording as multipart/form-data with the file in a field named "file" (or use the tus endpoint /api/uploads).',
      {
        fields: [{ field: 'file', problem: 'missing' }],
      },
    );
  }
  const dir = path.join(opts.uploadDir, 'multipart');
  await mkdir(dir, { recursive: true });
  const filePath = path.join(dir, `${newId()}.part`);
  const fields: Record<string, string> = {};
  let filename = '';
  let size = 0;
  let sawFile = false;
  let tooBig = false;
  let fileDone: Promise<void> = Promise.resolve();
  let out: WriteStream | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      let bb: busboy.Busboy;
      try {
        // Browsers send file names as raw UTF-8; busboy would read them as Latin-1 by default.
        bb = busboy({
          headers: req.headers,
          defParamCharset: 'utf8',
          // Fields hold instructions and a glossary (orders.ts limits), hence 64 KiB each.
          limits: { fileSize: opts.maxUploadBytes, files: 1, fields: 20, fieldSize: 64 * 1024 },
        });
      } catch {
        reject(new ValidationError('The multipart body is malformed (no boundary).'));
        return;
      }
      bb.on('file', (name, stream, info) => {
        if (name !== 'file' || sawFile) {
          stream.resume();
          return;
        }
        sawFile = true;
        filename = info.filename ?? '';
        stream.on('data', (c: Buffer) => (size += c.length));
        stream.on('limit', () => {
          tooBig = true;
          req.unpipe(bb);
          req.resume();
          reject(tooLarge(opts.maxUploadBytes));
        });
        out = createWriteStream(filePath);
        fileDone = pipeline(stream, out);
        fileDone.catch(reject);
      });
      bb.on('field', (name, value) => {
        if (name !== 'file') fields[name] = value;
      });
      bb.on('error', () => reject(new ValidationError('The multipart body is malformed or was cut off.')));
      bb.on('close', () => resolve());
      req.on('aborted', () => reject(new ValidationError('The upload was interrupted before it finished.')));
      req.pipe(bb);
    });
    await fileDone;
  } catch (e) {
    await fileDone.catch(() => {});
    // A write stream destroyed before it opened still creates the file when the open completes:
    // wait for it to close, or the file would appear after the rm below.
    const w = out as WriteStream | null;
    if (w && !w.closed) await new Promise<void>((resolve) => w.once('close', () => resolve()));
    await rm(filePath, { force: true });
    throw e;
  }
  if (tooBig) {
    await rm(filePath, { force: true });
    throw tooLarge(opts.maxUploadBytes);
  }
  if (!sawFile) {
    await rm(filePath, { force: true });
    throw new ValidationError(
      'No file came with the request: put the recording in a form field named "file".',
      {
        fields: [{ field: 'file', problem: 'missing' }],
      },
    );
  }
  return { filePath, size, filename, fields };
}
