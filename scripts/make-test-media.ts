/**
 * Makes a test meeting of known speech and pauses, and its ground truth (`<out>.truth.json`).
 *
 *   node --import tsx scripts/make-test-media.ts --duration 600 --out /tmp/meeting.m4a [--seed 1] [--noise-db -55]
 *
 * Server tests import `makeMeeting` from here (or from media/test-media.ts) to make short recordings.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { makeMeeting } from '../media/test-media.ts';

export { makeMeeting, readTruth, cutsInSpeech, type Meeting, type MeetingSpec } from '../media/test-media.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      'noise-db': { type: 'string' },
    },
  });
  const durationSec = Number(values.duration);
  if (!values.out || !(durationSec > 0)) {
    throw new Error(
      'usage: make-test-media --duration S --out FILE.(wav|m4a|mp3|ogg|webm) [--seed N] [--noise-db DB]',
    );
  }
  const m = await makeMeeting({
    durationSec,
    outFile: values.out,
    seed: values.seed ? Number(values.seed) : undefined,
    noiseDb: values['noise-db'] ? Number(values['noise-db']) : undefined,
  });
  console.log(
    `${m.file}: ${m.durationSec} s, ${m.speech.length} speech stretches; truth in ${m.file}.truth.json`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: Error) => {
    console.error(`make-test-media: ${e.message}`);
    process.exitCode = 1;
  });
}
