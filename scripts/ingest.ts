/**
 * npm run ingest -- <file> --out <dir> [--target S] [--min S] [--max S] [--context S] [--model PATH | --no-model]
 *
 * Runs the media pipeline on one file and writes <dir>/manifest.json. A progress bar shows on a
 * terminal. Bad input exits non-zero with one line saying why, and leaves no manifest behind.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { findYamnetModel, ingest, MediaError, resolveMediaTools } from '../media/index.ts';
import { loadMediaConfig } from '../server/config.ts';

const USAGE =
  'usage: npm run ingest -- <file> --out <dir> [--target S] [--min S] [--max S] [--context S] [--model PATH | --no-model]';

function seconds(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`--${name} must be a number of seconds; it is "${raw}".`);
  return n;
}

class UsageError extends Error {}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      target: { type: 'string' },
      min: { type: 'string' },
      max: { type: 'string' },
      context: { type: 'string' },
      model: { type: 'string' },
      'no-model': { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1 || !values.out) throw new UsageError(USAGE);
  // The server's own settings (FFMPEG_PATH, FFPROBE_PATH, YAMNET_MODEL, DATA_DIR), so the command
  // runs the same ffmpeg and model as the server would.
  const config = loadMediaConfig();
  const modelPath = values['no-model']
    ? null
    : (values.model ?? findYamnetModel(config.dataDir, config.yamnetModel));
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: 'ingest [{bar}] {percentage}% {stage}', hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(100, 0, { stage: 'probe' });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  try {
    const manifest = await ingest(positionals[0]!, values.out, {
      tools: resolveMediaTools(config),
      targetSec: seconds('target', values.target),
      minSec: seconds('min', values.min),
      maxSec: seconds('max', values.max),
      contextSec: seconds('context', values.context),
      modelPath,
      signal: controller.signal,
      onProgress: (f, stage) => bar?.update(Math.round(f * 100), { stage }),
    });
    bar?.stop();
    const out = path.join(values.out, 'manifest.json');
    console.log(
      `${manifest.segments.length} segments from ${manifest.durationSec} s (classifier ${manifest.classifier}): ${out}`,
    );
  } finally {
    bar?.stop();
  }
}

main().catch((e: unknown) => {
  // One line: what is wrong with the input, or with the command line.
  const known =
    (e as { code?: string }).code === 'ENOENT' ||
    e instanceof MediaError ||
    e instanceof UsageError ||
    e instanceof RangeError ||
    (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const err = e as { code?: string; path?: string };
  const msg =
    err.code === 'ENOENT' && err.path
      ? `No such file: ${err.path}`
      : e instanceof Error
        ? e.message
        : String(e);
  console.error(`ingest: ${known ? msg : `failed: ${msg}`}`.split('\n')[0]);
  process.exitCode =
    e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
});
