import { z } from 'zod';
import { ValidationError } from '../errors.ts';

/** Parses `data` with `schema` or throws a 400 whose details name every failing field. */
export function parse<S extends z.ZodType>(schema: S, data: unknown, what = 'request body'): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 20).map((i) => ({
    field: i.path.map(String).join('.') || '(body)',
    problem: i.message,
  }));
  const first = issues[0];
  throw new ValidationError(
    `The ${what} is not valid: ${first.field === '(body)' ? '' : `${first.field}: `}${first.problem}.`,
    { fields: issues },
  );
}

const MAX_TEXT = 10_000;
// Bidi embeddings, overrides and isolates too: they make a line read differently from what was typed.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** Free text a person typed: control and bidi-override characters removed (newlines and tabs kept). */
export const cleanText = (s: string): string => s.replace(CONTROL, '');

export const turnSchema = z.strictObject({
  speaker: z
    .string()
    .max(64)
    .transform((s) => s.replace(CONTROL, '').trim()),
  start: z.number().finite().min(0),
  text: z
    .string()
    .max(MAX_TEXT)
    .transform((s) => s.replace(CONTROL, '')),
});

export const turnsSchema = z.array(turnSchema).max(2000);
export const versionSchema = z.number().int().min(0);
export const idParam = z.string().regex(/^[a-z0-9-]{1,64}$/);
