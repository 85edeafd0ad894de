/** AssemblyAI transcript JSON: `words[{text, start, end, confidence, speaker}]`, times in milliseconds. */
import type { ParsedDraft, ParsedWord } from '../types.ts';
import { arr, checkSpan, confidence, obj, seconds, speaker, text } from './read.ts';

export function fromAssemblyAi(json: unknown): ParsedDraft {
  const root = obj(json, '(file)');
  const words: ParsedWord[] = [];
  arr(root.words, 'words').forEach((raw, i) => {
    const where = `words[${i}]`;
    const o = obj(raw, where);
    const start = seconds(o.start, `${where}.start`, 1000);
    const end = seconds(o.end, `${where}.end`, 1000);
    checkSpan(start, end, where);
    const w: ParsedWord = { where, text: text(o.text, `${where}.text`), start, end };
    const c = confidence(o.confidence, `${where}.confidence`);
    if (c !== undefined) w.confidence = c;
    // AssemblyAI labels speakers "A", "B", …: kept as the tool's labels for the speaker map.
    const s = speaker(o.speaker, `${where}.speaker`);
    if (s !== undefined) w.speaker = s;
    if (w.text) words.push(w);
  });
  return { format: 'assemblyai', words, spans: [] };
}
