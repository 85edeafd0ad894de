/**
 * Test recordings made of real speech: the shared speech fixtures (../shared/fixtures/speech)
 * separated by pauses, repeated to the length asked for, encoded with the real ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const SPEECH_DIR =
  process.env.NOTULA_SPEECH_FIXTURES ?? path.resolve(ROOT, '../shared/fixtures/speech');
const CLIPS = [
  'jfk.wav',
  'librispeech_251-137823-0003_another_engineer.wav',
  'librispeech_3536-23268-0010_another_door.wav',
];

export function speechFixturesPresent(): boolean {
  return CLIPS.every((c) => fs.existsSync(path.join(SPEECH_DIR, c)));
}

/** Call in a `before` hook: skips the suite, with the reason printed, when the fixtures are absent. */
export function requireSpeech(ctx: Mocha.Context): void {
  if (!speechFixturesPresent()) {
    console.log(`      (skipped: speech fixtures not found in ${SPEECH_DIR}; set NOTULA_SPEECH_FIXTURES)`);
    ctx.skip();
  }
}

/**
 * A meeting of about `seconds` seconds: speech clips with `gapSec` of silence between them.
 * Cached by its parameters in the OS temp dir.
 */
export function speechRecording(
  seconds: number,
  ext: 'm4a' | 'wav' | 'mp3' | 'ogg' = 'm4a',
  gapSec = 1.5,
): string {
  const out = path.join(os.tmpdir(), `notula-speech-${seconds}-${gapSec}.${ext}`);
  if (fs.existsSync(out) && fs.statSync(out).size > 0) return out;
  const inputs: string[] = [];
  let total = 0;
  const lengths = [11, 4.4, 3.9];
  for (let i = 0; total < seconds; i++) {
    inputs.push(path.join(SPEECH_DIR, CLIPS[i % 3]));
    total += lengths[i % 3] + gapSec;
  }
  const args = ['-hide_banner', '-loglevel', 'error', '-y'];
  for (const f of inputs) args.push('-i', f);
  const parts = inputs.map((_, i) => `[${i}:a]aresample=44100,apad=pad_dur=${gapSec}[a${i}]`).join(';');
  const concat = `${inputs.map((_, i) => `[a${i}]`).join('')}concat=n=${inputs.length}:v=0:a=1,atrim=0:${seconds}[out]`;
  args.push('-filter_complex', `${parts};${concat}`, '-map', '[out]', '-ac', '2');
  if (ext === 'm4a') args.push('-c:a', 'aac', '-b:a', '96k');
  if (ext === 'mp3') args.push('-c:a', 'libmp3lame', '-b:a', '96k');
  if (ext === 'ogg') args.push('-c:a', 'libvorbis');
  const tmp = `${out}.${process.pid}.tmp.${ext}`;
  execFileSync('ffmpeg', [...args, tmp]);
  fs.renameSync(tmp, out);
  return out;
}
