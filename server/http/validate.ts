import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { cleanLabel, cleanTyped } from '../text-safety.ts';

/** Parses `data` with `schema` or throws a 400 whose details name every failing field. */
export function parse<S extends z.ZodType>(schema: S, data: unknown, what = 'request body'): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  throw invalid(r.error, what);
}

/** The 400 for a failed parse of the `what`, naming every failing field (the first 20). */
export function invalid(error: z.ZodError, what: string): ValidationError {
  const issues = error.issues.slice(0, 20).map((i) => ({
    field: i.path.map(String).join('.') || '(body)',
    problem: i.message,
  }));
  const first = issues[0];
  return new ValidationError(
    `The ${what} is not valid: ${first.field === '(body)' ? '' : `${first.field}: `}${first.problem}.`,
    { fields: issues },
  );
}

const MAX_TEXT = 10_000;

const turnSchema = z.strictObject({
  speaker: z.string().max(64).transform(cleanLabel),
  start: z.number().finite().min(0),
  text: z.string().max(MAX_TEXT).transform(cleanTyped),
});

export const turnsSchema = z.array(turnSchema).max(2000);
export const versionSchema = z.number().int().min(0);
