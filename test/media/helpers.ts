/** Temp dirs for the media tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temp dir removed after the suite: call inside `describe`. */
export function useTmpDir(): () => string {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'notula-media-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
