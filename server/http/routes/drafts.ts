/**
 * `PUT /api/recordings/{id}/draft`: a tool's output file as the raw body (JSON, WebVTT, SRT or RTTM,
 * whatever its content type). Read raw (before the JSON parser), as bytes, up to MAX_DRAFT_BYTES,
 * and parsed by the draft formats, which name any fault.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { endpoint, type Endpoint } from '../contract.ts';
import * as S from '../schemas.ts';
import { InvalidDraftError } from '../../errors.ts';
import { MAX_DRAFT_BYTES } from '../../drafts/formats/index.ts';
import { DRAFT_FORMATS } from '../../drafts/types.ts';

const TOO_LARGE = `The draft is larger than ${MAX_DRAFT_BYTES / 1024 / 1024} MB.`;

/** The body as bytes, refused as soon as it passes the limit (declared or counted). */
async function readBody(req: Request): Promise<Buffer> {
  if (Number(req.get('content-length') ?? 0) > MAX_DRAFT_BYTES)
    throw new InvalidDraftError(TOO_LARGE, '(file)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DRAFT_BYTES) throw new InvalidDraftError(TOO_LARGE, '(file)');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export const draftEndpoints: Endpoint[] = [
  endpoint({
    method: 'put',
    path: '/api/recordings/{id}/draft',
    summary:
      'Import a machine draft (WhisperX, AssemblyAI, Deepgram, ElevenLabs, Rev/Gecko JSON; WebVTT; SRT; RTTM) for the segments nobody has begun',
    roles: ['admin', 'client'],
    ok: 200,
    tag: 'recordings',
    rawBody: true,
    consumes: [
      'application/json',
      'text/vtt',
      'application/x-subrip',
      'text/plain',
      'application/octet-stream',
    ],
    // An unknown format is the draft's fault (400 invalid_draft naming `format`), so it is a plain string here.
    query: z.object({
      format: z
        .string()
        .max(32)
        .optional()
        .describe(
          `the tool that wrote the file (${DRAFT_FORMATS.join(', ')}); detected from its content when left out`,
        ),
    }),
    known: async ({ d, p, params }) => void (await d.s.recordings.getVisible(p, params.id)),
    response: z.strictObject({ draft: S.draftImport }),
    async handler({ d, p, params, query, req }) {
      const body = await readBody(req);
      return { draft: await d.s.drafts.importFile(p, params.id, body, query.format) };
    },
  }),
];
