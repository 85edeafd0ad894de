/**
 * Where tests and benchmarks find what the repository does not carry: the human speech fixtures
 * and the YAMNet model. Both are optional. Every other test runs on speech the project makes
 * itself (./meeting.ts). A check that really needs one of them skips with the reason printed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The shared folder beside the repository: NOTULA_SHARED, else ../shared. */
export function sharedDir(): string {
  return path.resolve(ROOT, process.env.NOTULA_SHARED ?? '../shared');
}

/** The human speech fixtures: NOTULA_SPEECH_FIXTURES, else fixtures/speech in the shared folder. */
export function speechFixturesDir(): string {
  return path.resolve(
    ROOT,
    process.env.NOTULA_SPEECH_FIXTURES ?? path.join(sharedDir(), 'fixtures', 'speech'),
  );
}

/** One human speaker: an 11.0 s excerpt of J. F. Kennedy's inaugural address, 16 kHz mono WAV. */
export function jfkWav(): string {
  return path.join(speechFixturesDir(), 'jfk.wav');
}

/**
 * Call in a `before` hook or a test: skips it, with the reason printed, when the human speech
 * fixtures are absent. Only for checks that need a real human voice (`why` says which).
 */
export function requireHumanSpeech(ctx: Mocha.Context, why: string): void {
  if (existsSync(jfkWav())) return;
  console.log(
    `      (skipped: ${why} needs the human speech fixtures, not found in ${speechFixturesDir()}; set NOTULA_SPEECH_FIXTURES or NOTULA_SHARED)`,
  );
  ctx.skip();
}

/**
 * The places a YAMNet model is looked for, in order: YAMNET_TEST_MODEL alone when set; else the
 * service's YAMNET_MODEL, the shared folder's models/, and where `npm run setup`
 * (scripts/fetch-model.ts) downloads it: DATA_DIR/models, and ./data/models of the repository.
 */
export function yamnetCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.YAMNET_TEST_MODEL) return [path.resolve(ROOT, env.YAMNET_TEST_MODEL)];
  const inData = (dir: string): string => path.resolve(ROOT, dir, 'models', 'yamnet.tflite');
  const places = [
    ...(env.YAMNET_MODEL ? [path.resolve(ROOT, env.YAMNET_MODEL)] : []),
    path.join(sharedDir(), 'models', 'yamnet.tflite'),
    ...(env.DATA_DIR ? [inData(env.DATA_DIR)] : []),
    inData('data'),
  ];
  return [...new Set(places)];
}

/** The first YAMNet model found (see yamnetCandidates), or null. */
export function findTestModel(env: NodeJS.ProcessEnv = process.env): string | null {
  return yamnetCandidates(env).find((p) => existsSync(p)) ?? null;
}

/** Call in a `before` hook: the model's path, or skips the suite with the places looked in printed. */
export function requireYamnet(ctx: Mocha.Context): string {
  const model = findTestModel();
  if (model) return model;
  console.log(
    `      (skipped: no YAMNet model at ${yamnetCandidates().join(', ')}; npm run setup downloads one, or set YAMNET_TEST_MODEL)`,
  );
  ctx.skip();
}
