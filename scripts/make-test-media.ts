/**
 * Makes a test meeting of known speech and pauses, and its ground truth (`<out>.truth.json`),
 * with the test tooling's one generator (test/helpers/media.ts makeMeeting).
 *
 *   node --import tsx scripts/make-test-media.ts --duration 600 --out /tmp/meeting.m4a \
 *     [--seed 1] [--noise-db -55] [--voices synthetic|mixed|human] [--gap S]
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { makeMeeting, type Voices } from '../test/helpers/media.ts';

const VOICES: Voices[] = ['synthetic', 'mixed', 'human'];
const USAGE =
  'usage: make-test-media --duration S --out FILE.(wav|m4a|mp3|ogg|webm) [--seed N] [--noise-db DB] [--voices synthetic|mixed|human] [--gap S]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      'noise-db': { type: 'string' },
      voices: { type: 'string', default: 'synthetic' },
      gap: { type: 'string' },
    },
  });
  const durationSec = Number(values.duration);
  if (!values.out || !(durationSec > 0)) throw new Error(USAGE);
  const voices = VOICES.find((v) => v === values.voices);
  if (!voices) throw new Error(`--voices must be synthetic, mixed or human; it is "${values.voices}".`);
  const m = await makeMeeting({
    durationSec,
    outFile: values.out,
    seed: values.seed ? Number(values.seed) : undefined,
    noiseDb: values['noise-db'] ? Number(values['noise-db']) : undefined,
    voices,
    gapSec: values.gap ? Number(values.gap) : undefined,
  });
  console.log(
    `${m.file}: ${m.durationSec} s of ${m.voices} speech, ${m.speech.length} speech stretches, ${m.turns.length} sentences; truth in ${m.file}.truth.json`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: Error) => {
    console.error(`make-test-media: ${e.message}`);
    process.exitCode = 1;
  });
}
