/**
 * The ingest pipeline: probe → one decode pass (PCM analysed while it streams and spooled to disk,
 * playback Opus written by the same ffmpeg) → pauses → cut plan, each cut confirmed by the speech
 * detector → speech ratios → classifier labels from a few windows per segment → segment files
 * cut from the playback by stream copy → peaks and analysis → manifest.json (written last).
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { detectPauses, FRAME, SAMPLE_RATE } from './analysis.ts';
import { resolveCutOptions } from './cut-plan.ts';
import { cutSegments, decodePass, PLAYBACK, segmentFileName } from './decode.ts';
import { overviewFramesPerPeak, peaksFromFrames, SEGMENT_FRAMES_PER_PEAK } from './peaks.ts';
import type { MediaTools } from './ffmpeg.ts';
import { PcmSpool } from './pcm-spool.ts';
import { checkMaxDuration, probe } from './probe.ts';
import { labelWindowStarts, segmentLabels, type SegmentAnalysis } from './segment-analysis.ts';
import { placeCuts } from './speech-cuts.ts';
import { SpeechMap } from './speech-map.ts';
import { speechRatios } from './speech-ratio.ts';
import { SileroDetector } from './vad.ts';
import { classifyWindows, createYamnet, quietly, type WindowResult } from './yamnet.ts';

export interface ManifestSegment {
  index: number;
  start: number;
  end: number;
  contextStart: number;
  contextEnd: number;
  /** Opus (WebM) covering [contextStart, contextEnd], relative to the output directory. */
  audio: string;
  /** Peaks covering [contextStart, contextEnd]. */
  peaks: string;
  analysis: SegmentAnalysis;
}

export interface Manifest {
  durationSec: number;
  peaks: string;
  playback: string;
  classifier: 'yamnet' | 'off';
  /** The speech detector's work: seconds of audio it listened to, and its runs to place the cuts. */
  speech: { detector: 'silero-vad'; heardSec: number; cutRounds: number };
  segments: ManifestSegment[];
}

export interface IngestOptions {
  /** The ffmpeg and ffprobe to run (resolved from configuration by the caller). */
  tools: MediaTools;
  /** YAMNet model file, or null to leave the classifier off. */
  modelPath: string | null;
  targetSec?: number;
  minSec?: number;
  maxSec?: number;
  /** Seconds of context on either side of each segment (default 3). */
  contextSec?: number;
  /** Most segments: bounds that would make more are raised to fit (default unlimited). */
  maxSegments?: number;
  /** Longest recording accepted, in seconds; a longer one is refused (MediaError 'too_long'). */
  maxDurationSec?: number;
  signal?: AbortSignal;
  /** Fraction 0..1 of the whole job and the stage it is in (probe, decode, cut, write). */
  onProgress?: (fraction: number, stage: string) => void;
}

/** Decoding is most of the time; the rest is cutting and writing small files. */
const DECODE_SHARE = 0.9;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export async function ingest(input: string, outDir: string, options: IngestOptions): Promise<Manifest> {
  const cutOptions = resolveCutOptions(options);
  const { tools, modelPath, signal, onProgress } = options;
  onProgress?.(0, 'probe');
  const probed = await probe(input, tools, signal);
  checkMaxDuration(probed.durationSec, options.maxDurationSec);
  const createdDir = !existsSync(outDir);
  const createdSegmentsDir = !existsSync(path.join(outDir, 'segments'));
  const written: string[] = [];
  const spool = new PcmSpool(outDir);
  try {
    await mkdir(path.join(outDir, 'segments'), { recursive: true });
    const playback = `playback${PLAYBACK.extension}`;
    written.push(playback);
    const stats = await decodePass(input, probed, path.join(outDir, playback), {
      tools,
      signal,
      maxSec: options.maxDurationSec,
      pcmSink: (part) => spool.sink(part),
      onProgress: (f) => onProgress?.(f * DECODE_SHARE, 'decode'),
    });
    const durationSec = round3(stats.samples / SAMPLE_RATE);
    const { pauses } = detectPauses(stats.energy, durationSec);

    onProgress?.(DECODE_SHARE, 'speech');
    const pcm = spool.seal();
    const detector = new SileroDetector(pcm);
    const heard = new SpeechMap();
    const bounds = { ...cutOptions, maxSegments: options.maxSegments };
    const placed = await placeCuts(durationSec, pauses, detector, bounds, heard, signal);
    const plan = placed.segments;
    const ratios = await speechRatios(plan, pauses, detector, heard, signal);

    onProgress?.(DECODE_SHARE + (1 - DECODE_SHARE) / 3, 'cut');
    const files = plan.map((_, index) => ({
      audio: segmentFileName(index, PLAYBACK.extension),
      peaks: segmentFileName(index, '.peaks.json'),
    }));
    written.push(...files.flatMap((f) => [f.audio, f.peaks]));
    const cuts = plan.map((p, i) => ({
      from: p.contextStart,
      to: p.contextEnd,
      file: path.join(outDir, files[i]!.audio),
    }));
    await cutSegments(tools, path.join(outDir, playback), cuts, signal);

    let windows: WindowResult[] | null = null;
    if (modelPath) {
      // Created once every ffmpeg has exited, so its memory never adds to theirs, and closed at
      // once: one left open would keep the process alive through a MediaPipe timer.
      const yamnet = await createYamnet(modelPath);
      try {
        windows = classifyWindows(yamnet, pcm, labelWindowStarts(plan));
      } finally {
        quietly(() => yamnet.close());
      }
    }
    spool.remove();
    const segments: ManifestSegment[] = plan.map((p, index) => ({
      index,
      ...p,
      ...files[index]!,
      analysis: {
        speechRatio: ratios[index]!,
        labels: windows ? segmentLabels(windows, p.start, p.end) : [],
      },
    }));

    onProgress?.(DECODE_SHARE + ((1 - DECODE_SHARE) * 2) / 3, 'write');
    const frameOf = (sec: number): number => Math.round((sec * SAMPLE_RATE) / FRAME);
    for (const s of segments) {
      const peaks = peaksFromFrames(
        stats.peak,
        frameOf(s.contextStart),
        frameOf(s.contextEnd),
        SEGMENT_FRAMES_PER_PEAK,
      );
      await writeFile(path.join(outDir, s.peaks), JSON.stringify(peaks));
    }
    const overview = peaksFromFrames(
      stats.peak,
      0,
      stats.peak.length,
      overviewFramesPerPeak(stats.peak.length),
    );
    written.push('peaks.json', 'manifest.json.tmp', 'manifest.json');
    await writeFile(path.join(outDir, 'peaks.json'), JSON.stringify(overview));
    const manifest: Manifest = {
      durationSec,
      peaks: 'peaks.json',
      playback,
      classifier: windows ? 'yamnet' : 'off',
      speech: {
        detector: 'silero-vad',
        heardSec: round3(detector.secondsRun),
        cutRounds: placed.rounds,
      },
      segments,
    };
    // The manifest appears whole or not at all: its presence means the ingest succeeded.
    await writeFile(path.join(outDir, 'manifest.json.tmp'), JSON.stringify(manifest, null, 1));
    await rename(path.join(outDir, 'manifest.json.tmp'), path.join(outDir, 'manifest.json'));
    onProgress?.(1, 'done');
    return manifest;
  } catch (e) {
    if (createdDir) await rm(outDir, { recursive: true, force: true });
    else {
      await Promise.all(written.map((f) => rm(path.join(outDir, f), { force: true })));
      if (createdSegmentsDir) await rm(path.join(outDir, 'segments'), { recursive: true, force: true });
    }
    throw e;
  } finally {
    spool.remove();
  }
}
