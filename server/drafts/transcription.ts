/**
 * The answer of an OpenAI-compatible `POST /audio/transcriptions` with `response_format=verbose_json`
 * and `timestamp_granularities[]=word`, as the servers really send it:
 * - OpenAI (and vLLM): top-level `words[{word, start, end}]`, one entry per word, no confidence;
 *   `segments[{start, end, avg_logprob}]` beside them.
 * - faster-whisper servers: the same, words with a `probability`.
 * - whisper.cpp's server: `segments[].words[{word, start, end, probability}]` where each entry is a
 *   *token*: a leading space begins a word, anything else ("lo", ",") continues the one before.
 * Times are seconds from the start of the audio sent; the caller shifts them onto the recording.
 */
import type { DraftWord } from './types.ts';
import { isObj, type Obj } from './formats/read.ts';
import { cleanLabel } from '../text-safety.ts';

/** whisper.cpp's special tokens ([_BEG_], <|endoftext|>) are no speech. */
const SPECIAL = /^\s*(\[_[A-Z]+_?\d*\]|<\|[^|]*\|>)\s*$/;

interface Entry {
  text: string;
  start: number;
  end: number;
  p?: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function entries(list: unknown): Entry[] {
  if (!Array.isArray(list)) return [];
  const out: Entry[] = [];
  for (const w of list) {
    if (!isObj(w) || typeof w.word !== 'string' || SPECIAL.test(w.word)) continue;
    const start = num(w.start);
    const end = num(w.end);
    if (start === undefined || end === undefined || end < start || start < 0) continue;
    const p = num(w.probability);
    out.push({ text: w.word, start, end, ...(p !== undefined && p >= 0 && p <= 1 ? { p } : {}) });
  }
  return out;
}

/** Tokens → words: an entry not starting with a space (or with nothing before it) extends the previous word. */
function mergeTokens(list: Entry[]): Entry[] {
  const out: Entry[] = [];
  for (const e of list) {
    const prev = out.at(-1);
    if (prev && !/^\s/.test(e.text)) {
      prev.text += e.text;
      prev.end = Math.max(prev.end, e.end);
      // A word is as sure as its least sure piece.
      if (e.p !== undefined) prev.p = prev.p === undefined ? e.p : Math.min(prev.p, e.p);
    } else out.push({ ...e });
  }
  return out;
}

/**
 * The ASR server answered, but refused the audio: whisper.cpp's server says so with status 200 and
 * `{"error": "failed to read WAV file"}` (without --convert it reads WAV only). Retrying cannot help.
 */
export class AsrRefusedError extends Error {
  override name = 'AsrRefusedError';
}

export function transcriptionWords(json: unknown, offsetSec: number): DraftWord[] {
  if (!isObj(json)) throw new Error('the ASR server answered with no JSON object');
  if (json.error !== undefined && json.words === undefined && json.segments === undefined) {
    const said = typeof json.error === 'string' ? json.error : JSON.stringify(json.error).slice(0, 300);
    throw new AsrRefusedError(
      `The ASR server refused the segment's audio: ${said}${/wav/i.test(said) ? " (start whisper.cpp's server with --convert: the audio is Opus)" : ''}`,
    );
  }
  const segments = Array.isArray(json.segments) ? json.segments.filter(isObj) : [];
  let list = entries(json.words);
  let tokens = false;
  if (list.length === 0) {
    list = segments.flatMap((s: Obj) => entries(s.words));
    tokens = true;
  }
  // OpenAI words are whole words; whisper.cpp's (and any list whose entries carry their own spaces) are tokens.
  const words = tokens || list.some((e) => /^\s/.test(e.text)) ? mergeTokens(list) : list;
  if (words.length === 0 && typeof json.text === 'string' && json.text.trim()) {
    throw new Error(
      'the ASR server gave text without word times (is timestamp_granularities[]=word supported?)',
    );
  }
  const segConfidence = (t: number): number | undefined => {
    const s = segments.find((x) => (num(x.start) ?? Infinity) <= t && t < (num(x.end) ?? -Infinity));
    const lp = s && num(s.avg_logprob);
    return lp === undefined ? undefined : Math.min(1, Math.exp(lp));
  };
  const out: DraftWord[] = [];
  for (const e of words) {
    const text = cleanLabel(e.text).slice(0, 100);
    if (!text) continue;
    const w: DraftWord = {
      text,
      start: Math.round((e.start + offsetSec) * 1000) / 1000,
      end: Math.round((e.end + offsetSec) * 1000) / 1000,
    };
    const c = e.p ?? segConfidence((e.start + e.end) / 2);
    if (c !== undefined) w.confidence = Math.round(c * 1000) / 1000;
    out.push(w);
  }
  return out;
}
