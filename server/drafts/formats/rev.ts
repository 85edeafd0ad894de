/**
 * Rev and Gecko JSON: `monologues[{speaker, speaker_name?, terms[{start, end, text, type, confidence}]}]`
 * (Gecko), or `elements[{type, value, ts, end_ts, confidence}]` (Rev's API). Punctuation terms carry
 * no times of their own: they are glued to the word before them.
 */
import type { ParsedDraft, ParsedWord } from '../types.ts';
import { arr, checkSpan, confidence, isObj, obj, seconds, speaker, text } from './read.ts';

const PUNCTUATION = new Set(['punct', 'punctuation']);

function speakerOf(m: Record<string, unknown>, at: string): string | undefined {
  if (typeof m.speaker_name === 'string') return speaker(m.speaker_name, `${at}.speaker_name`);
  if (isObj(m.speaker)) return speaker(m.speaker.name ?? m.speaker.id, `${at}.speaker`);
  return speaker(m.speaker, `${at}.speaker`);
}

export function fromRev(json: unknown): ParsedDraft {
  const root = obj(json, '(file)');
  const words: ParsedWord[] = [];
  arr(root.monologues, 'monologues').forEach((raw, mi) => {
    const at = `monologues[${mi}]`;
    const m = obj(raw, at);
    const who = speakerOf(m, at);
    const key = m.terms !== undefined ? 'terms' : 'elements';
    arr(m[key], `${at}.${key}`).forEach((rawTerm, ti) => {
      const where = `${at}.${key}[${ti}]`;
      const t = obj(rawTerm, where);
      const kind = typeof t.type === 'string' ? t.type.toLowerCase() : 'word';
      const value = text(t.text ?? t.value, `${where}.${key === 'terms' ? 'text' : 'value'}`);
      if (PUNCTUATION.has(kind)) {
        const prev = words.at(-1);
        if (prev && value.trim()) prev.text += value.trim();
        return;
      }
      if (!value.trim()) return;
      const start = seconds(t.start ?? t.ts, `${where}.${key === 'terms' ? 'start' : 'ts'}`);
      const end = seconds(t.end ?? t.end_ts, `${where}.${key === 'terms' ? 'end' : 'end_ts'}`);
      checkSpan(start, end, where);
      const w: ParsedWord = { where, text: value.trim(), start, end };
      const c = confidence(t.confidence, `${where}.confidence`);
      if (c !== undefined) w.confidence = c;
      if (who !== undefined) w.speaker = who;
      words.push(w);
    });
  });
  return { format: 'rev', words, spans: [] };
}
