import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { callerWith } from '../middleware.ts';
import { parse } from '../validate.ts';

/** Ranges of the segment's audio played, in recording seconds; the browser sends all it heard. */
const heardBody = z.strictObject({
  ranges: z
    .array(
      z
        .tuple([z.number().finite().min(0), z.number().finite().min(0)])
        .refine(([s, e]) => e >= s, 'a range ends after it starts'),
    )
    .max(1000),
});

export function heardRoutes(s: Services): Router {
  const r = Router();
  r.post('/segments/:id/heard', async (req, res) => {
    const p = callerWith(req, 'transcriber');
    const body = heardBody.safeParse(req.body);
    // Only someone who may know the segment learns why a body was refused (as the other writes).
    if (!body.success) await s.work.assertKnown(p, req.params.id);
    const { ranges } = body.success ? body.data : parse(heardBody, req.body);
    res.json(await s.heard.add(p, req.params.id, ranges));
  });
  return r;
}
