import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { callerWith } from '../middleware.ts';
import { parse } from '../validate.ts';

const DAY_MS = 24 * 3600 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 date or date-time as epoch ms; a bare date is that whole day (UTC) for `to`. */
const when = (end: boolean) =>
  z
    .string()
    .refine((s) => DATE.test(s) || DATE_TIME.test(s), 'must be an ISO-8601 date (2026-03-31) or date-time')
    .transform((s, ctx) => {
      const t = Date.parse(DATE.test(s) ? `${s}T00:00:00Z` : s);
      if (Number.isNaN(t)) {
        ctx.addIssue({ code: 'custom', message: 'is not a real date' });
        return z.NEVER;
      }
      return DATE.test(s) && end ? t + DAY_MS - 1 : t;
    });

const searchQuery = z.object({
  // Length and syntax are the query parser's to judge (server/search/query.ts), with its own messages.
  q: z.string(),
  recordingId: z.string().max(64).optional(),
  speaker: z.string().max(64).optional(),
  from: when(false).optional(),
  to: when(true).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  orgId: z.string().max(64).optional(),
});

export function searchRoutes(s: Services): Router {
  const r = Router();

  r.get('/search', async (req, res) => {
    const p = callerWith(req, 'client', 'admin');
    const params = parse(searchQuery, req.query, 'query');
    const { hits, nextCursor } = await s.search.search(p, params);
    res.setHeader('Cache-Control', 'private, no-store');
    res.json({
      hits: hits.map((h) => ({ ...h, createdAt: new Date(h.createdAt).toISOString() })),
      nextCursor,
    });
  });

  return r;
}
