/**
 * npm run bench:ingest [-- --file F | --minutes 60] [--model PATH]
 * npm run bench:ingest -- --quality [--model PATH]   (cut placement on 12 ten-minute meetings)
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
import { findTestModel, yamnetCandidates } from '../test/helpers/assets.ts';
import { cutsInSpeech, makeMeeting, readTruth } from '../test/helpers/media.ts';

/** The ffmpeg the server would run (FFMPEG_PATH, FFPROBE_PATH), so the figures are the server's. */
const tools = resolveMediaTools(loadMediaConfig());

interface ChildReport {
  wallSec: number;
  durationSec: number;
  segments: number;
  cuts: number;
  cutsInSpeech: number | null;
  classifier: string;
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
  p.stderr.on('data', (c: Buffer) => {
    for (const line of c.toString().split('\n')) {
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
  for (const m of runs) {
    const r = await measured(file, m);
    const speech =
      r.cutsInSpeech === null ? 'no ground truth' : `${r.cutsInSpeech} of ${r.cuts} cuts inside speech`;
    console.log(
      `ingest, classifier ${r.classifier}: ${r.wallSec.toFixed(2)} s, ${(r.durationSec / r.wallSec).toFixed(0)}× realtime, ` +
        `${(r.wallSec / floor).toFixed(1)}× floor, CPU ${r.cpuSec?.toFixed(1) ?? '?'} s (incl. start-up), peak memory ${r.peakMB.toFixed(0)} MB (PSS, node + ffmpeg), ${r.segments} segments, ${speech}`,
    );
  }
}

/**
 * --quality: cut placement on 10-minute meetings with different speakers' turns, in a quiet and in
 * a noisy room, cut every ~60 s (about 9 cuts each): how many cuts land inside speech.
 */
async function cutQuality(model: string | null): Promise<void> {
  const dir = path.join(os.tmpdir(), 'notula-bench', 'quality');
  await mkdir(dir, { recursive: true });
  let cuts = 0;
  let bad = 0;
  for (const noiseDb of [-60, -45, -35]) {
    for (const seed of [1, 2, 3, 4]) {
      const file = path.join(dir, `q-${seed}-${-noiseDb}.m4a`);
      if (!existsSync(`${file}.truth.json`))
        await makeMeeting({ durationSec: 600, outFile: file, seed, noiseDb, voices: 'mixed' });
      const truth = readTruth(file);
      const out = path.join(dir, 'out');
      rmSync(out, { recursive: true, force: true });
      const m = await ingest(file, out, {
        tools,
        targetSec: 60,
        minSec: 15,
        maxSec: 120,
        modelPath: model,
      });
      const starts = m.segments.slice(1).map((s) => s.start);
      const inSpeech = cutsInSpeech(starts, truth.speech);
      cuts += starts.length;
      bad += inSpeech.length;
      console.log(
        `noise ${noiseDb} dBFS, seed ${seed}: ${inSpeech.length} of ${starts.length} cuts inside speech${inSpeech.length ? ` (at ${inSpeech.join(', ')} s)` : ''}`,
      );
      rmSync(out, { recursive: true, force: true });
    }
  }
  console.log(`total: ${bad} of ${cuts} cuts inside speech (classifier ${model ? 'on' : 'off'})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: Error) => {
    console.error(`bench-ingest: ${e.message}`);
    process.exitCode = 1;
  });
}
