import { z } from 'zod';
import { endpoint, type Endpoint } from '../contract.ts';
import { PAGE_LOCALES } from '../../domain.ts';
import { userJson } from '../../views.ts';
import * as S from '../schemas.ts';

/** The signed-in user's own preferences. */
const meBody = z.strictObject({
  /** The page language; null: follow the browser's Accept-Language. */
  locale: z.enum(PAGE_LOCALES).nullable(),
});

export const preferenceEndpoints: Endpoint[] = [
  endpoint({
    method: 'patch',
    path: '/api/me',
    summary: "Own preferences: the page language ('en', 'id', or null to follow the browser)",
    roles: ['admin', 'client', 'transcriber', 'reviewer'],
    ok: 200,
    tag: 'auth',
    body: meBody,
    response: z.strictObject({ user: S.user }),
    async handler({ d, p, body }) {
      return { user: userJson(await d.s.accounts.setOwnLocale(p, body.locale)) };
    },
  }),
];
