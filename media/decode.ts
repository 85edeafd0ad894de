/**
 * The one decode pass, and cutting segments out of its playback file without decoding again.
 * One ffmpeg process decodes the source once and writes two outputs: 16 kHz mono PCM to a pipe
 * (analysed here as it streams) and the playback Opus file.
 */
import path from 'node:path';
import { MediaError } from './errors.ts';
import { FfmpegError, lastLine, runFfmpeg, spawnFfmpeg } from './ffmpeg.ts';
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
  signal?: AbortSignal;
  /** Decoded audio as float samples, in order (for the classifier). */
  onSamples?: (samples: Float32Array) => void;
  onProgress?: (fraction: number) => void;
}

export function decodeArgs(input: string, audioStreamIndex: number, playbackFile: string): string[] {
  const graph =
    `[0:${audioStreamIndex}]aresample=${PLAYBACK.sampleRate},aformat=sample_fmts=flt:channel_layouts=mono,asplit=2[play][an];` +
    `[an]aresample=${SAMPLE_RATE},aformat=sample_fmts=s16[pcm]`;
  return [
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

/** Decodes once: returns the frame statistics and leaves the playback file at `playbackFile`. */
export async function decodePass(
  input: string,
  probed: ProbeResult,
  playbackFile: string,
  opts: DecodeOptions = {},
): Promise<FrameStats> {
  const analyser = new PcmAnalyser(probed.durationSec, opts.onSamples);
  const expected = Math.max(1, probed.durationSec * SAMPLE_RATE);
  const run = spawnFfmpeg(decodeArgs(input, probed.audioStreamIndex, playbackFile), {
    signal: opts.signal,
    outputs: [playbackFile],
  });
  let failure: unknown = null;
  run.stdout.on('data', (chunk: Buffer) => {
    if (failure) return;
    try {
      analyser.push(chunk);
      opts.onProgress?.(Math.min(1, analyser.samplesSeen / expected));
    } catch (e) {
      // A classifier failure must not leave ffmpeg writing into a pipe nobody reads.
      failure = e;
      run.child.kill('SIGKILL');
    }
  });
  try {
    await run.done;
  } catch (e) {
    if (failure) throw failure;
    if (opts.signal?.aborted) throw opts.signal.reason ?? e;
    if (e instanceof FfmpegError)
      throw new MediaError(
        'undecodable',
        `The audio could not be decoded: ${lastLine(e.stderr) || e.message}.`,
      );
    throw e;
  }
  if (failure) throw failure;
  const stats = analyser.finish();
  const decodedSec = stats.samples / SAMPLE_RATE;
  if (stats.samples === 0)
    throw new MediaError('undecodable', 'The audio stream decodes to nothing: it holds no sound.');
  const shortBy = probed.durationSec - decodedSec;
  if (shortBy > Math.max(TRUNCATION_TOLERANCE.seconds, TRUNCATION_TOLERANCE.fraction * probed.durationSec)) {
    throw new MediaError(
      'truncated',
      `The file is truncated: it declares ${formatDuration(probed.durationSec)} of audio but only ${formatDuration(decodedSec)} could be decoded.`,
    );
  }
  return stats;
}

export interface Cut {
  from: number;
  to: number;
  file: string;
}

/** Outputs per ffmpeg run: each is an open file and a muxer, so hours of segments go in batches. */
const CUTS_PER_RUN = 48;

/** Copies [from, to) of the playback file into each cut's file, reading the playback once per batch. */
export async function cutSegments(playbackFile: string, cuts: Cut[], signal?: AbortSignal): Promise<void> {
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
    await runFfmpeg(args, { signal, outputs: batch.map((c) => c.file) });
  }
}

export const segmentFileName = (index: number, ext: string): string =>
  path.join('segments', `${String(index).padStart(4, '0')}${ext}`);
