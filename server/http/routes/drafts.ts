/**
 * `PUT /api/recordings/:id/draft`: a tool's output file as the raw body (JSON, WebVTT, SRT or RTTM,
 * whatever its content type). Mounted before the JSON parser: the file is read here, as bytes, up to
 * MAX_DRAFT_BYTES, and parsed by the draft formats, which name any fault.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { callerWith } from '../middleware.ts';
import { parse } from '../validate.ts';
import { InvalidDraftError } from '../../errors.ts';
import { MAX_DRAFT_BYTES } from '../../drafts/formats/index.ts';

const draftQuery = z.object({ format: z.string().max(32).optional() });

const TOO_LARGE = `The draft is larger than ${MAX_DRAFT_BYTES / 1024 / 1024} MB.`;

/** The body as bytes, refused as soon as it passes the limit (declared or counted). */
async function readBody(req: Request): Promise<Buffer> {
  if (Number(req.get('content-length') ?? 0) > MAX_DRAFT_BYTES)
    throw new InvalidDraftError(TOO_LARGE, '(file)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DRAFT_BYTES) {
      req.unpipe();
      throw new InvalidDraftError(TOO_LARGE, '(file)');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function draftRoutes(s: Services): Router {
  const r = Router();
  r.put('/recordings/:id/draft', async (req, res) => {
    const p = callerWith(req, 'client', 'admin');
    // 404 before reading a byte for a recording the caller may not see.
    await s.recordings.getVisible(p, req.params.id);
    const { format } = parse(draftQuery, req.query, 'query');
    const body = await readBody(req);
    const draft = await s.drafts.importFile(p, req.params.id, body, format);
    res.json({ draft });
  });
  return r;
}
