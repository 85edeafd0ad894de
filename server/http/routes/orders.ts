/**
 * Orders and what they feed: the admin's backlog (deadlines against throughput), the rates per
 * audio minute, and transcribers' earnings (JSON, or CSV for payroll). Rules live in
 * services/backlog.ts and services/earnings.ts; this file parses and renders.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { callerWith } from '../middleware.ts';
import { parse } from '../validate.ts';
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
    .optional(),
  userId: z.string().min(1).max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

const tiersQuery = z.object({ orgId: z.string().min(1).max(64).optional() });

export function orderRoutes(s: Services): Router {
  const r = Router();

  // The tiers an upload may choose: the caller's organisation's (an admin names one, or sees the defaults).
  r.get('/turnarounds', async (req, res) => {
    const p = callerWith(req, 'client', 'admin');
    const { orgId } = parse(tiersQuery, req.query, 'query');
    const org = p.role === 'admin' && !orgId ? {} : await s.recordings.uploadOrg(p, orgId);
    res.json({ turnarounds: tiersOf(org), defaultTurnaround: defaultTierOf(org) });
  });

  r.get('/admin/backlog', async (req, res) => {
    callerWith(req, 'admin');
    const b = await s.backlog.backlog();
    res.json({ ...b, atRisk: b.atRisk.map(recordingJson) });
  });

  r.get('/admin/rates', async (req, res) => {
    callerWith(req, 'admin');
    res.json({ rates: await s.earnings.current() });
  });
  r.put('/admin/rates', async (req, res) => {
    const p = callerWith(req, 'admin');
    const body = parse(ratesBody, req.body);
    res.json({ rates: await s.earnings.setRates(p, body) });
  });

  r.get('/earnings', async (req, res) => {
    const p = callerWith(req, 'transcriber', 'admin');
    const q = parse(earningsQuery, req.query, 'query');
    const month = q.month ?? s.earnings.thisMonth();
    const e = await s.earnings.list(p, month, q.userId);
    // Admins pay people: their lines name each transcriber's e-mail too.
    const emails =
      p.role === 'admin' ? await s.earnings.emails(e.lines.map((l) => l.userId)) : new Map<string, string>();
    if (q.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="earnings-${month}.csv"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(earningsCsv(e, emails));
      return;
    }
    const lines =
      p.role === 'admin' ? e.lines.map((l) => ({ ...l, email: emails.get(l.userId) ?? null })) : e.lines;
    res.json({ month, ...e, lines });
  });

  return r;
}
