/**
 * Deepgram pre-recorded JSON: `results.channels[0].alternatives[0].words[{word, punctuated_word?,
 * start, end, confidence, speaker?}]`, seconds. `punctuated_word` (smart_format) is preferred.
 */
import type { ParsedDraft, ParsedWord } from '../types.ts';
import { arr, checkSpan, confidence, obj, seconds, speaker, text } from './read.ts';

export function fromDeepgram(json: unknown): ParsedDraft {
  const root = obj(json, '(file)');
  const results = obj(root.results, 'results');
  const channel = obj(arr(results.channels, 'results.channels')[0], 'results.channels[0]');
  const alt = obj(
    arr(channel.alternatives, 'results.channels[0].alternatives')[0],
    'results.channels[0].alternatives[0]',
  );
  const base = 'results.channels[0].alternatives[0].words';
  const words: ParsedWord[] = [];
  arr(alt.words, base).forEach((raw, i) => {
    const where = `${base}[${i}]`;
    const o = obj(raw, where);
    const start = seconds(o.start, `${where}.start`);
    const end = seconds(o.end, `${where}.end`);
    checkSpan(start, end, where);
    const shown = o.punctuated_word ?? o.word;
    const w: ParsedWord = {
      where,
      text: text(shown, `${where}.${o.punctuated_word === undefined ? 'word' : 'punctuated_word'}`),
      start,
      end,
    };
    const c = confidence(o.confidence, `${where}.confidence`);
    if (c !== undefined) w.confidence = c;
    const s = speaker(o.speaker, `${where}.speaker`);
    if (s !== undefined) w.speaker = s;
    if (w.text) words.push(w);
  });
  return { format: 'deepgram', words, spans: [] };
}
