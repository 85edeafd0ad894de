/**
 * YAMNet through MediaPipe's AudioClassifier, running in Node. The MediaPipe loader expects a
 * browser worker: it calls `importScripts` for its wasm glue, which then reads `require` and
 * `__dirname`. Those globals exist only while a classifier is being created, so nothing else in
 * the process mistakes Node for a browser.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type { AudioClassifier } from '@mediapipe/tasks-audio';
import { SAMPLE_RATE } from './analysis.ts';
import type { PcmReader } from './pcm-spool.ts';

/** YAMNet's input: 15,600 samples at 16 kHz (0.975 s). */
const WINDOW = 15600;
export const WINDOW_SEC = WINDOW / SAMPLE_RATE;
const TOP_K = 5;

export interface WindowLabel {
  index: number;
  name: string;
  score: number;
}

export interface WindowResult {
  /** Window start in seconds. */
  t: number;
  top: WindowLabel[];
}

/**
 * The configured model (YAMNET_MODEL), else `<dataDir>/models/yamnet.tflite` when that file exists
 * (where `npm run setup` downloads it), else null.
 */
export function findYamnetModel(dataDir: string, configured: string | null): string | null {
  if (configured) return path.resolve(configured);
  const inData = path.join(dataDir, 'models', 'yamnet.tflite');
  return existsSync(inData) ? inData : null;
}

const require = createRequire(import.meta.url);
/**
 * MediaPipe's own log lines are dropped: the console belongs to the application, and a model that
 * will not load is reported by the error createYamnet rejects with (see classifierInfo).
 */
const drop = (): void => {};
/**
 * Runs a synchronous MediaPipe call with its side channels closed:
 * - console.warn, which the wasm glue uses for glog lines ("Feedback manager requires a model with
 *   a single signature"), is dropped;
 * - fetch, which MediaPipe's usage logger calls to POST statistics to odml.pa.googleapis.com
 *   (from close(), and on a 60 s timer that createYamnet stops), is refused: recordings are
 *   confidential and a server should not phone home.
 * Being synchronous, no other code can run while the globals are swapped.
 */
export function quietly<T>(fn: () => T): T {
  const { warn } = console;
  const g = globalThis as { fetch: typeof fetch };
  const realFetch = g.fetch;
  console.warn = drop;
  g.fetch = () => Promise.reject(new Error('MediaPipe usage logging is disabled'));
  try {
    return fn();
  } finally {
    console.warn = warn;
    g.fetch = realFetch;
  }
}

/**
 * Intervals MediaPipe starts while a classifier is created: only its usage logger's 60 s flush.
 * They are stopped, so the logger never sends on its own and never keeps the process alive.
 */
function captureMediapipeIntervals(): { intervals: NodeJS.Timeout[]; restore: () => void } {
  const intervals: NodeJS.Timeout[] = [];
  const real = globalThis.setInterval;
  const wrapped = ((...args: Parameters<typeof setInterval>) => {
    const handle = real(...args);
    if (new Error().stack?.includes('@mediapipe')) intervals.push(handle);
    return handle;
  }) as typeof setInterval;
  globalThis.setInterval = wrapped;
  return { intervals, restore: () => void (globalThis.setInterval = real) };
}

let loading: Promise<unknown> = Promise.resolve();

/** Creates a classifier; creations are serialised because they share the temporary globals. */
export function createYamnet(modelPath: string): Promise<AudioClassifier> {
  const run = loading.then(async () => {
    const loader = require.resolve('@mediapipe/tasks-audio/audio_wasm_internal.js');
    const wasmDir = path.dirname(loader);
    const g = globalThis as Record<string, unknown>;
    const shims: Record<string, unknown> = {
      self: globalThis,
      require,
      __dirname: wasmDir,
      __filename: loader,
      importScripts: (file: string) => vm.runInThisContext(readFileSync(file, 'utf8'), { filename: file }),
      // The wasm module's own settings: its log lines ("Graph successfully started running", XNNPACK
      // notices) are dropped instead of reaching the console, which belongs to the application.
      Module: { print: drop, printErr: drop },
      dbg: drop,
    };
    const saved = Object.keys(shims).map((k) => [k, Object.getOwnPropertyDescriptor(g, k)] as const);
    Object.assign(g, shims);
    const logger = captureMediapipeIntervals();
    try {
      const model = new Uint8Array(readFileSync(modelPath));
      const { AudioClassifier } = await import('@mediapipe/tasks-audio');
      return await AudioClassifier.createFromOptions(
        { wasmLoaderPath: loader, wasmBinaryPath: path.join(wasmDir, 'audio_wasm_internal.wasm') },
        { baseOptions: { modelAssetBuffer: model }, maxResults: TOP_K },
      );
    } finally {
      logger.restore();
      for (const handle of logger.intervals) clearInterval(handle);
      for (const [k, d] of saved) {
        if (d) Object.defineProperty(g, k, d);
        else delete g[k];
      }
    }
  });
  loading = run.catch(() => undefined);
  return run;
}

const infoCache = new Map<string, Promise<{ status: 'yamnet' | 'off'; reason?: string }>>();

/** Whether classification is available with this model (checked by loading it once, cached). */
export function classifierInfo(
  modelPath?: string | null,
): Promise<{ status: 'yamnet' | 'off'; reason?: string }> {
  if (!modelPath)
    return Promise.resolve({
      status: 'off',
      reason: 'no YAMNet model: set YAMNET_MODEL or run npm run setup',
    });
  let info = infoCache.get(modelPath);
  if (!info) {
    info = (async () => {
      if (!existsSync(modelPath))
        return { status: 'off' as const, reason: `YAMNet model not found at ${modelPath}` };
      try {
        const c = await createYamnet(modelPath);
        quietly(() => c.close());
        return { status: 'yamnet' as const };
      } catch (e) {
        return {
          status: 'off' as const,
          reason: `YAMNet model at ${modelPath} could not be loaded: ${(e as Error).message.split('\n')[0]}`,
        };
      }
    })();
    infoCache.set(modelPath, info);
  }
  return info;
}

/** Windows classified per call: one call's fixed cost is shared, memory stays at one batch. */
const BATCH = 8;

/**
 * Classifies the windows starting at `starts` (seconds), read from the decoded timeline, in
 * batches. Each window is classified on its own, so they need not be contiguous.
 */
export function classifyWindows(
  classifier: AudioClassifier,
  pcm: PcmReader,
  starts: number[],
): WindowResult[] {
  const batch = new Float32Array(WINDOW * BATCH);
  const results: WindowResult[] = [];
  for (let i = 0; i < starts.length; i += BATCH) {
    const group = starts.slice(i, i + BATCH);
    group.forEach((t, k) =>
      pcm.read(Math.round(t * SAMPLE_RATE), batch.subarray(k * WINDOW, (k + 1) * WINDOW)),
    );
    const out = quietly(() => classifier.classify(batch.subarray(0, group.length * WINDOW), SAMPLE_RATE));
    out.forEach((r, k) => {
      const cats = r.classifications[0]?.categories ?? [];
      results.push({
        t: group[k]!,
        top: cats.map((c) => ({
          index: c.index,
          name: c.categoryName || c.displayName || String(c.index),
          score: c.score,
        })),
      });
    });
  }
  return results;
}
