/**
 * The client's order: turnaround tiers and deadlines, verbatim mode, instructions and glossary.
 * The rules live here (defaults, limits, which text is acceptable, how a deadline is computed);
 * routes only parse shapes with the zod pieces below, and services ask these functions.
 */
import MarkdownIt from 'markdown-it';
import { z } from 'zod';
import type { GlossaryEntry, OrgDoc, RecordingDoc, Turnaround, Verbatim } from '../domain.ts';
import { ValidationError } from '../errors.ts';
import { hasHiddenCharacters } from '../text-safety.ts';

export const DEFAULT_TURNAROUNDS: readonly Turnaround[] = Object.freeze([
  { name: 'rush', hours: 6 },
  { name: 'standard', hours: 24 },
  { name: 'economy', hours: 72 },
]);
export const DEFAULT_TURNAROUND = 'standard';

export const LIMITS = {
  styleGuideChars: 20_000,
  glossaryEntries: 2_000,
  termChars: 100,
  noteChars: 500,
  instructionsChars: 5_000,
  /** A year: anything longer is a typo, not a turnaround. */
  maxHours: 24 * 366,
  tiers: 20,
  /** Extra terms a single recording may add. */
  recordingTerms: 500,
} as const;

/** Markup has no place in a term or a note; in instructions it would be shown as typed anyway. */
const TAG = /<\s*\/?\s*[a-z!]/i;

/** A string refused when it holds bidi/control characters or an HTML tag (`<script>`, `<img …>`). */
const plainText = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} is longer than ${max} characters`)
    .refine((s) => !hasHiddenCharacters(s), `${what} holds control or bidi-override characters`)
    .refine((s) => !TAG.test(s), `${what} holds an HTML tag; write plain text`)
    .transform((s) => s.trim());

export const tierName = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a tier name is 1–32 lower-case letters, digits, - or _');

export const turnaroundsSchema = z
  .array(
    z.strictObject({
      name: tierName,
      hours: z
        .number()
        .positive('hours must be more than 0')
        .max(LIMITS.maxHours, `hours must be at most ${LIMITS.maxHours}`),
    }),
  )
  .min(1, 'at least one tier')
  .max(LIMITS.tiers)
  .refine((ts) => new Set(ts.map((t) => t.name)).size === ts.length, 'tier names must differ');

export const glossaryEntrySchema = z.strictObject({
  term: plainText(LIMITS.termChars, 'a term').pipe(
    z
      .string()
      .min(1, 'a term is empty')
      .regex(/^[^\t\n\r]*$/, 'a term is one line'),
  ),
  note: plainText(LIMITS.noteChars, 'a note').optional(),
});

export const glossarySchema = z
  .array(glossaryEntrySchema)
  .max(LIMITS.glossaryEntries, `at most ${LIMITS.glossaryEntries} glossary entries`);

export const styleGuideSchema = z
  .string()
  .max(LIMITS.styleGuideChars, `the style guide is longer than ${LIMITS.styleGuideChars} characters`)
  .refine((s) => !hasHiddenCharacters(s), 'the style guide holds control or bidi-override characters')
  .transform((s) => s.replace(/\r\n?/g, '\n'));

export const verbatimSchema = z.enum(['clean', 'full']);

export const instructionsSchema = z
  .string()
  .max(LIMITS.instructionsChars, `instructions are longer than ${LIMITS.instructionsChars} characters`)
  .refine((s) => !hasHiddenCharacters(s), 'instructions hold control or bidi-override characters')
  .refine((s) => !TAG.test(s), 'instructions hold an HTML tag; write plain text')
  .transform((s) => s.replace(/\r\n?/g, '\n').trim());

/** A recording's extra terms as upload metadata sends them: newline- or comma-separated. */
export const recordingTermsSchema = z
  .string()
  .max(LIMITS.recordingTerms * (LIMITS.termChars + 1), 'the glossary is too long')
  .transform((s) =>
    s
      .split(/[\n,]/)
      .map((t) => t.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(plainText(LIMITS.termChars, 'a glossary term'))
      .max(LIMITS.recordingTerms, `at most ${LIMITS.recordingTerms} terms per recording`),
  )
  .transform((terms) => [...new Set(terms)].map((term) => ({ term })));

/** What the order fields of an upload become once parsed. */
export interface OrderMeta {
  turnaround?: string;
  verbatim?: Verbatim;
  instructions?: string;
  glossary?: GlossaryEntry[];
}

export function tiersOf(org: Pick<OrgDoc, 'turnarounds'>): readonly Turnaround[] {
  return org.turnarounds?.length ? org.turnarounds : DEFAULT_TURNAROUNDS;
}

export function defaultTierOf(org: Pick<OrgDoc, 'turnarounds' | 'defaultTurnaround'>): string {
  const tiers = tiersOf(org);
  const wanted = org.defaultTurnaround ?? DEFAULT_TURNAROUND;
  return tiers.some((t) => t.name === wanted) ? wanted : tiers[0].name;
}

/** The tier an upload asked for (or the organisation's default), with its hours; 400 for an unknown one. */
export function chooseTier(
  org: Pick<OrgDoc, 'turnarounds' | 'defaultTurnaround'>,
  requested: string | undefined,
): Turnaround {
  const tiers = tiersOf(org);
  const name = requested ?? defaultTierOf(org);
  const tier = tiers.find((t) => t.name === name);
  if (!tier) {
    throw new ValidationError(
      `There is no turnaround "${name}": choose one of ${tiers.map((t) => t.name).join(', ')}.`,
      { fields: [{ field: 'turnaround', problem: 'unknown tier' }] },
    );
  }
  return tier;
}

/** The order fields a new recording starts with. */
export function orderFields(
  org: Pick<OrgDoc, 'turnarounds' | 'defaultTurnaround'>,
  meta: OrderMeta,
): Pick<
  RecordingDoc,
  'turnaround' | 'turnaroundHours' | 'deadlineAt' | 'verbatim' | 'instructions' | 'glossary'
> {
  const tier = chooseTier(org, meta.turnaround);
  return {
    turnaround: tier.name,
    turnaroundHours: tier.hours,
    deadlineAt: null,
    verbatim: meta.verbatim ?? 'clean',
    instructions: meta.instructions ?? '',
    glossary: meta.glossary ?? [],
  };
}

/**
 * The deadline of a recording whose last byte arrived at `uploadedAt`: the hours of the tier it
 * was ordered with (kept on the recording, so changing the organisation's tiers moves nothing).
 */
export function deadlineFor(rec: Pick<RecordingDoc, 'turnaroundHours'>, uploadedAt: number): number | null {
  return rec.turnaroundHours === undefined ? null : uploadedAt + rec.turnaroundHours * 3_600_000;
}

/** The organisation's glossary and the recording's extra terms, once each (the first note wins). */
export function glossaryFor(
  org: Pick<OrgDoc, 'glossary'> | null,
  rec: Pick<RecordingDoc, 'glossary'>,
): GlossaryEntry[] {
  const seen = new Set<string>();
  const out: GlossaryEntry[] = [];
  for (const e of [...(org?.glossary ?? []), ...(rec.glossary ?? [])]) {
    const key = e.term.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** What the transcriber and the reviewer of a segment see of its order (never the client's name or file). */
export interface OrderView {
  deadlineAt: number | null;
  verbatim: Verbatim;
  instructions: string;
  /** Markdown as the admin wrote it, and as safe HTML (raw HTML in it is shown as text). */
  styleGuide: string;
  styleGuideHtml: string;
  glossary: GlossaryEntry[];
}

// html: false escapes any HTML in the guide; markdown-it's link check refuses javascript:, vbscript:
// and data: URLs other than images. Links open outside the editor without telling the target who clicked.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('target', '_blank');
  tokens[idx].attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderStyleGuide(md: string): string {
  return md.trim() ? markdown.render(md) : '';
}

export function orderView(
  org: Pick<OrgDoc, 'styleGuide' | 'glossary'> | null,
  rec: Pick<RecordingDoc, 'deadlineAt' | 'verbatim' | 'instructions' | 'glossary'> | null,
): OrderView {
  const styleGuide = org?.styleGuide ?? '';
  return {
    deadlineAt: rec?.deadlineAt ?? null,
    verbatim: rec?.verbatim ?? 'clean',
    instructions: rec?.instructions ?? '',
    styleGuide,
    styleGuideHtml: renderStyleGuide(styleGuide),
    glossary: glossaryFor(org, rec ?? {}),
  };
}
