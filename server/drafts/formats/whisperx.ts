/**
 * WhisperX JSON: `segments[{start, end, text, speaker?, words[{word, start?, end?, score?, speaker?}]}]`.
 * WhisperX's aligner gives no times to words it could not align (numbers, symbols): those take the
 * gap between their neighbours (the segment's bounds at its edges).
 */
import type { ParsedDraft, ParsedWord } from '../types.ts';
import { arr, checkSpan, confidence, obj, optSeconds, seconds, speaker, text } from './read.ts';

export function fromWhisperX(json: unknown): ParsedDraft {
  const root = obj(json, '(file)');
  const words: ParsedWord[] = [];
  arr(root.segments, 'segments').forEach((raw, si) => {
    const at = `segments[${si}]`;
    const seg = obj(raw, at);
    const segStart = seconds(seg.start, `${at}.start`);
    const segEnd = seconds(seg.end, `${at}.end`);
    checkSpan(segStart, segEnd, at, 3600);
    const segSpeaker = speaker(seg.speaker, `${at}.speaker`);
    const list = seg.words === undefined ? [] : arr(seg.words, `${at}.words`);
    const got = list.map((w, wi) => {
      const where = `${at}.words[${wi}]`;
      const o = obj(w, where);
      return {
        where,
        text: text(o.word, `${where}.word`),
        start: optSeconds(o.start, `${where}.start`),
        end: optSeconds(o.end, `${where}.end`),
        confidence: confidence(o.score, `${where}.score`),
        speaker: speaker(o.speaker, `${where}.speaker`) ?? segSpeaker,
      };
    });
    got.forEach((w, i) => {
      if (!w.text) return;
      const prevEnd = i > 0 ? (got[i - 1].end ?? got[i - 1].start) : undefined;
      const nextStart = got.slice(i + 1).find((n) => n.start !== undefined)?.start;
      const start = w.start ?? prevEnd ?? segStart;
      const end = w.end ?? Math.max(start, nextStart ?? segEnd);
      checkSpan(start, end, w.where);
      const word: ParsedWord = { where: w.where, text: w.text, start, end };
      if (w.confidence !== undefined) word.confidence = w.confidence;
      if (w.speaker !== undefined) word.speaker = w.speaker;
      got[i].start = start;
      got[i].end = end;
      words.push(word);
    });
  });
  return { format: 'whisperx', words, spans: [] };
}
