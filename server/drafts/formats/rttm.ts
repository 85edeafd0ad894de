/**
 * RTTM (NIST Rich Transcription Time Marked), the diarization tools' output: speakers only.
 * `SPEAKER <file> <channel> <onset> <duration> <NA> <NA> <name> <NA> <NA>`: field 4 is the onset and
 * field 5 a duration (not an end time). Other record types (SPKR-INFO, LEXEME …) carry nothing used.
 */
import { InvalidDraftError } from '../../errors.ts';
import type { ParsedDraft, SpeakerSpan } from '../types.ts';
import { checkSpan, MAX_SPAN_SECONDS, seconds, speaker } from './read.ts';

const TYPES =
  /^(SPEAKER|SPKR-INFO|LEXEME|NON-LEX|NON-SPEECH|FILLER|SEGMENT|NOSCORE|NO_RT_METADATA|SU|CB|IP|EDIT|A\/P)$/;

export function fromRttm(source: string): ParsedDraft {
  const spans: SpeakerSpan[] = [];
  source.split(/\r\n|\r|\n/).forEach((line, n) => {
    const where = `line ${n + 1}`;
    if (!line.trim() || line.startsWith(';;') || line.startsWith('#')) return;
    const f = line.trim().split(/\s+/);
    if (!TYPES.test(f[0]) || f.length < 8) {
      throw new InvalidDraftError(
        `${where} is no RTTM record ("SPEAKER file 1 onset duration <NA> <NA> name <NA> <NA>").`,
        where,
      );
    }
    if (f[0] !== 'SPEAKER') return;
    const num = (s: string, field: string): number => {
      const v = Number(s);
      if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) {
        throw new InvalidDraftError(`${where}, field ${field}: "${s}" is not a number of seconds.`, where);
      }
      return v;
    };
    const start = seconds(num(f[3], '4 (onset)'), `${where}, field 4 (onset)`);
    const duration = num(f[4], '5 (duration)');
    if (duration < 0) {
      throw new InvalidDraftError(`${where}, field 5 (duration) is negative (${f[4]}).`, where);
    }
    checkSpan(start, start + duration, where, MAX_SPAN_SECONDS);
    const who = speaker(f[7], `${where}, field 8 (name)`);
    if (!who) throw new InvalidDraftError(`${where}, field 8 names no speaker.`, where);
    spans.push({ speaker: who, start, end: start + duration, where });
  });
  if (spans.length === 0) throw new InvalidDraftError('The RTTM file holds no SPEAKER record.', '(file)');
  return { format: 'rttm', words: [], spans };
}
