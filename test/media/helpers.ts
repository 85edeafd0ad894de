/** Temp dirs and shared assets for the media tests. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveMediaTools } from '../../media/index.ts';
import { loadMediaConfig } from '../../server/config.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHARED = process.env.NOTULA_SHARED ?? path.resolve(ROOT, '../shared');
export const YAMNET = process.env.YAMNET_TEST_MODEL ?? path.join(SHARED, 'models', 'yamnet.tflite');
export const SPEECH = process.env.NOTULA_SPEECH_FIXTURES ?? path.join(SHARED, 'fixtures', 'speech');
export const JFK = path.join(SPEECH, 'jfk.wav');
/** The ffmpeg and ffprobe the server would run here (FFMPEG_PATH, FFPROBE_PATH, else found). */
export const TOOLS = resolveMediaTools(loadMediaConfig());

/** A fresh temp dir removed after the suite: call inside `describe`. */
export function useTmpDir(): () => string {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'notula-media-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

/** Skips the current suite with the reason printed when `file` is absent. */
export function requireFile(ctx: Mocha.Context, file: string, what: string): void {
  if (!existsSync(file)) {
    console.log(`      (skipped: ${what} not found at ${file})`);
    ctx.skip();
  }
}
