/**
 * npm run bench:ingest [-- --file F | --minutes 60] [--model PATH]
 * npm run bench:ingest -- --quality [--model PATH]   (cut placement and [no speech] on 28 ten-minute
 *                                                     meetings: quiet, noisy, over music and hum beds)
 *
 * Ingest of a long meeting recording (generated once as m4a, 44.1 kHz stereo, cached in the temp
 * dir) against the floor: one plain `ffmpeg -i file -f null -` decode. Prints wall time,
 * × realtime, peak memory (the ingest process and its ffmpeg children together) and the ratio
 * ingest/floor, with and without the classifier, and how many cuts fell inside speech.
 * Meetings come from the test tooling's generator (test/helpers/media.ts: espeak-ng sentences,
 * with the human speech fixtures mixed in when present); the model is --model or the one the
 * tests find (test/helpers/assets.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ingest, probe, resolveMediaTools } from '../media/index.ts';
import { runFfmpeg } from '../media/ffmpeg.ts';
import { loadMediaConfig } from '../server/config.ts';
import { NO_SPEECH_RATIO } from '../server/services/ingest.ts';
import { findTestModel, yamnetCandidates } from '../test/helpers/assets.ts';
import { cutsInSpeech, makeMeeting, readTruth } from '../test/helpers/media.ts';
import { cachedSoundBed, type BedSpec } from '../test/helpers/sound-beds.ts';

/** The ffmpeg the server would run (FFMPEG_PATH, FFPROBE_PATH), so the figures are the server's. */
const tools = resolveMediaTools(loadMediaConfig());

interface ChildReport {
  wallSec: number;
  durationSec: number;
  segments: number;
  cuts: number;
  cutsInSpeech: number | null;
  classifier: string;
  /** Seconds of audio the speech detector listened to. */
  heardSec: number;
}

/** Child mode: one ingest, timed inside the process so Node's start-up is not counted. */
async function child(file: string, out: string, model: string | null): Promise<void> {
  const t0 = performance.now();
  const m = await ingest(file, out, { tools, modelPath: model });
  const wallSec = (performance.now() - t0) / 1000;
  const cuts = m.segments.slice(1).map((s) => s.start);
  const truth = existsSync(`${file}.truth.json`) ? readTruth(file) : null;
  const report: ChildReport = {
    wallSec,
    durationSec: m.durationSec,
    segments: m.segments.length,
    cuts: cuts.length,
    cutsInSpeech: truth ? cutsInSpeech(cuts, truth.speech).length : null,
    classifier: m.classifier,
    heardSec: m.speech.heardSec,
  };
  process.stdout.write(JSON.stringify(report));
}

/**
 * Memory of a process and all its descendants, in bytes (Linux /proc). PSS, not RSS: summing RSS
 * would count the shared libraries of every ffmpeg once per process.
 */
function treeRss(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    let total = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) * 1024;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const k of kids ? kids.split(/\s+/) : []) total += treeRss(Number(k));
    }
    return total;
  } catch {
    return 0;
  }
}

async function measured(
  file: string,
  model: string | null,
): Promise<ChildReport & { peakMB: number; cpuSec: number | null }> {
  const out = path.join(os.tmpdir(), `notula-bench-out-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const args = [
    '--import',
    'tsx',
    import.meta.filename,
    '--child',
    '--file',
    file,
    '--out',
    out,
    ...(model ? ['--model', model] : []),
  ];
  // GNU time adds up the CPU of the child and every ffmpeg it waited for: a figure that other
  // processes competing for the cores do not distort, unlike the wall time.
  const timed = existsSync('/usr/bin/time');
  const p = timed
    ? spawn('/usr/bin/time', ['-f', 'bench-cpu %U %S', process.execPath, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let cpuSec: number | null = null;
  let pending = '';
  p.stderr.on('data', (c: Buffer) => {
    // Whole lines only: a chunk can end in the middle of one.
    const lines = (pending + c.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const m = /^bench-cpu ([\d.]+) ([\d.]+)/.exec(line);
      if (m) cpuSec = Number(m[1]) + Number(m[2]);
      else if (line) process.stderr.write(`${line}\n`);
    }
  });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(p.pid!))), 50);
  let stdout = '';
  p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const code = await new Promise<number | null>((r) => p.on('close', r));
  clearInterval(timer);
  if (pending) process.stderr.write(`${pending}\n`);
  rmSync(out, { recursive: true, force: true });
  if (code !== 0) throw new Error(`ingest child exited with ${code}`);
  return { ...(JSON.parse(stdout) as ChildReport), peakMB: peak / 1024 / 1024, cpuSec };
}

async function benchFile(minutes: number): Promise<string> {
  const dir = path.join(os.tmpdir(), 'notula-bench');
  const file = path.join(dir, `meeting-${minutes}min.m4a`);
  if (existsSync(file) && existsSync(`${file}.truth.json`)) return file;
  await mkdir(dir, { recursive: true });
  console.log(`generating a ${minutes}-minute meeting (m4a, 44.1 kHz stereo) in ${file} …`);
  const tmp = path.join(dir, `tmp-${process.pid}.m4a`);
  await makeMeeting({
    durationSec: minutes * 60,
    outFile: tmp,
    format: 'm4a',
    sampleRate: 44100,
    channels: 2,
    voices: 'mixed',
  });
  await rename(`${tmp}.truth.json`, `${file}.truth.json`);
  await rename(tmp, file);
  return file;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'boolean', default: false },
      file: { type: 'string' },
      out: { type: 'string' },
      model: { type: 'string' },
      minutes: { type: 'string', default: '60' },
      quality: { type: 'boolean', default: false },
    },
  });
  if (values.quality) return cutQuality(values.model ?? null);
  if (values.child) return child(values.file!, values.out!, values.model ?? null);
  const file = values.file ?? (await benchFile(Number(values.minutes)));
  const model = values.model ?? findTestModel();
  const p = await probe(file, tools);
  console.log(
    `file: ${file} (${(p.durationSec / 60).toFixed(1)} min, ${p.codec} ${p.sampleRate} Hz, ${p.channels} ch)`,
  );
  // The best of three: the floor is what the machine can do, not what a busy moment allowed.
  let floor = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await runFfmpeg(['-i', file, '-f', 'null', '-'], { tools });
    floor = Math.min(floor, (performance.now() - t0) / 1000);
  }
  console.log(
    `decode floor (ffmpeg -i file -f null -, best of 3): ${floor.toFixed(2)} s, ${(p.durationSec / floor).toFixed(0)}× realtime`,
  );
  console.log(
    `load average before the runs: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.availableParallelism()} cores`,
  );
  const runs = model && existsSync(model) ? [null, model] : [null];
  if (runs.length === 1)
    console.log(`(classifier run skipped: no model at ${model ?? yamnetCandidates().join(', ')})`);
  const walls: number[] = [];
  for (const m of runs) {
    const r = await measured(file, m);
    walls.push(r.wallSec);
    const speech =
      r.cutsInSpeech === null ? 'no ground truth' : `${r.cutsInSpeech} of ${r.cuts} cuts inside speech`;
    console.log(
      `ingest, classifier ${r.classifier}: ${r.wallSec.toFixed(2)} s, ${(r.durationSec / r.wallSec).toFixed(0)}× realtime, ` +
        `${(r.wallSec / floor).toFixed(1)}× floor, CPU ${r.cpuSec?.toFixed(1) ?? '?'} s (incl. start-up), peak memory ${r.peakMB.toFixed(0)} MB (PSS, node + ffmpeg), ${r.segments} segments, ${speech}; ` +
        `the speech detector heard ${r.heardSec.toFixed(0)} s (${((100 * r.heardSec) / r.durationSec).toFixed(1)} %)`,
    );
  }
  if (walls.length === 2)
    console.log(`classifier on / off: ${(walls[1]! / walls[0]!).toFixed(2)}× (target ≤ 1.5×)`);
}

interface QualityCase {
  name: string;
  noiseDb: number;
  bed?: BedSpec;
}

/**
 * Sound beds get a minute and a half of the bed alone before the meeting and a minute after it:
 * the segments there hold music (or hum) and nobody speaking, and must be closed as [no speech].
 */
const BED_ALONE = { leadSec: 90, tailSec: 60 };
const QUALITY_CASES: QualityCase[] = [
  { name: 'clean (noise floor -60 dBFS)', noiseDb: -60 },
  { name: 'noise -45 dBFS', noiseDb: -45 },
  { name: 'noise -35 dBFS', noiseDb: -35 },
  { name: 'music bed 20 dB under', noiseDb: -60, bed: { kind: 'music', underSpeechDb: 20, ...BED_ALONE } },
  { name: 'music bed 10 dB under', noiseDb: -60, bed: { kind: 'music', underSpeechDb: 10, ...BED_ALONE } },
  { name: 'hum 50 Hz 20 dB under', noiseDb: -60, bed: { kind: 'hum50', underSpeechDb: 20, ...BED_ALONE } },
  { name: 'hum 60 Hz 10 dB under', noiseDb: -60, bed: { kind: 'hum60', underSpeechDb: 10, ...BED_ALONE } },
];
const QUALITY_SEEDS = [1, 2, 3, 4];

interface CaseScore {
  cuts: number;
  inSpeech: number;
  /** Segments with no speech at all, those closed as [no speech], and both. */
  silent: number;
  closed: number;
  closedSilent: number;
  seconds: number;
  heardSec: number;
}

const pct = (a: number, b: number): string => (b ? `${((100 * a) / b).toFixed(0)} %` : 'n/a');

/**
 * --quality: cut placement on 10-minute meetings of known turns, in a quiet and a noisy room and
 * over sound beds (music, hum), cut every ~60 s (about 9 cuts each): how many cuts land inside
 * speech, and how well segments with nobody speaking are closed as [no speech], with the
 * classifier off and on.
 */
async function cutQuality(modelArg: string | null): Promise<void> {
  const dir = path.join(os.tmpdir(), 'notula-bench', 'quality');
  await mkdir(dir, { recursive: true });
  const model = modelArg ?? findTestModel();
  const models = model && existsSync(model) ? [null, model] : [null];
  if (models.length === 1)
    console.log(`(classifier-on runs skipped: no model at ${model ?? yamnetCandidates().join(', ')})`);
  const table: string[] = [];
  for (const c of QUALITY_CASES) {
    const scores = models.map((): CaseScore => ({
      cuts: 0,
      inSpeech: 0,
      silent: 0,
      closed: 0,
      closedSilent: 0,
      seconds: 0,
      heardSec: 0,
    }));
    for (const seed of QUALITY_SEEDS) {
      const base = path.join(dir, `q-${seed}-${-c.noiseDb}.m4a`);
      if (!existsSync(`${base}.truth.json`))
        await makeMeeting({ durationSec: 600, outFile: base, seed, noiseDb: c.noiseDb, voices: 'mixed' });
      const truth = c.bed ? await cachedSoundBed(readTruth(base), c.bed, dir) : readTruth(base);
      for (const [i, m] of models.entries()) {
        const out = path.join(dir, 'out');
        rmSync(out, { recursive: true, force: true });
        const t0 = performance.now();
        const r = await ingest(truth.file, out, {
          tools,
          targetSec: 60,
          minSec: 15,
          maxSec: 120,
          modelPath: m,
        });
        const score = scores[i]!;
        score.seconds += (performance.now() - t0) / 1000;
        score.heardSec += r.speech.heardSec;
        const starts = r.segments.slice(1).map((s) => s.start);
        const inSpeech = cutsInSpeech(starts, truth.speech);
        score.cuts += starts.length;
        score.inSpeech += inSpeech.length;
        for (const s of r.segments) {
          const silent = !truth.speech.some((v) => v.end > s.start && v.start < s.end);
          const closed = s.analysis.speechRatio < NO_SPEECH_RATIO;
          score.silent += Number(silent);
          score.closed += Number(closed);
          score.closedSilent += Number(silent && closed);
        }
        console.log(
          `${c.name}, seed ${seed}, classifier ${r.classifier}: ${inSpeech.length} of ${starts.length} cuts inside speech` +
            `${inSpeech.length ? ` (at ${inSpeech.join(', ')} s)` : ''}; ${r.segments.length} segments, ` +
            `${r.segments.filter((s) => s.analysis.speechRatio < NO_SPEECH_RATIO).length} closed as [no speech]; ` +
            `speech detector heard ${r.speech.heardSec.toFixed(0)} s of ${r.durationSec.toFixed(0)} s`,
        );
        rmSync(out, { recursive: true, force: true });
      }
    }
    const cuts = (x: CaseScore): string => `${x.inSpeech} of ${x.cuts}`;
    const noSpeech = (x: CaseScore): string =>
      c.bed
        ? `${pct(x.closedSilent, x.closed)} / ${pct(x.closedSilent, x.silent)} (${x.silent} silent)`
        : `${x.closed} closed`;
    const both = (f: (x: CaseScore) => string): string => scores.map(f).join(' · ');
    table.push(
      `| ${c.name} | ${both(cuts)} | ${both(noSpeech)} | ` +
        `${(scores[0]!.heardSec / QUALITY_SEEDS.length).toFixed(0)} s | ` +
        `${both((x) => `${(x.seconds / QUALITY_SEEDS.length).toFixed(1)} s`)} |`,
    );
  }
  console.log('');
  console.log(
    `${QUALITY_SEEDS.length} meetings of 10 min per case, cut every ~60 s; classifier ${models.length > 1 ? 'off · on' : 'off'}`,
  );
  console.log(
    '| case | cuts inside speech | [no speech] precision / recall | speech detector heard per meeting | ingest per meeting |',
  );
  console.log('|---|---|---|---|---|');
  for (const row of table) console.log(row);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: Error) => {
    console.error(`bench-ingest: ${e.message}`);
    process.exitCode = 1;
  });
}
