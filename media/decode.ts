/**
 * The one decode pass, and cutting segments out of its playback file without decoding again.
 * One ffmpeg process decodes the source once and writes two outputs: 16 kHz mono PCM to a pipe
 * (analysed here as it streams) and the playback Opus file.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MediaError } from './errors.ts';
import { FfmpegError, lastLine, runFfmpeg, spawnFfmpeg, type MediaTools } from './ffmpeg.ts';
import { PcmAnalyser, SAMPLE_RATE, type FrameStats } from './analysis.ts';
import { formatDuration, type ProbeResult } from './probe.ts';

/**
 * Playback encoding. Opus in WebM plays in Chromium, Firefox and Safari ≥ 15. 24 kHz mono at
 * 32 kbps keeps speech clear (12 kHz audio bandwidth); 60 ms frames and complexity 3 encode an
 * hour in ~5 s on one core (20 ms frames at complexity 10 take ~50 s). Cuts by stream copy are
 * then exact to 60 ms, well inside the seconds of context a segment carries.
 */
export const PLAYBACK = {
  extension: '.webm',
  mimeType: 'audio/webm; codecs=opus',
  args: [
    '-c:a',
    'libopus',
    '-b:a',
    '32k',
    '-application',
    'audio',
    '-frame_duration',
    '60',
    '-compression_level',
    '3',
    '-f',
    'webm',
  ],
  sampleRate: 24000,
} as const;

/** A decode that ends this much short of the declared duration means the file was cut off. */
const TRUNCATION_TOLERANCE = { fraction: 0.05, seconds: 1 };

export interface DecodeOptions {
  tools: MediaTools;
  signal?: AbortSignal;
  /** Called once per part with its index (0, 1 in timeline order); the sink sees its raw s16le bytes. */
  pcmSink?: (part: number) => (chunk: Buffer) => void;
  onProgress?: (fraction: number) => void;
  /**
   * Longest recording accepted, in seconds. Decoding stops a little past it, so a file whose
   * header understates its length costs no more than the limit, and is refused as too long.
   */
  maxSec?: number;
}

/** Audio past `maxSec` that is still accepted: what a container's stated length may be off by. */
const OVERRUN_TOLERANCE_SEC = 1;

/**
 * Recordings at least this long are decoded as two halves by two ffmpeg processes at once, so
 * the Opus encode, the costliest step, uses both cores. The halves meet at a multiple of 1.95 s:
 * whole 10 ms frames and whole YAMNet windows on both sides.
 */
const SPLIT_MIN_SEC = 120;
const SPLIT_STEP_SEC = 1.95;

function splitPoint(durationSec: number): number | null {
  if (durationSec < SPLIT_MIN_SEC) return null;
  return (Math.round(durationSec / 2 / SPLIT_STEP_SEC) * Math.round(SPLIT_STEP_SEC * 100)) / 100;
}

function decodeArgs(
  input: string,
  audioStreamIndex: number,
  playbackFile: string,
  fromSec = 0,
  toSec: number | null = null,
): string[] {
  const graph =
    `[0:${audioStreamIndex}]aresample=${PLAYBACK.sampleRate},aformat=sample_fmts=flt:channel_layouts=mono,asplit=2[play][an];` +
    `[an]aresample=${SAMPLE_RATE},aformat=sample_fmts=s16[pcm]`;
  const range = [
    ...(fromSec > 0 ? ['-ss', fromSec.toFixed(3)] : []),
    ...(toSec !== null ? ['-t', (toSec - fromSec).toFixed(3)] : []),
  ];
  return [
    ...range,
    '-i',
    input,
    '-filter_complex',
    graph,
    '-map',
    '[pcm]',
    '-f',
    's16le',
    'pipe:1',
    '-map',
    '[play]',
    ...PLAYBACK.args,
    '-y',
    playbackFile,
  ];
}

function concatStats(parts: FrameStats[]): FrameStats {
  const join = (key: 'energy' | 'peak'): Float32Array => {
    const out = new Float32Array(parts.reduce((n, p) => n + p[key].length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p[key], at);
      at += p[key].length;
    }
    return out;
  };
  return { energy: join('energy'), peak: join('peak'), samples: parts.reduce((n, p) => n + p.samples, 0) };
}

/** Decodes once: returns the frame statistics and leaves the playback file at `playbackFile`. */
export async function decodePass(
  input: string,
  probed: ProbeResult,
  playbackFile: string,
  opts: DecodeOptions,
): Promise<FrameStats> {
  const split = splitPoint(probed.durationSec);
  const ranges: [number, number | null][] =
    split === null
      ? [[0, null]]
      : [
          [0, split],
          [split, null],
        ];
  // Where the last part stops reading: its end, or a little past the limit.
  const limit = opts.maxSec === undefined ? null : opts.maxSec + 2 * OVERRUN_TOLERANCE_SEC;
  const files =
    ranges.length === 1
      ? [playbackFile]
      : ranges.map((_, i) => `${playbackFile}.part${i}${PLAYBACK.extension}`);
  const analysers = ranges.map(([from, to]) => new PcmAnalyser((to ?? probed.durationSec) - from));
  const pcmSinks = ranges.map((_, i) => opts.pcmSink?.(i));
  const expected = Math.max(1, probed.durationSec * SAMPLE_RATE);
  const progress = (): void =>
    opts.onProgress?.(Math.min(1, analysers.reduce((n, a) => n + a.samplesSeen, 0) / expected));
  // One abort for all parts: a failing part stops its sibling too.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let failure: unknown = null;
  try {
    await Promise.all(
      ranges.map(async ([from, to], i) => {
        const run = spawnFfmpeg(decodeArgs(input, probed.audioStreamIndex, files[i]!, from, to ?? limit), {
          tools: opts.tools,
          signal: stop.signal,
          outputs: [files[i]!],
        });
        run.stdout.on('data', (chunk: Buffer) => {
          if (failure) return;
          try {
            analysers[i]!.push(chunk);
            pcmSinks[i]?.(chunk);
            progress();
          } catch (e) {
            // A disk failure must not leave ffmpeg writing into a pipe nobody reads.
            failure = e;
            stop.abort(e);
          }
        });
        await run.done.catch((e: unknown) => {
          if (!stop.signal.aborted) stop.abort(e);
          throw e;
        });
      }),
    );
  } catch (e) {
    await Promise.all(files.map((f) => rm(f, { force: true })));
    if (failure) throw failure;
    if (opts.signal?.aborted) throw opts.signal.reason ?? e;
    if (e instanceof FfmpegError)
      throw new MediaError(
        'undecodable',
        `The audio could not be decoded: ${lastLine(e.stderr) || e.message}.`,
      );
    throw e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  const parts = analysers.map((a) => a.finish());
  const stats = concatStats(parts);
  const decodedSec = stats.samples / SAMPLE_RATE;
  try {
    if (stats.samples === 0)
      throw new MediaError('undecodable', 'The audio stream decodes to nothing: it holds no sound.');
    if (opts.maxSec !== undefined && decodedSec > opts.maxSec + OVERRUN_TOLERANCE_SEC) {
      throw new MediaError(
        'too_long',
        `The file holds more than ${formatDuration(opts.maxSec)} of audio, though it declares ${formatDuration(probed.durationSec)}; at most ${formatDuration(opts.maxSec)} is accepted. Split it into shorter parts.`,
      );
    }
    const shortBy = probed.durationSec - decodedSec;
    const firstShortBy = split === null ? 0 : split - parts[0]!.samples / SAMPLE_RATE;
    if (
      Math.max(shortBy, firstShortBy) >
      Math.max(TRUNCATION_TOLERANCE.seconds, TRUNCATION_TOLERANCE.fraction * probed.durationSec)
    ) {
      throw new MediaError(
        'truncated',
        `The file is truncated: it declares ${formatDuration(probed.durationSec)} of audio but only ${formatDuration(decodedSec)} could be decoded.`,
      );
    }
    if (files.length > 1) await concatPlayback(opts.tools, files, playbackFile, opts.signal);
  } finally {
    if (files.length > 1) await Promise.all(files.map((f) => rm(f, { force: true })));
  }
  return stats;
}

/** Joins the parts' Opus streams by stream copy (no re-encode). */
async function concatPlayback(
  tools: MediaTools,
  files: string[],
  playbackFile: string,
  signal?: AbortSignal,
): Promise<void> {
  const list = `${playbackFile}.parts.txt`;
  await writeFile(
    list,
    files.map((f) => `file '${path.resolve(f).replace(/'/g, "'\\''")}'`).join('\n') + '\n',
  );
  try {
    await runFfmpeg(
      ['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-f', 'webm', '-y', playbackFile],
      { tools, signal, outputs: [playbackFile] },
    );
  } finally {
    await rm(list, { force: true });
  }
}

export interface Cut {
  from: number;
  to: number;
  file: string;
}

/** Outputs per ffmpeg run: each is an open file and a muxer, so hours of segments go in batches. */
const CUTS_PER_RUN = 48;

/** Copies [from, to) of the playback file into each cut's file, reading the playback once per batch. */
export async function cutSegments(
  tools: MediaTools,
  playbackFile: string,
  cuts: Cut[],
  signal?: AbortSignal,
): Promise<void> {
  for (let i = 0; i < cuts.length; i += CUTS_PER_RUN) {
    const batch = cuts.slice(i, i + CUTS_PER_RUN);
    const args = ['-i', playbackFile];
    for (const c of batch) {
      args.push(
        '-map',
        '0:a',
        '-c',
        'copy',
        '-ss',
        c.from.toFixed(3),
        '-to',
        c.to.toFixed(3),
        '-f',
        'webm',
        '-y',
        c.file,
      );
    }
    await runFfmpeg(args, { tools, signal, outputs: batch.map((c) => c.file) });
  }
}

export const segmentFileName = (index: number, ext: string): string =>
  path.join('segments', `${String(index).padStart(4, '0')}${ext}`);
