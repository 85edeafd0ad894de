import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { PAGE_LOCALES } from '../../domain.ts';
import { caller } from '../middleware.ts';
import { parse } from '../validate.ts';
import { userJson } from '../../views.ts';

/** The signed-in user's own preferences. */
const meBody = z.strictObject({
  /** The page language; null: follow the browser's Accept-Language. */
  locale: z.enum(PAGE_LOCALES).nullable(),
});

export function preferenceRoutes(s: Services): Router {
  const r = Router();
  r.patch('/me', async (req, res) => {
    const p = caller(req); // signed in first: a stranger learns nothing from a body check
    const { locale } = parse(meBody, req.body);
    res.json({ user: userJson(await s.accounts.setOwnLocale(p, locale)) });
  });
  return r;
}
