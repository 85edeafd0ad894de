import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { endpoint, type Endpoint } from '../contract.ts';
import { orgJson, userJson } from '../../views.ts';
import { glossarySchema, styleGuideSchema, tierName, turnaroundsSchema } from '../../services/orders.ts';
import * as S from '../schemas.ts';
import { requestOrigin } from './people.ts';

const orgBody = z.strictObject({ name: z.string().trim().min(1).max(200) });
const orgPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  segmentSeconds: z.number().int().min(10).max(3600).optional(),
  minSegmentSeconds: z.number().int().min(5).max(3600).nullable().optional(),
  maxSegmentSeconds: z.number().int().min(10).max(7200).nullable().optional(),
  retentionDays: z.number().int().min(1).max(36500).nullable().optional(),
  // Where a webhook may point is the service's rule (webhook-target.ts); here only the shape.
  webhookUrl: z.string().url().max(2000).nullable().optional(),
  webhookSecret: z.string().min(8).max(500).nullable().optional(),
  turnarounds: turnaroundsSchema.optional(),
  defaultTurnaround: tierName.optional(),
  styleGuide: styleGuideSchema.optional(),
  glossary: glossarySchema.optional(),
  asr: z.enum(['off', 'auto']).optional(),
  draftMinQuality: z.number().min(0).max(1).optional(),
});
const personName = z.string().trim().min(1).max(100);
const userBody = z.strictObject({
  email: z.string().trim().email().max(320),
  name: personName.optional(),
  // Left out, the user is invited to choose one (a link, e-mailed when mail is on).
  password: z.string().min(8).max(1024).optional(),
  role: S.role,
  orgId: z.string().min(1).max(64).optional(),
});
const userPatch = z.strictObject({
  name: personName.optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(8).max(1024).optional(),
  role: S.role.optional(),
});
/** `2026-12-01` (a whole day, in UTC) or an ISO-8601 time; `end` picks the day's last millisecond. */
function dateBound(end: boolean) {
  return z
    .string()
    .max(40)
    .transform((v, ctx) => {
      const day = /^\d{4}-\d{2}-\d{2}$/.test(v);
      const t = Date.parse(day ? `${v}T00:00:00.000Z` : v);
      if (!Number.isFinite(t)) {
        ctx.addIssue({ code: 'custom', message: 'a date such as 2026-12-01, or an ISO-8601 time' });
        return z.NEVER;
      }
      return day && end ? t + 24 * 3600 * 1000 - 1 : t;
    });
}
const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200).describe('entries per page'),
  before: z.coerce.number().int().optional().describe('only entries before this time (epoch ms)'),
  orgId: z.string().max(64).optional().describe('only this organisation'),
  action: z.string().max(64).optional().describe('only this action, e.g. segment.return'),
  userId: z.string().max(64).optional().describe('only what this user did'),
  from: dateBound(false).optional().describe('from this day (YYYY-MM-DD, UTC) or ISO-8601 time'),
  to: dateBound(true).optional().describe('up to this day (inclusive) or ISO-8601 time'),
  cursor: z
    .string()
    .max(200)
    .regex(/^\d+\.[\w-]+$/, 'the nextCursor of the previous page')
    .optional()
    .describe('nextCursor of the previous page'),
});
const deliveriesQuery = z.object({
  // Anything but one string (a repeated parameter) lists every organisation, as before.
  orgId: z.unknown().optional().describe('only this organisation'),
});

const orgAnswer = z.strictObject({ org: S.org });
const userAnswer = z.strictObject({ user: S.user });

/** Largest organisation-settings body an admin may send (a 20,000-character guide is far below it). */
const ORG_SETTINGS_JSON_BYTES = 8 * 1024 * 1024;

/**
 * An organisation's settings carry its style guide and glossary: an admin's body may be larger than
 * MAX_JSON_BYTES there, so that an oversized guide is refused with a 400 naming the field (the
 * orders.ts limits) rather than a bare 413. Everyone else gets the usual limit.
 */
function orgSettingsJson(maxJsonBytes: number): RequestHandler {
  const json = (limit: number) =>
    express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] });
  const usual = json(maxJsonBytes);
  const admins = json(Math.max(maxJsonBytes, ORG_SETTINGS_JSON_BYTES));
  return (req, res, next) => (req.principal?.role === 'admin' ? admins : usual)(req, res, next);
}

export const adminEndpoints: Endpoint[] = [
  endpoint({
    method: 'post',
    path: '/api/orgs',
    summary: 'Create an organisation',
    roles: ['admin'],
    ok: 201,
    tag: 'admin',
    body: orgBody,
    response: orgAnswer,
    async handler({ d, p, body }) {
      return { org: orgJson(await d.s.accounts.createOrg(p, body.name)) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/orgs',
    summary: 'List organisations',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    response: z.strictObject({ orgs: z.array(S.org) }),
    async handler({ d }) {
      return { orgs: (await d.s.accounts.listOrgs()).map(orgJson) };
    },
  }),
  endpoint({
    method: 'patch',
    path: '/api/orgs/{id}',
    summary: 'Organisation settings',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    body: orgPatch,
    // Parses its own body, with the larger limit for admins (mounted before the usual JSON parser).
    rawBody: true,
    use: (d) => [orgSettingsJson(d.config.maxJsonBytes)],
    response: orgAnswer,
    async handler({ d, p, params, body }) {
      return { org: orgJson(await d.s.accounts.updateOrg(p, params.id, body)) };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/users',
    summary: 'Create a user; without a password the user is invited (inviteUrl; e-mailed when mail is on)',
    roles: ['admin'],
    ok: 201,
    tag: 'admin',
    body: userBody,
    response: z.strictObject({
      user: S.user,
      inviteUrl: z.string().optional(),
      mailed: z.boolean().optional(),
    }),
    async handler({ req, d, p, body }) {
      const { user, invite } = await d.s.invites.createUser(p, body, requestOrigin(req));
      return { user: userJson(user), ...(invite ? { inviteUrl: invite.url, mailed: invite.mailed } : {}) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/users',
    summary: 'List users',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    response: z.strictObject({ users: z.array(S.user) }),
    async handler({ d }) {
      return { users: (await d.s.accounts.listUsers()).map(userJson) };
    },
  }),
  endpoint({
    method: 'patch',
    path: '/api/users/{id}',
    summary: 'Rename, disable, re-enable, change role or password',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    body: userPatch,
    response: userAnswer,
    async handler({ d, p, params, body }) {
      return { user: userJson(await d.s.accounts.updateUser(p, params.id, body)) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/audit',
    summary:
      'Audit log, newest first, naming who did it; filtered by user, action, organisation and date, a page at a time (nextCursor)',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    query: auditQuery,
    response: z.strictObject({ entries: z.array(S.auditEntry), nextCursor: z.string().nullable() }),
    async handler({ d, query: { cursor, ...query } }) {
      const after = cursor
        ? { at: Number(cursor.slice(0, cursor.indexOf('.'))), id: cursor.slice(cursor.indexOf('.') + 1) }
        : undefined;
      const entries = await d.s.audit.list({ ...query, after });
      const names = await d.s.accounts.namesOf(entries.map((e) => e.actorId));
      const last = entries.at(-1);
      return {
        entries: entries.map((e) => ({
          id: e._id,
          at: new Date(e.at).toISOString(),
          actorId: e.actorId,
          actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
          orgId: e.orgId,
          action: e.action,
          target: e.target,
          details: e.details ?? {},
          ip: e.ip ?? null,
        })),
        nextCursor: last && entries.length === query.limit ? `${last.at}.${last._id}` : null,
      };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/admin/queue',
    summary: 'Segment and job queue figures',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    response: S.queueFigures,
    async handler({ d }) {
      return d.s.stats.queue();
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/admin/quality',
    summary: 'Per-transcriber figures: segments, audio minutes, word error rate',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    response: z.strictObject({ transcribers: z.array(S.qualityRow), drafts: z.array(S.draftFigureRow) }),
    async handler({ d }) {
      return { transcribers: await d.s.stats.quality(), drafts: await d.s.stats.draftFigures() };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/webhooks/deliveries',
    summary: 'Webhook deliveries',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    query: deliveriesQuery,
    response: z.strictObject({ deliveries: z.array(S.webhookDelivery) }),
    async handler({ d, query }) {
      const orgId = typeof query.orgId === 'string' ? query.orgId : undefined;
      return { deliveries: await d.s.webhooks.list(orgId) };
    },
  }),
];
