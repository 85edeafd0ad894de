/** Temp dirs and the configured ffmpeg for the media tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveMediaTools } from '../../media/index.ts';
import { loadMediaConfig } from '../../server/config.ts';

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
