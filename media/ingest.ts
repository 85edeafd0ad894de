/**
 * The ingest pipeline: probe → one decode pass (PCM analysed while it streams, classifier fed
 * as it goes, playback Opus written by the same ffmpeg) → pauses → cut plan → segment files
 * cut from the playback by stream copy → peaks and analysis → manifest.json (written last).
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AudioClassifier } from '@mediapipe/tasks-audio';
import { detectPauses, FRAME, SAMPLE_RATE } from './analysis.ts';
import { planCuts, resolveCutOptions } from './cut-plan.ts';
import { cutSegments, decodePass, PLAYBACK, segmentFileName } from './decode.ts';
import { overviewFramesPerPeak, peaksFromFrames, SEGMENT_FRAMES_PER_PEAK } from './peaks.ts';
import type { MediaTools } from './ffmpeg.ts';
import { checkMaxDuration, probe } from './probe.ts';
import { analyseSegment, speechIntervals, type SegmentAnalysis } from './segment-analysis.ts';
import { createYamnet, quietly, WindowClassifier } from './yamnet.ts';

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
  let model: AudioClassifier | null = null;
  try {
    await mkdir(path.join(outDir, 'segments'), { recursive: true });
    // A classifier per ingest (~150 ms to create): one left open would keep the process alive
    // for a minute after the work is done, through a timer inside MediaPipe.
    const yamnet = modelPath ? await createYamnet(modelPath) : null;
    model = yamnet;
    const classifiers: WindowClassifier[] = [];
    const playback = `playback${PLAYBACK.extension}`;
    written.push(playback);
    const stats = await decodePass(input, probed, path.join(outDir, playback), {
      tools,
      signal,
      maxSec: options.maxDurationSec,
      sampleSink: yamnet
        ? (startSec) => {
            const c = new WindowClassifier(yamnet, 8, startSec);
            classifiers.push(c);
            return (s) => c.push(s);
          }
        : undefined,
      onProgress: (f) => onProgress?.(f * DECODE_SHARE, 'decode'),
    });
    // Parts are created in timeline order, so their windows concatenate in order.
    const windows = yamnet ? classifiers.flatMap((c) => c.finish()) : null;
    const durationSec = round3(stats.samples / SAMPLE_RATE);
    const { pauses } = detectPauses(stats.energy, durationSec);
    const plan = planCuts(durationSec, pauses, windows ? speechIntervals(windows) : undefined, {
      ...cutOptions,
      maxSegments: options.maxSegments,
    });

    onProgress?.(DECODE_SHARE, 'cut');
    const segments: ManifestSegment[] = plan.map((p, index) => ({
      index,
      ...p,
      audio: segmentFileName(index, PLAYBACK.extension),
      peaks: segmentFileName(index, '.peaks.json'),
      analysis: analyseSegment(p.start, p.end, pauses, windows),
    }));
    written.push(...segments.flatMap((s) => [s.audio, s.peaks]));
    const cuts = segments.map((s) => ({
      from: s.contextStart,
      to: s.contextEnd,
      file: path.join(outDir, s.audio),
    }));
    await cutSegments(tools, path.join(outDir, playback), cuts, signal);

    onProgress?.(DECODE_SHARE + (1 - DECODE_SHARE) / 2, 'write');
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
    const m = model;
    if (m) quietly(() => m.close());
  }
}
