import { Router, type Request } from 'express';
import busboy from 'busboy';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { callerWith, rateLimit } from '../middleware.ts';
import { parse } from '../validate.ts';
import { recordingJson } from '../../views.ts';
import { sendBlob, audioType } from '../media.ts';
import { ConflictError, PayloadTooLargeError, ValidationError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { cleanLabel } from '../../text-safety.ts';
// The upload page and this 413 name a size the same way: one pure formatter, the browser app's.
import { formatBytes } from '../../../client/lib/format.ts';
import {
  contentDisposition,
  contentType,
  isTimestampMode,
  isTranscriptFormat,
  renderTranscript,
  TIMESTAMP_MODES,
  TRANSCRIPT_FORMATS,
} from '../../transcript/index.ts';
import type { UploadMeta } from '../../services/recordings.ts';
import { instructionsSchema, recordingTermsSchema, tierName, verbatimSchema } from '../../services/orders.ts';

export const uploadMetaSchema = z.object({
  filename: z.string().trim().min(1, 'a file name is required').max(500),
  title: z.string().trim().max(200).transform(cleanLabel).optional(),
  language: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP-47 language tag such as en or id-ID')
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
  limit: z.coerce.number().int().min(1).max(500).default(100),
  status: z
    .enum(['uploading', 'uploaded', 'processing', 'transcribing', 'reviewing', 'completed', 'failed'])
    .optional(),
  orgId: z.string().max(64).optional(),
});
const speakersBody = z.strictObject({ map: z.record(z.string().max(64), z.string().max(64)) });

export function recordingRoutes(s: Services, opts: { maxUploadBytes: number; uploadDir: string }): Router {
  const r = Router();
  const uploadLimit = rateLimit({ windowMs: 60_000, max: 30, what: 'uploads' });

  r.get('/recordings', async (req, res) => {
    const p = callerWith(req, 'client', 'admin');
    const q = parse(listQuery, req.query, 'query');
    res.json({ recordings: (await s.recordings.list(p, q)).map(recordingJson) });
  });

  r.post('/recordings', uploadLimit, async (req, res) => {
    const p = callerWith(req, 'client', 'admin');
    const declared = Number(req.get('content-length') ?? 0);
    if (declared > opts.maxUploadBytes + 64 * 1024) throw tooLarge(opts.maxUploadBytes);
    const { filePath, size, fields, filename } = await receiveMultipart(req, opts);
    try {
      const meta = parseUploadMeta({ ...fields, filename: fields.filename ?? filename });
      const org = await s.recordings.uploadOrg(p, meta.orgId);
      await s.uploads.check(filePath);
      const rec = await s.recordings.create(p, newId(), org, meta, size);
      const done = await s.uploads.keep(p, rec, filePath, size);
      res.status(201).json({ recording: recordingJson(done) });
    } finally {
      await rm(filePath, { force: true });
    }
  });

  r.get('/recordings/:id', async (req, res) => {
    const rec = await s.recordings.getVisible(callerWith(req, 'client', 'admin'), req.params.id);
    res.json({ recording: recordingJson(rec) });
  });

  r.get('/recordings/:id/events', async (req, res) => {
    const p = callerWith(req, 'client', 'admin');
    const first = await s.recordings.getVisible(p, req.params.id);
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
  });

  r.get('/recordings/:id/audio', async (req, res) => {
    const rec = await s.recordings.getVisible(callerWith(req, 'client', 'admin'), req.params.id);
    await sendBlob(req, res, s.blobs, rec.playbackKey, audioType(rec.playbackKey ?? ''));
  });

  r.get('/recordings/:id/peaks', async (req, res) => {
    const rec = await s.recordings.getVisible(callerWith(req, 'client', 'admin'), req.params.id);
    await sendBlob(req, res, s.blobs, rec.peaksKey, 'application/json');
  });

  r.get('/recordings/:id/transcript', async (req, res) => {
    const p = callerWith(req, 'client', 'admin');
    const rec = await s.recordings.getVisible(p, req.params.id);
    const format = req.query.format ?? 'txt';
    if (!isTranscriptFormat(format)) {
      throw new ValidationError(`format must be one of ${TRANSCRIPT_FORMATS.join(', ')}.`, {
        fields: [{ field: 'format', problem: 'unknown format' }],
      });
    }
    const timestamps = req.query.timestamps ?? 'turn';
    if (!isTimestampMode(timestamps)) {
      throw new ValidationError(`timestamps must be one of ${TIMESTAMP_MODES.join(', ')}.`, {
        fields: [{ field: 'timestamps', problem: 'unknown value' }],
      });
    }
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
  });

  r.put('/recordings/:id/speakers', async (req, res) => {
    const p = callerWith(req, 'reviewer', 'admin');
    // Refuse callers who may not change it before validating, so a bad body reveals nothing.
    await s.recordings.getReviewable(p, req.params.id);
    const { map } = parse(speakersBody, req.body);
    const rec = await s.recordings.setSpeakers(p, req.params.id, map);
    // Reviewers work across organisations: they get the review view, without organisation or file name.
    if (p.role !== 'admin') {
      const { id, title, status, durationSec, participants, speakerMap, segments } = recordingJson(rec);
      res.json({ recording: { id, title, status, durationSec, participants, speakerMap, segments } });
      return;
    }
    res.json({ recording: recordingJson(rec) });
  });

  r.delete('/recordings/:id', async (req, res) => {
    const p = callerWith(req, 'client', 'admin');
    const rec = await s.recordings.getVisible(p, req.params.id);
    await s.uploads.discardPartial(rec._id);
    await s.recordings.remove(p, rec);
    res.status(204).end();
  });

  return r;
}

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
