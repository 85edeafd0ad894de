/**
 * Turns a plain English → translation map into @lit/localize's runtime templates, so translators
 * edit readable text (keyed by the English source) and nobody runs the lit-localize CLI.
 *
 * Placeholders: `{0}`, `{1}`… stand for the expressions of `msg(str`…${a}…${b}…`)` in source order;
 * a translation may reorder them ("{1} dari {0}").
 */
import { generateMsgId } from '@lit/localize/internal/id-generation.js';
import type { StrResult } from '@lit/localize';

/** English source text → its translation. */
export type Catalog = Readonly<Record<string, string>>;

type Templates = Record<string, string | StrResult>;

const PLACEHOLDER = /\{(\d+)\}/g;

/** The message id @lit/localize computes at runtime for `msg(english)` / `msg(str`…`)`. */
export function messageId(english: string): string {
  return generateMsgId(
    english.split(PLACEHOLDER).filter((_, i) => i % 2 === 0),
    false,
  );
}

export function toTemplates(catalog: Catalog): Templates {
  const out: Templates = {};
  for (const [english, translated] of Object.entries(catalog)) {
    const pieces = translated.split(PLACEHOLDER);
    if (pieces.length === 1) {
      out[messageId(english)] = translated;
      continue;
    }
    const strings = pieces.filter((_, i) => i % 2 === 0);
    const values = pieces.filter((_, i) => i % 2 === 1).map(Number);
    // The shape runtime-msg expects of a translated str`` template: strings + source value order.
    out[messageId(english)] = {
      strTag: true,
      strings: strings as unknown as TemplateStringsArray,
      values,
    } as unknown as StrResult;
  }
  return out;
}

/** Every area's catalog as one (a key in two areas: the later wins; `catalogConflicts` finds those). */
export function mergeCatalogs(...catalogs: Catalog[]): Catalog {
  return Object.assign({}, ...catalogs) as Catalog;
}

/** English keys that two areas translate differently: a test keeps this empty. */
export function catalogConflicts(catalogs: Record<string, Catalog>): string[] {
  const seen = new Map<string, [area: string, text: string]>();
  const out: string[] = [];
  for (const [area, c] of Object.entries(catalogs)) {
    for (const [k, v] of Object.entries(c)) {
      const before = seen.get(k);
      if (before && before[1] !== v)
        out.push(`"${k}": ${before[0]} says "${before[1]}", ${area} says "${v}"`);
      else seen.set(k, [area, v]);
    }
  }
  return out;
}
