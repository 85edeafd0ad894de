/**
 * ElevenLabs Scribe JSON: `words[{text, start, end, type, speaker_id, logprob?}]`, seconds. `spacing`
 * entries are the gaps between words and are skipped; `audio_event` entries ("(laughter)") are kept
 * as tags. Scribe gives a log-probability, not a confidence: exp(logprob) is one.
 */
import type { ParsedDraft, ParsedWord } from '../types.ts';
import { InvalidDraftError } from '../../errors.ts';
import { arr, checkSpan, obj, seconds, speaker, text } from './read.ts';

const TYPES = new Set(['word', 'spacing', 'audio_event']);

export function fromElevenLabs(json: unknown): ParsedDraft {
  const root = obj(json, '(file)');
  const words: ParsedWord[] = [];
  arr(root.words, 'words').forEach((raw, i) => {
    const where = `words[${i}]`;
    const o = obj(raw, where);
    const type = o.type ?? 'word';
    if (typeof type !== 'string' || !TYPES.has(type)) {
      throw new InvalidDraftError(`${where}.type must be word, spacing or audio_event.`, `${where}.type`);
    }
    if (type === 'spacing') return;
    const start = seconds(o.start, `${where}.start`);
    const end = seconds(o.end, `${where}.end`);
    checkSpan(start, end, where);
    let t = text(o.text, `${where}.text`);
    if (type === 'audio_event') t = `[${t.replace(/^[([]|[)\]]$/g, '')}]`;
    const w: ParsedWord = { where, text: t, start, end };
    if (typeof o.logprob === 'number' && Number.isFinite(o.logprob) && o.logprob <= 0)
      w.confidence = Math.exp(o.logprob);
    const s = speaker(o.speaker_id, `${where}.speaker_id`);
    if (s !== undefined) w.speaker = s;
    if (t) words.push(w);
  });
  return { format: 'elevenlabs', words, spans: [] };
}
