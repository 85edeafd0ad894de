/**
 * npm run bench:postedit [-- --seconds S] [--segment N] [--trials T]
 *
 * How much typing a machine draft spares a transcriber. From a generated meeting's known text
 * (test/helpers/media.ts, S seconds, cut into N-second segments by turn start), makes drafts at
 * 5, 15, 30 and 50 % word error rate (scripts/bench-postedit/simulate.ts), rates each as Notula
 * does (server/drafts/shape.ts draftQuality) and counts the character edits to reach the truth:
 * from the draft, from blank, and with routing on (a draft below the default draftMinQuality is
 * handed out blank). Prints a table and, last, one JSON line.
 */
import { parseArgs } from 'node:util';
import { readTruth, speechRecording } from '../test/helpers/media.ts';
import { draftQuality, joinWords } from '../server/drafts/shape.ts';
import { DEFAULT_DRAFT_MIN_QUALITY } from '../server/domain.ts';
import { werCounts } from '../server/services/wer.ts';
import { charEdits, corrupt } from './bench-postedit/simulate.ts';
import { rng } from '../test/helpers/random.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '120' },
    segment: { type: 'string', default: '30' },
    trials: { type: 'string', default: '5' },
  },
});
const SECONDS = Number(args.seconds);
const SEGMENT = Number(args.segment);
const TRIALS = Number(args.trials);
const RATES = [0.05, 0.15, 0.3, 0.5];

const truth = readTruth(await speechRecording(SECONDS));
const segments: string[] = [];
for (const t of truth.turns) {
  const i = Math.floor(t.start / SEGMENT);
  segments[i] = segments[i] ? `${segments[i]} ${t.text}` : t.text;
}
const texts = segments.filter(Boolean);
const vocab = [...new Set(texts.join(' ').split(/\s+/))];
const blank = texts.reduce((n, s) => n + s.length, 0);

interface Row {
  targetWer: number;
  wer: number;
  quality: number;
  fromDraft: number;
  fromBlank: number;
  routedBlank: number;
  withRouting: number;
  sparedPct: number;
  sparedWithRoutingPct: number;
}

const rows: Row[] = [];
for (const rate of RATES) {
  let errors = 0;
  let refWords = 0;
  let quality = 0;
  let fromDraft = 0;
  let withRouting = 0;
  let routedBlank = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    const random = rng(1000 * trial + Math.round(rate * 100));
    for (const text of texts) {
      const draft = corrupt(text, rate, vocab, random);
      const draftText = joinWords(draft);
      const q = draftQuality(draft);
      const w = werCounts(draftText, text);
      errors += w.errors;
      refWords += w.refWords;
      quality += q;
      const edits = charEdits(draftText, text);
      fromDraft += edits;
      const usable = q >= DEFAULT_DRAFT_MIN_QUALITY;
      withRouting += usable ? edits : text.length;
      if (!usable) routedBlank++;
    }
  }
  const n = TRIALS * texts.length;
  const fd = fromDraft / TRIALS;
  const wr = withRouting / TRIALS;
  rows.push({
    targetWer: rate,
    wer: Math.round((errors / refWords) * 1000) / 1000,
    quality: Math.round((quality / n) * 1000) / 1000,
    fromDraft: Math.round(fd),
    fromBlank: blank,
    routedBlank: Math.round((routedBlank / n) * 1000) / 1000,
    withRouting: Math.round(wr),
    sparedPct: Math.round((1 - fd / blank) * 1000) / 10,
    sparedWithRoutingPct: Math.round((1 - wr / blank) * 1000) / 10,
  });
}

console.log(
  `${texts.length} segments of ${SEGMENT} s from a ${SECONDS} s meeting, ${blank} characters of truth, ${TRIALS} trials, draftMinQuality ${DEFAULT_DRAFT_MIN_QUALITY}`,
);
console.log(
  'target WER | measured WER | quality | edits from draft | from blank | spared | routed blank | edits, routing on | spared, routing on',
);
for (const r of rows) {
  console.log(
    [
      `${r.targetWer * 100} %`,
      `${(r.wer * 100).toFixed(1)} %`,
      r.quality.toFixed(2),
      r.fromDraft,
      r.fromBlank,
      `${r.sparedPct} %`,
      `${(r.routedBlank * 100).toFixed(0)} %`,
      r.withRouting,
      `${r.sparedWithRoutingPct} %`,
    ].join(' | '),
  );
}
console.log(
  JSON.stringify({ bench: 'postedit', seconds: SECONDS, segmentSeconds: SEGMENT, trials: TRIALS, rows }),
);
