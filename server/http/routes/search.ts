import { z } from 'zod';
import { endpoint, type Endpoint } from '../contract.ts';
import * as S from '../schemas.ts';

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
  q: z.string().describe('words (all must occur), "exact phrase", prefix*; at most 500 characters'),
  recordingId: z.string().max(64).optional().describe('only this recording'),
  speaker: z.string().max(64).optional().describe('only turns of this speaker (case and accents ignored)'),
  from: when(false).optional().describe('recordings created at or after (ISO-8601 date or date-time)'),
  to: when(true).optional().describe('recordings created at or before (a date includes that day)'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('hits per page'),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  orgId: z.string().max(64).optional().describe('admins: only this organisation'),
});

export const searchEndpoints: Endpoint[] = [
  endpoint({
    method: 'get',
    path: '/api/search',
    summary: 'Full-text search of completed transcripts, best match first',
    roles: ['admin', 'client'],
    ok: 200,
    tag: 'recordings',
    query: searchQuery,
    response: S.searchPage,
    async handler({ res, d, p, query }) {
      const { hits, nextCursor } = await d.s.search.search(p, query);
      res.setHeader('Cache-Control', 'private, no-store');
      return {
        hits: hits.map((h) => ({ ...h, createdAt: new Date(h.createdAt).toISOString() })),
        nextCursor,
      };
    },
  }),
];
