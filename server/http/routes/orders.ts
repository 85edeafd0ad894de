/**
 * Orders and what they feed: the tiers an upload may choose, the admin's backlog (deadlines against
 * throughput), the rates per audio minute, and transcribers' earnings (JSON, or CSV for payroll).
 * Rules live in services/orders.ts, backlog.ts and earnings.ts; these endpoints parse and render.
 */
import { z } from 'zod';
import { endpoint, SENT, type Endpoint } from '../contract.ts';
import * as S from '../schemas.ts';
import { recordingJson } from '../../views.ts';
import { earningsCsv } from '../../services/earnings.ts';
import { defaultTierOf, tierName, tiersOf } from '../../services/orders.ts';

/** A rate per audio minute: not negative, and not absurd (a typo for a monthly salary). */
const rate = z
  .number()
  .min(0, 'a rate cannot be below zero')
  .max(1_000_000, 'a rate must be at most 1,000,000');
const ratesBody = z.strictObject({
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD or IDR'),
  perAudioMinute: z.record(tierName, rate).refine((r) => Object.keys(r).length <= 20, 'at most 20 tiers'),
  fullVerbatimExtra: rate,
});
const earningsQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
    .optional()
    .describe('YYYY-MM (UTC); this month by default'),
  userId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('admins: one transcriber; a transcriber only its own'),
  format: z.enum(['json', 'csv']).default('json').describe('csv for payroll'),
});
const tiersQuery = z.object({
  orgId: z.string().min(1).max(64).optional().describe('admins: that organisation’s tiers'),
});

const ratesAnswer = z.strictObject({ rates: S.rates });

export const orderEndpoints: Endpoint[] = [
  endpoint({
    method: 'get',
    path: '/api/turnarounds',
    summary: 'The turnaround tiers an upload may choose, and the default',
    roles: ['admin', 'client'],
    ok: 200,
    tag: 'recordings',
    query: tiersQuery,
    response: S.turnarounds,
    async handler({ d, p, query: { orgId } }) {
      // The caller's organisation's tiers; an admin names one, or sees the defaults.
      const org = p.role === 'admin' && !orgId ? {} : await d.s.recordings.uploadOrg(p, orgId);
      return { turnarounds: [...tiersOf(org)], defaultTurnaround: defaultTierOf(org) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/admin/backlog',
    summary: 'Open audio by deadline bucket, throughput of the last 24 hours, recordings at risk',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    response: S.backlog,
    async handler({ d }) {
      const b = await d.s.backlog.backlog();
      return { ...b, atRisk: b.atRisk.map(recordingJson) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/admin/rates',
    summary: 'Transcriber rates per audio minute by tier, and the full-verbatim extra',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    response: ratesAnswer,
    async handler({ d }) {
      return { rates: await d.s.earnings.current() };
    },
  }),
  endpoint({
    method: 'put',
    path: '/api/admin/rates',
    summary: 'Set the rates; segments approved from now on earn at them',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    body: ratesBody,
    response: ratesAnswer,
    async handler({ d, p, body }) {
      return { rates: await d.s.earnings.setRates(p, body) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/earnings',
    summary: 'Earnings of a month: a transcriber its own, an admin anyone’s or everyone’s (JSON or CSV)',
    roles: ['admin', 'transcriber'],
    ok: 200,
    tag: 'work',
    query: earningsQuery,
    response: S.earnings,
    produces: ['text/csv'],
    async handler({ d: { s }, p, res, query }) {
      const month = query.month ?? s.earnings.thisMonth();
      const e = await s.earnings.list(p, month, query.userId);
      // Admins pay people: their lines name each transcriber's e-mail too.
      const emails =
        p.role === 'admin'
          ? await s.earnings.emails(e.lines.map((l) => l.userId))
          : new Map<string, string>();
      if (query.format === 'csv') {
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="earnings-${month}.csv"`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.send(earningsCsv(e, emails));
        return SENT;
      }
      const lines =
        p.role === 'admin' ? e.lines.map((l) => ({ ...l, email: emails.get(l.userId) ?? null })) : e.lines;
      return { month, ...e, lines };
    },
  }),
];
