/**
 * Load test (`npm run bench:load -- --seconds 30`): Notula in a child process on a fresh embedded
 * store, N transcribers working flat out (claim → draft saves → submit) and clients polling their
 * recordings. Prints throughput and latency per request kind, then checks the store for lost
 * saves and double leases. A bare Express app that answers the same calls with no work behind
 * them (the baseline) is driven by the same load generator for the same time, in alternating
 * rounds (Notula, bare, bare, Notula, …) so that both see the same machine: its speed drifts by
 * up to 2× within minutes. Ends with one JSON line:
 *   {"savesPerSecRatio", "bareSavesPerSec", "claimP99Ms", "savesPerSec", "p50Ms", "p99Ms", "errors", "lostSaves", "doubleLeases", "roundRatios", …}
 *
 * Options: --seconds 30 (each side, in all)  --rounds 3  --transcribers 50  --pollers 5
 *          --saves-per-segment 200  --think-ms 0  --poll-ms 1000  --segment-seconds 10
 *          --recordings auto  --cpu-prof <dir>  --keep
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, keepAliveAgent } from './bench-load/http.ts';
import { machineCpuSec, procSample, startServer } from './bench-load/server.ts';
import { setup } from './bench-load/setup.ts';
import { runLoad, type LoadResult } from './bench-load/load.ts';
import { verify } from './bench-load/verify.ts';
import { Recorder, round, table } from './bench-load/stats.ts';
import { makeMeeting } from '../test/helpers/media.ts';
import { wholeNumber } from './bench-load/args.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: argv } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    transcribers: { type: 'string', default: '50' },
    pollers: { type: 'string', default: '5' },
    'saves-per-segment': { type: 'string', default: '200' },
    'think-ms': { type: 'string', default: '0' },
    'poll-ms': { type: 'string', default: '1000' },
    'segment-seconds': { type: 'string', default: '10' },
    recordings: { type: 'string', default: 'auto' },
    'cpu-prof': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const num = (name: keyof typeof argv, min: number, max: number): number =>
  wholeNumber('bench:load', argv, name, min, max);

const seconds = num('seconds', 1, 3600);
const rounds = num('rounds', 1, Math.max(1, Math.floor(seconds / 2)));
const roundSeconds = seconds / rounds;
const nTranscribers = num('transcribers', 1, 1000);
const nPollers = num('pollers', 1, 100);
const savesPerSegment = num('saves-per-segment', 1, 5000);
const thinkMs = num('think-ms', 0, 60_000);
const pollMs = num('poll-ms', 50, 60_000);
const segmentSeconds = num('segment-seconds', 10, 3600);
const LEASE_SECONDS = 1800;
const ADMIN = { email: 'admin@bench.notula.test', password: 'bench-admin-password' };
const say = (line: string) => process.stdout.write(`${line}\n`);

// Enough segments that nobody runs dry: the first claims, then one per `savesPerSegment` saves
// at a generous guess of the save rate, plus a quarter for luck.
const guessRate = thinkMs > 0 ? (nTranscribers * 1000) / thinkMs : 3500;
const wantSegments = Math.ceil((nTranscribers + (guessRate * seconds) / savesPerSegment) * 1.25);
// Cuts fall in pauses, so segments come out a little longer than the target on average.
const audioSec = wantSegments * segmentSeconds * 1.15;
// Several recordings ingest in parallel (the server runs two jobs at once).
const copies =
  argv.recordings === 'auto' ? Math.max(2, Math.ceil(audioSec / 900)) : num('recordings', 1, 100);
const perRecordingSec = Math.ceil(audioSec / copies);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'notula-bench-load-'));
const dataDir = path.join(tmp, 'data');
fs.mkdirSync(dataDir);
const agent = keepAliveAgent();
let server: Awaited<ReturnType<typeof startServer>> | null = null;
process.once('SIGINT', () => {
  say('interrupted: stopping the server');
  void (server?.stop() ?? Promise.resolve(null)).finally(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  });
});

/**
 * The same load generator against a bare Express app (scripts/bench-load/bare-server.ts): the
 * ceiling Node and Express set on this machine in this run. Started once; `run` drives it for one
 * round.
 */
async function bareExpress(recordingIds: string[]) {
  const bare = await startServer({
    repoRoot,
    dataDir,
    admin: ADMIN,
    nodeArgs: [],
    env: {},
    entry: 'scripts/bench-load/bare-server.ts',
  });
  const transcribers = await Promise.all(
    Array.from({ length: nTranscribers }, async (_, i) => {
      const client = new Client(bare.url, agent);
      await client.login(`bare-${i}@bench.notula.test`, 'unused');
      return { name: `bare-${i}`, userId: `bare-${i}`, client };
    }),
  );
  const pollers = Array.from({ length: nPollers }, () => new Client(bare.url, agent));
  const rec = new Recorder();
  let elapsedSec = 0;
  return {
    rec,
    elapsed: () => elapsedSec,
    async run(): Promise<number> {
      const r = await runLoad(transcribers, pollers, {
        seconds: roundSeconds,
        savesPerSegment,
        thinkMs,
        pollMs,
        recordingIds,
        rec,
      });
      elapsedSec += r.elapsedSec;
      return r.saves / r.elapsedSec;
    },
    stop: () => bare.stop(),
  };
}

try {
  const setupStart = performance.now();
  // Human voices too when the fixtures are there, so the classifier (if configured) hears speech.
  const audio = await makeMeeting({
    durationSec: perRecordingSec,
    outFile: path.join(tmp, `bench-${perRecordingSec}s.wav`),
    sampleRate: 16000,
    channels: 1,
    voices: 'mixed',
  });
  say(
    `audio: ${copies} × ${perRecordingSec} s of ${audio.voices} speech for ~${wantSegments} segments of ${segmentSeconds} s`,
  );
  const nodeArgs = argv['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(argv['cpu-prof'])}`] : [];
  server = await startServer({
    repoRoot,
    dataDir,
    admin: ADMIN,
    nodeArgs,
    env: { LEASE_SECONDS: String(LEASE_SECONDS) },
  });
  say(`server: pid ${server.pid} at ${server.url.href}, DATA_DIR ${dataDir}`);
  const world = await setup({
    url: server.url,
    agent,
    admin: ADMIN,
    transcribers: nTranscribers,
    pollers: nPollers,
    audioFile: audio.file,
    copies,
    segmentSeconds,
    timeoutMs: 180_000,
    say,
  });
  say(
    `setup: ${round((performance.now() - setupStart) / 1000)} s; ${world.openSegments} open segments in ${world.recordingIds.length} recordings`,
  );
  if (world.openSegments < wantSegments)
    say(`warning: fewer open segments than the ~${wantSegments} planned`);
  // Ingest leaves hundreds of MB of media in the page cache; flushed in the background during the
  // load, it could stall the store's fsyncs in the first seconds and measure ingest, not saves.
  execFileSync('sync');

  const rec = new Recorder();
  let peakRss = procSample(server.pid)?.rssMb ?? NaN;
  let serverCpuSec = 0;
  let loadCpuSec = 0;
  let machineSec: number | null = 0;
  const result: LoadResult = {
    elapsedSec: 0,
    saves: 0,
    submits: 0,
    claims: 0,
    emptyClaims: 0,
    holdings: [],
    acks: new Map(),
  };
  say(
    `load: ${nTranscribers} transcribers (${savesPerSegment} saves per segment, think ${thinkMs} ms), ${nPollers} polling clients, ${seconds} s in ${rounds} round(s), each followed or preceded by as long on bare Express`,
  );
  const notula = async (): Promise<number> => {
    const cpu0 = procSample(server!.pid);
    const selfCpu0 = process.cpuUsage();
    const machine0 = machineCpuSec();
    let lastSaves = 0;
    const r = await runLoad(world.transcribers, world.pollers, {
      seconds: roundSeconds,
      savesPerSegment,
      thinkMs,
      pollMs,
      recordingIds: world.recordingIds,
      rec,
      carry: result,
      onTick: (t, saves) => {
        const p = procSample(server!.pid);
        if (p) peakRss = Math.max(peakRss, p.rssMb);
        if (Math.round(t) % 5 === 0) {
          say(
            `  ${Math.round(t)} s: ${saves - lastSaves} saves in the last 5 s, server RSS ${round(p?.rssMb ?? NaN, 0)} MB`,
          );
          lastSaves = saves;
        }
      },
    });
    const cpu1 = procSample(server!.pid);
    const selfCpu = process.cpuUsage(selfCpu0);
    const machine1 = machineCpuSec();
    serverCpuSec += cpu0 && cpu1 ? cpu1.cpuSec - cpu0.cpuSec : NaN;
    loadCpuSec += (selfCpu.user + selfCpu.system) / 1e6;
    machineSec =
      machineSec !== null && machine0 !== null && machine1 !== null ? machineSec + machine1 - machine0 : null;
    result.elapsedSec += r.elapsedSec;
    result.saves += r.saves;
    result.submits += r.submits;
    result.claims += r.claims;
    result.emptyClaims += r.emptyClaims;
    return r.saves / r.elapsedSec;
  };
  const bare = await bareExpress(world.recordingIds);
  const roundRatios: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      // Notula first in rounds 1, 4, 5, 8, …, the bare app first in the others: a drift in the
      // machine's speed weighs on both sides alike.
      const notulaFirst = i % 4 === 0 || i % 4 === 3;
      const first = await (notulaFirst ? notula() : bare.run());
      const second = await (notulaFirst ? bare.run() : notula());
      const [ours, theirs] = notulaFirst ? [first, second] : [second, first];
      roundRatios.push(ours / theirs);
      say(
        `round ${i + 1}: Notula ${round(ours)} saves/s, bare Express ${round(theirs)} saves/s: ×${(ours / theirs).toFixed(2)}`,
      );
    }
  } finally {
    await bare.stop();
  }
  const serverCpu = serverCpuSec / result.elapsedSec;
  const loadCpu = loadCpuSec / result.elapsedSec;
  // Whatever else ran on the machine meanwhile (other builds, tests) took CPU from the bench.
  const otherCpu = machineSec !== null ? machineSec / result.elapsedSec - serverCpu - loadCpu : NaN;

  const rows = [['request', 'count', 'per s', 'p50 ms', 'p99 ms', 'max ms']];
  for (const kind of ['save', 'claim', 'submit', 'poll list', 'poll status', ...rec.kinds()].filter(
    (k, i, a) => a.indexOf(k) === i,
  )) {
    const f = rec.figures(kind, result.elapsedSec);
    if (f.count)
      rows.push([
        kind,
        String(f.count),
        round(f.perSec).toFixed(1),
        round(f.p50Ms, 2).toFixed(2),
        round(f.p99Ms, 2).toFixed(2),
        round(f.maxMs, 1).toFixed(1),
      ]);
  }
  say('');
  say(table(rows));
  say('');
  say(
    `elapsed ${round(result.elapsedSec, 2)} s; ${result.claims} claims (${result.emptyClaims} found nothing open), ${result.submits} submits`,
  );
  say(
    `CPU: server ${round(serverCpu * 100, 0)} % of one core (RSS peak ${round(peakRss, 0)} MB), load generator ${round(loadCpu * 100, 0)} %`,
  );
  if (otherCpu > 0.2) {
    say(
      `warning: other processes used ${round(otherCpu * 100, 0)} % of a core during the run; the figures are pessimistic`,
    );
  }
  const errors = rec.errorCount();
  say(errors ? `errors: ${errors}` : 'errors: none');
  for (const [what, n] of rec.errors) say(`  ${n} × ${what}`);
  if (result.emptyClaims)
    say('warning: transcribers ran out of open segments; raise --saves-per-segment or --recordings');

  const { warnings } = server;
  const code = await server.stop();
  server = null;
  if (code !== 0) say(`warning: the server exited with code ${code}`);
  if (warnings.length)
    say(`server logged ${warnings.length} warning(s) or error(s), the first: ${warnings[0]!.slice(0, 500)}`);
  const v = await verify(dataDir, result.acks, result.holdings, LEASE_SECONDS);
  say(
    `store check: ${v.segmentsInStore} segments (${v.submittedInStore} submitted), ${v.auditClaims} claims in the audit log; lost saves ${v.lostSaves}, double leases ${v.doubleLeases}`,
  );
  for (const n of v.notes) say(`  ${n}`);
  const dbMb = ['notula.db', 'notula.db-wal']
    .map((f) => path.join(dataDir, f))
    .filter((f) => fs.existsSync(f))
    .reduce((sum, f) => sum + fs.statSync(f).size / 2 ** 20, 0);
  say(
    `audit log: ${v.auditTotal} entries (claims, submits and sign-ins; draft saves are not audited); notula.db ${round(dbMb, 0)} MB`,
  );

  const saves = rec.figures('save', result.elapsedSec);
  const claimFigures = rec.figures('claim', result.elapsedSec);
  const bareSaves = bare.rec.figures('save', bare.elapsed());
  if (bare.rec.errorCount()) say(`bare Express: ${bare.rec.errorCount()} errors`);
  const ratio = saves.perSec / bareSaves.perSec;
  say(
    `bare Express (same load generator, no work behind the answers, in the same rounds): ${round(bareSaves.perSec)} saves/s, p99 ${round(bareSaves.p99Ms, 2)} ms; Notula ${round(saves.perSec)} saves/s = ×${ratio.toFixed(2)} of it`,
  );
  say(
    JSON.stringify({
      savesPerSecRatio: round(ratio, 2),
      bareSavesPerSec: round(bareSaves.perSec),
      claimP50Ms: round(claimFigures.p50Ms, 2),
      claimP99Ms: round(claimFigures.p99Ms, 2),
      savesPerSec: round(saves.perSec),
      p50Ms: round(saves.p50Ms, 2),
      p99Ms: round(saves.p99Ms, 2),
      errors,
      lostSaves: v.lostSaves,
      doubleLeases: v.doubleLeases,
      seconds: round(result.elapsedSec, 2),
      rounds,
      roundRatios: roundRatios.map((r) => round(r, 2)),
      transcribers: nTranscribers,
      claims: result.claims,
      submits: result.submits,
      emptyClaims: result.emptyClaims,
      serverCpu: round(serverCpu, 2),
      serverRssMb: round(peakRss, 0),
      otherCpu: round(otherCpu, 2),
    }),
  );
} finally {
  agent.destroy();
  if (server) await server.stop();
  if (argv.keep) process.stderr.write(`kept ${tmp}\n`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
