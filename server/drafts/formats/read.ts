/**
 * The checks every parser shares: bytes → text (UTF-8 only), JSON with bounded nesting, and typed
 * field readers that name the field they reject. All throw InvalidDraftError.
 */
import { InvalidDraftError } from '../../errors.ts';
import { cleanLabel } from '../../text-safety.ts';

/** Deeper JSON than this is no ASR output: refused before JSON.parse recurses into it. */
export const MAX_JSON_DEPTH = 32;
/** Longest word kept; ASR tools emit words, not paragraphs. */
export const MAX_WORD_CHARS = 100;
/** Longest a single word or a speaker span may last, in seconds; beyond is nonsense timing. */
export const MAX_WORD_SECONDS = 30;
export const MAX_SPAN_SECONDS = 4 * 3600;

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function invalidUtf8At(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n = 0;
    let min = 0;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    if (i + n >= b.length && n > 0) return i;
    let cp = n === 0 ? c : c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (n > 0 && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) return i;
    i += n + 1;
  }
  return -1;
}

/** The file as text: UTF-8 (a BOM is dropped), or a 400 naming the line of the first bad byte. */
export function decodeText(b: Uint8Array): string {
  const bad = invalidUtf8At(b);
  if (bad >= 0) {
    let line = 1;
    for (let i = 0; i < bad; i++) if (b[i] === 0x0a) line++;
    throw new InvalidDraftError(
      `The draft is not valid UTF-8 text (line ${line}, byte ${bad}). Save it as UTF-8 and send it again.`,
      `line ${line}`,
    );
  }
  const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Nesting depth of JSON text (brackets outside strings), stopping as soon as it passes `limit`. */
export function jsonDepthExceeds(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return line;
    } else if (c === 93 || c === 125) depth--;
  }
  return 0;
}

export function parseJson(text: string): unknown {
  const deepAt = jsonDepthExceeds(text, MAX_JSON_DEPTH);
  if (deepAt) {
    throw new InvalidDraftError(
      `The draft's JSON nests deeper than ${MAX_JSON_DEPTH} levels (line ${deepAt}); no ASR tool writes that.`,
      `line ${deepAt}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : null;
    throw new InvalidDraftError(
      `The draft is not valid JSON${line ? ` (line ${line})` : ''}: ${(e as Error).message}`,
      line ? `line ${line}` : '(file)',
    );
  }
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown, where: string): Obj {
  if (!isObj(v)) throw new InvalidDraftError(`${where} must be an object.`, where);
  return v;
}

export function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new InvalidDraftError(`${where} must be a list.`, where);
  return v;
}

/** A time in seconds: finite, not negative, at most a day (no recording is longer). */
export function seconds(v: unknown, where: string, scale = 1): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new InvalidDraftError(
      `${where} must be a number of ${scale === 1 ? 'seconds' : 'milliseconds'}.`,
      where,
    );
  }
  const t = v / scale;
  if (t < 0) throw new InvalidDraftError(`${where} is negative (${v}); times start at 0.`, where);
  if (t > 86_400) throw new InvalidDraftError(`${where} (${v}) lies beyond any recording's end.`, where);
  return t;
}

export function optSeconds(v: unknown, where: string, scale = 1): number | undefined {
  return v === undefined || v === null ? undefined : seconds(v, where, scale);
}

export function confidence(v: unknown, where: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new InvalidDraftError(
      `${where} must be a confidence from 0 to 1; it is ${JSON.stringify(v)}.`,
      where,
    );
  }
  return v;
}

export function text(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new InvalidDraftError(`${where} must be text.`, where);
  const t = cleanLabel(v);
  if (t.length > MAX_WORD_CHARS) {
    throw new InvalidDraftError(
      `${where} is ${t.length} characters long; a word has at most ${MAX_WORD_CHARS}.`,
      where,
    );
  }
  return t;
}

/** A speaker label: text or a number, kept as the tool wrote it (a number becomes "Speaker N"). */
export function speaker(v: unknown, where: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return `Speaker ${v}`;
  if (typeof v !== 'string') throw new InvalidDraftError(`${where} must be a speaker label.`, where);
  const s = cleanLabel(v).slice(0, 64);
  return s || undefined;
}

/** A word's own times: end not before start, and no longer than a word can be. */
export function checkSpan(start: number, end: number, where: string, max = MAX_WORD_SECONDS): void {
  if (end < start) {
    throw new InvalidDraftError(`${where} ends (${end} s) before it starts (${start} s).`, where);
  }
  if (end - start > max) {
    throw new InvalidDraftError(`${where} lasts ${(end - start).toFixed(1)} s; that is no word.`, where);
  }
}
