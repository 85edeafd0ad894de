import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { callerWith } from '../middleware.ts';
import { parse, turnsSchema, versionSchema } from '../validate.ts';
import { cleanTyped } from '../../text-safety.ts';
import { segmentJson } from '../../views.ts';
import { audioType, sendBlob } from '../media.ts';
import type { SegmentDoc } from '../../domain.ts';
import type { Principal } from '../../services/auth.ts';

const heard = z.number().min(0).max(1).optional();
const draftBody = z.strictObject({ turns: turnsSchema, version: versionSchema, heardRatio: heard });
const approveBody = z.strictObject({ turns: turnsSchema.optional(), version: versionSchema });
const returnBody = z.strictObject({
  comment: z.string().max(4000).transform(cleanTyped).pipe(z.string().trim().min(1, 'say what needs fixing')),
  version: versionSchema,
});

export function workRoutes(s: Services): Router {
  const r = Router();

  const render = async (p: Principal, seg: SegmentDoc) => {
    const rec = await s.work.recordingOf(seg);
    return segmentJson(seg, p.role, {
      participants: rec?.participants ?? [],
      speakers: await s.work.speakersOf(seg.recordingId),
      order: await s.work.orderOf(seg, rec),
    });
  };
  /** Validates a write's body, but only for callers who may know the segment exists; others get its 404. */
  const bodyFor = async <S extends z.ZodType>(
    p: Principal,
    id: string,
    schema: S,
    body: unknown,
  ): Promise<z.infer<S>> => {
    const r = schema.safeParse(body);
    if (r.success) return r.data;
    await s.work.assertKnown(p, id);
    return parse(schema, body); // throws the 400 that names the fields
  };
  const claimed = async (req: Request, kind: 'transcribe' | 'review') => {
    const p = kind === 'transcribe' ? callerWith(req, 'transcriber') : callerWith(req, 'reviewer');
    const c = await s.work.claim(p, kind);
    return (
      c && { segment: await render(p, c.segment), leaseExpiresAt: new Date(c.leaseExpiresAt).toISOString() }
    );
  };

  r.post('/work/claim', async (req, res) => {
    const c = await claimed(req, 'transcribe');
    if (c) res.json(c);
    else res.status(204).end();
  });
  r.get('/work/mine', async (req, res) => {
    const p = callerWith(req, 'transcriber');
    const segs = await s.work.mine(p);
    res.json({ segments: await Promise.all(segs.map((x) => render(p, x))) });
  });
  r.post('/review/claim', async (req, res) => {
    const c = await claimed(req, 'review');
    if (c) res.json(c);
    else res.status(204).end();
  });
  r.get('/review/mine', async (req, res) => {
    const p = callerWith(req, 'reviewer');
    const segs = await s.work.mine(p);
    res.json({ segments: await Promise.all(segs.map((x) => render(p, x))) });
  });
  r.get('/review/recordings', async (req, res) => {
    res.json({ recordings: await s.review.recordings(callerWith(req, 'reviewer', 'admin')) });
  });
  r.get('/review/recordings/:id', async (req, res) => {
    res.json(await s.review.wholeRecording(callerWith(req, 'reviewer', 'admin'), req.params.id));
  });

  r.get('/segments/:id', async (req, res) => {
    const p = callerWith(req, 'transcriber', 'reviewer', 'admin');
    res.json({ segment: await render(p, await s.work.getVisible(p, req.params.id)) });
  });
  r.get('/segments/:id/audio', async (req, res) => {
    const p = callerWith(req, 'transcriber', 'reviewer', 'admin');
    const seg = await s.work.getVisible(p, req.params.id);
    await sendBlob(req, res, s.blobs, seg.audioKey, audioType(seg.audioKey));
  });
  r.get('/segments/:id/peaks', async (req, res) => {
    const p = callerWith(req, 'transcriber', 'reviewer', 'admin');
    const seg = await s.work.getVisible(p, req.params.id);
    await sendBlob(req, res, s.blobs, seg.peaksKey, 'application/json');
  });

  r.put('/segments/:id/draft', async (req, res) => {
    const p = callerWith(req, 'transcriber', 'reviewer');
    const b = await bodyFor(p, req.params.id, draftBody, req.body);
    const out = await s.work.saveDraft(p, req.params.id, b.turns, b.version, b.heardRatio);
    res.json({ version: out.version, leaseExpiresAt: new Date(out.leaseExpiresAt).toISOString() });
  });
  r.post('/segments/:id/submit', async (req, res) => {
    const p = callerWith(req, 'transcriber');
    const b = await bodyFor(p, req.params.id, draftBody, req.body);
    res.json({
      segment: await render(p, await s.work.submit(p, req.params.id, b.turns, b.version, b.heardRatio)),
    });
  });
  r.post('/segments/:id/release', async (req, res) => {
    await s.work.release(callerWith(req, 'transcriber', 'reviewer'), req.params.id);
    res.status(204).end();
  });
  r.post('/segments/:id/approve', async (req, res) => {
    const p = callerWith(req, 'reviewer');
    const b = await bodyFor(p, req.params.id, approveBody, req.body);
    res.json({ segment: await render(p, await s.work.approve(p, req.params.id, b.version, b.turns)) });
  });
  r.post('/segments/:id/return', async (req, res) => {
    const p = callerWith(req, 'reviewer');
    const b = await bodyFor(p, req.params.id, returnBody, req.body);
    res.json({
      segment: await render(p, await s.work.returnToTranscriber(p, req.params.id, b.version, b.comment)),
    });
  });
  r.post('/segments/:id/reopen', async (req, res) => {
    const p = callerWith(req, 'reviewer', 'admin');
    res.json({ segment: await render(p, await s.work.reopen(p, req.params.id)) });
  });

  return r;
}
