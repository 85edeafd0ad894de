/**
 * npm run bench:ingest [-- --file F | --minutes 60] [--model PATH]
 *
 * Ingest of a long meeting recording (generated once as m4a, 44.1 kHz stereo, cached in the temp
 * dir) against the floor: one plain `ffmpeg -i file -f null -` decode. Prints wall time,
 * × realtime, peak memory (the ingest process and its ffmpeg children together) and the ratio
 * ingest/floor, with and without the classifier, and how many cuts fell inside speech.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ingest, probe } from '../media/index.ts';
import { runFfmpeg } from '../media/ffmpeg.ts';
import { cutsInSpeech, makeMeeting, readTruth } from '../media/test-media.ts';

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
  const m = await ingest(file, out, { modelPath: model });
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

/** Resident memory of a process and all its descendants, in bytes (Linux /proc). */
function treeRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    let total = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const k of kids ? kids.split(/\s+/) : []) total += treeRss(Number(k));
    }
    return total;
  } catch {
    return 0;
  }
}

async function measured(file: string, model: string | null): Promise<ChildReport & { peakMB: number }> {
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
  const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(p.pid!))), 50);
  let stdout = '';
  p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const code = await new Promise<number | null>((r) => p.on('close', r));
  clearInterval(timer);
  rmSync(out, { recursive: true, force: true });
  if (code !== 0) throw new Error(`ingest child exited with ${code}`);
  return { ...(JSON.parse(stdout) as ChildReport), peakMB: peak / 1024 / 1024 };
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
    },
  });
  if (values.child) return child(values.file!, values.out!, values.model ?? null);
  const file = values.file ?? (await benchFile(Number(values.minutes)));
  const model = values.model ?? path.resolve(import.meta.dirname, '../../shared/models/yamnet.tflite');
  const p = await probe(file);
  console.log(
    `file: ${file} (${(p.durationSec / 60).toFixed(1)} min, ${p.codec} ${p.sampleRate} Hz, ${p.channels} ch)`,
  );
  const t0 = performance.now();
  await runFfmpeg(['-i', file, '-f', 'null', '-']);
  const floor = (performance.now() - t0) / 1000;
  console.log(
    `decode floor (ffmpeg -i file -f null -): ${floor.toFixed(2)} s, ${(p.durationSec / floor).toFixed(0)}× realtime`,
  );
  const runs = existsSync(model) ? [null, model] : [null];
  if (runs.length === 1) console.log(`(classifier run skipped: no model at ${model})`);
  for (const m of runs) {
    const r = await measured(file, m);
    const speech =
      r.cutsInSpeech === null ? 'no ground truth' : `${r.cutsInSpeech} of ${r.cuts} cuts inside speech`;
    console.log(
      `ingest, classifier ${r.classifier}: ${r.wallSec.toFixed(2)} s, ${(r.durationSec / r.wallSec).toFixed(0)}× realtime, ` +
        `${(r.wallSec / floor).toFixed(1)}× floor, peak memory ${r.peakMB.toFixed(0)} MB (node + ffmpeg), ${r.segments} segments, ${speech}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: Error) => {
    console.error(`bench-ingest: ${e.message}`);
    process.exitCode = 1;
  });
}
