/**
 * npm run setup → downloads the YAMNet model (with TFLite metadata) into DATA_DIR/models/ and
 * keeps it only when its SHA-256 is a known one. Offline it fails within seconds, with one line.
 *
 *   node --import tsx scripts/fetch-model.ts [--data-dir DIR]
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The model `../shared/models/README.md` documents (tflite-support's yamnet_audio_classifier_with_metadata). */
const KNOWN_SHA256 = new Set(['10c95ea3eb9a7bb4cb8bddf6feb023250381008177ac162ce169694d05c317de']);
const SOURCES = [
  'https://storage.googleapis.com/mediapipe-assets/yamnet_audio_classifier_with_metadata.tflite?generation=1661875980774466',
  // MediaPipe's published model; kept only if its bytes hash to a known checksum.
  'https://storage.googleapis.com/mediapipe-models/audio_classifier/yamnet/float32/1/yamnet.tflite',
];
const TIMEOUT_MS = 15_000;

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function fetchModel(dataDir: string, log: (line: string) => void): Promise<string> {
  const target = path.join(dataDir, 'models', 'yamnet.tflite');
  if (existsSync(target) && KNOWN_SHA256.has(sha256(readFileSync(target)))) {
    log(`YAMNet model already present and verified: ${target}`);
    return target;
  }
  const reasons: string[] = [];
  for (const url of SOURCES) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const sum = sha256(bytes);
      if (!KNOWN_SHA256.has(sum)) throw new Error(`unknown SHA-256 ${sum}; not kept`);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(`${target}.tmp`, bytes);
      await rename(`${target}.tmp`, target);
      log(`YAMNet model downloaded and verified (sha256 ${sum}): ${target}`);
      return target;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      reasons.push(`${new URL(url).host}${new URL(url).pathname}: ${err.cause?.code ?? err.message}`);
      await rm(`${target}.tmp`, { force: true });
    }
  }
  throw new Error(`YAMNet model not downloaded (${reasons.join('; ')}).`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--data-dir');
  const dataDir = path.resolve(i > 0 ? process.argv[i + 1]! : (process.env.DATA_DIR ?? 'data'));
  fetchModel(dataDir, (l) => console.log(`fetch-model: ${l}`)).catch((e: Error) => {
    console.error(`fetch-model: ${e.message}`);
    process.exitCode = 1;
  });
}
