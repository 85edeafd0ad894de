import { z } from 'zod';
import { endpoint, SENT, type Endpoint } from '../contract.ts';
import * as S from '../schemas.ts';

export const healthEndpoints: Endpoint[] = [
  endpoint({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness and configuration summary (503 with ok: false when the store does not answer)',
    roles: ['anonymous'],
    ok: 200,
    tag: 'health',
    mount: 'app',
    response: S.health,
    async handler({ res, d: { s, health } }) {
      const summary = {
        store: s.store.kind,
        ffmpeg: health.ffmpeg,
        classifier: health.classifier,
        asr: s.asr.status,
      };
      try {
        await s.store.ping();
      } catch {
        res.status(503).json({ ok: false, ...summary, error: 'The store does not answer.' });
        return SENT;
      }
      return {
        ok: true,
        ...summary,
        ...(health.classifierReason ? { classifierReason: health.classifierReason } : {}),
      };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    roles: ['anonymous'],
    ok: 200,
    tag: 'health',
    mount: 'app',
    response: z.record(z.string(), z.unknown()),
    handler: async ({ d }) => d.openApi,
  }),
];
