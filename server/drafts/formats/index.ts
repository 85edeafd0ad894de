/**
 * Reads a machine draft in any supported format: bytes → checked text → the format's parser (named,
 * or detected from the content) → words in time order. Pure: no store, no HTTP. Every problem is an
 * InvalidDraftError naming the line or field.
 */
import { InvalidDraftError } from '../../errors.ts';
import { isDraftFormat, type DraftFormat, type ParsedDraft } from '../types.ts';
import { fromAssemblyAi } from './assemblyai.ts';
import { fromDeepgram } from './deepgram.ts';
import { fromElevenLabs } from './elevenlabs.ts';
import { fromRev } from './rev.ts';
import { fromRttm } from './rttm.ts';
import { fromSrt } from './srt.ts';
import { fromVtt } from './vtt.ts';
import { fromWhisperX } from './whisperx.ts';
import { decodeText, isObj, parseJson } from './read.ts';
import { TIMING } from './cues.ts';

/** Largest draft file accepted (an hour of words in the wordiest JSON is a few MB). */
export const MAX_DRAFT_BYTES = 50 * 1024 * 1024;
/** Most words one draft may hold: 6 hours of fast speech. */
export const MAX_DRAFT_WORDS = 200_000;
/**
 * How far a word may start before the one listed ahead of it: tools list words in time order,
 * overlapping speakers by a little at most. Further back is a shuffled or corrupt file.
 */
export const MAX_BACKSTEP_SECONDS = 2;

const JSON_PARSERS: Record<Exclude<DraftFormat, 'vtt' | 'srt' | 'rttm'>, (j: unknown) => ParsedDraft> = {
  whisperx: fromWhisperX,
  assemblyai: fromAssemblyAi,
  deepgram: fromDeepgram,
  elevenlabs: fromElevenLabs,
  rev: fromRev,
};

/** Which tool wrote this JSON, from the fields each one's documented layout has. */
export function detectJson(json: unknown): DraftFormat | null {
  if (!isObj(json)) return null;
  if (Array.isArray(json.segments)) return 'whisperx';
  if (isObj(json.results) && Array.isArray(json.results.channels)) return 'deepgram';
  if (Array.isArray(json.monologues)) return 'rev';
  if (Array.isArray(json.words)) {
    const first: unknown = json.words.find(isObj);
    if (isObj(first) && ('type' in first || 'speaker_id' in first || 'logprob' in first)) return 'elevenlabs';
    if ('language_code' in json && !('confidence' in json)) return 'elevenlabs';
    return 'assemblyai';
  }
  return null;
}

/** Which text format this is: WebVTT's header, RTTM's record type, or an SRT cue timing. */
export function detectText(source: string): DraftFormat | null {
  const head = source.trimStart();
  if (/^WEBVTT/.test(head)) return 'vtt';
  if (/^SPEAKER\s/m.test(head.slice(0, 4096)) && /^(SPEAKER|SPKR-INFO|;;)/.test(head)) return 'rttm';
  const lines = head.split(/\r\n|\r|\n/, 3);
  if (lines.some((l) => TIMING.test(l))) return 'srt';
  return null;
}

export function parseDraft(bytes: Uint8Array, named?: string): ParsedDraft {
  if (named !== undefined && !isDraftFormat(named)) {
    throw new InvalidDraftError(
      `Unknown draft format "${named}"; use whisperx, assemblyai, deepgram, elevenlabs, rev, vtt, srt or rttm.`,
      'format',
    );
  }
  if (bytes.byteLength > MAX_DRAFT_BYTES) {
    throw new InvalidDraftError(`The draft is larger than ${MAX_DRAFT_BYTES / 1024 / 1024} MB.`, '(file)');
  }
  if (bytes.byteLength === 0) throw new InvalidDraftError('The draft file is empty.', '(file)');
  const source = decodeText(bytes);
  const looksJson = /^\s*[[{]/.test(source);
  let parsed: ParsedDraft;
  if (named === 'vtt' || named === 'srt' || named === 'rttm' || (!named && !looksJson)) {
    const format = named ?? detectText(source);
    if (format === 'vtt') parsed = fromVtt(source);
    else if (format === 'srt') parsed = fromSrt(source);
    else if (format === 'rttm') parsed = fromRttm(source);
    else {
      throw new InvalidDraftError(
        'The draft is in no known format: not JSON from WhisperX, AssemblyAI, Deepgram, ElevenLabs or Rev, and not WebVTT, SRT or RTTM.',
        'line 1',
      );
    }
  } else {
    const json = parseJson(source);
    const format = named ?? detectJson(json);
    if (!format || !(format in JSON_PARSERS)) {
      throw new InvalidDraftError(
        named
          ? `A ${named} draft is not JSON.`
          : 'The JSON is from no known tool: expected WhisperX "segments", AssemblyAI or ElevenLabs "words", Deepgram "results" or Rev/Gecko "monologues".',
        '(file)',
      );
    }
    parsed = JSON_PARSERS[format as keyof typeof JSON_PARSERS](json);
  }
  checkOrder(parsed);
  return parsed;
}

/** Words in time order (allowing speakers to overlap a little), and not too many of them. */
function checkOrder(d: ParsedDraft): void {
  if (d.words.length > MAX_DRAFT_WORDS) {
    throw new InvalidDraftError(
      `The draft holds ${d.words.length} words; at most ${MAX_DRAFT_WORDS} are taken.`,
      '(file)',
    );
  }
  let latest = 0;
  for (const w of d.words) {
    if (w.start < latest - MAX_BACKSTEP_SECONDS) {
      throw new InvalidDraftError(
        `${w.where} starts at ${w.start} s, before words listed ahead of it (${latest} s): the words are out of time order.`,
        w.where,
      );
    }
    latest = Math.max(latest, w.start);
  }
  if (d.format !== 'rttm' && d.words.length === 0) {
    throw new InvalidDraftError('The draft holds no words.', '(file)');
  }
}

export { MAX_JSON_DEPTH } from './read.ts';
