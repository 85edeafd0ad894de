import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { callerWith } from '../middleware.ts';
import { parse } from '../validate.ts';
import { orgJson, userJson } from '../../views.ts';
import { glossarySchema, styleGuideSchema, tierName, turnaroundsSchema } from '../../services/orders.ts';

const role = z.enum(['admin', 'client', 'transcriber', 'reviewer']);
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
});
const userBody = z.strictObject({
  email: z.string().trim().email().max(320),
  password: z.string().min(8).max(1024),
  role,
  orgId: z.string().min(1).max(64).optional(),
});
const userPatch = z.strictObject({
  disabled: z.boolean().optional(),
  password: z.string().min(8).max(1024).optional(),
  role: role.optional(),
});
const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  before: z.coerce.number().int().optional(),
  orgId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
});

export function adminRoutes(s: Services): Router {
  const r = Router();

  r.post('/orgs', async (req, res) => {
    const p = callerWith(req, 'admin');
    const { name } = parse(orgBody, req.body);
    res.status(201).json({ org: orgJson(await s.accounts.createOrg(p, name)) });
  });
  r.get('/orgs', async (req, res) => {
    callerWith(req, 'admin');
    res.json({ orgs: (await s.accounts.listOrgs()).map(orgJson) });
  });
  r.patch('/orgs/:id', async (req, res) => {
    const p = callerWith(req, 'admin');
    const patch = parse(orgPatch, req.body);
    res.json({ org: orgJson(await s.accounts.updateOrg(p, req.params.id, patch)) });
  });

  r.post('/users', async (req, res) => {
    const p = callerWith(req, 'admin');
    const body = parse(userBody, req.body);
    res.status(201).json({ user: userJson(await s.accounts.createUser(p, body)) });
  });
  r.get('/users', async (req, res) => {
    callerWith(req, 'admin');
    res.json({ users: (await s.accounts.listUsers()).map(userJson) });
  });
  r.patch('/users/:id', async (req, res) => {
    const p = callerWith(req, 'admin');
    const patch = parse(userPatch, req.body);
    res.json({ user: userJson(await s.accounts.updateUser(p, req.params.id, patch)) });
  });

  r.get('/audit', async (req, res) => {
    callerWith(req, 'admin');
    const q = parse(auditQuery, req.query, 'query');
    const entries = await s.audit.list(q);
    res.json({
      entries: entries.map((e) => ({
        id: e._id,
        at: new Date(e.at).toISOString(),
        actorId: e.actorId,
        orgId: e.orgId,
        action: e.action,
        target: e.target,
        details: e.details ?? {},
        ip: e.ip ?? null,
      })),
    });
  });

  r.get('/admin/queue', async (req, res) => {
    callerWith(req, 'admin');
    res.json(await s.stats.queue());
  });

  r.get('/admin/quality', async (req, res) => {
    callerWith(req, 'admin');
    res.json({ transcribers: await s.stats.quality() });
  });

  r.get('/webhooks/deliveries', async (req, res) => {
    callerWith(req, 'admin');
    const orgId = typeof req.query.orgId === 'string' ? req.query.orgId : undefined;
    res.json({ deliveries: await s.webhooks.list(orgId) });
  });

  return r;
}
