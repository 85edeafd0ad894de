/**
 * Archive benchmark (`npm run bench:archive -- --segments 300000`): does a year of archive cost
 * the active work anything? Builds two embedded stores in one run, written straight through the
 * store API: one with N approved segments of realistic size in completed recordings (with their
 * audit entries and jobs) and the active work, one with the same active work and no archive. Then
 * starts the real server on each in turn and measures start-up to /healthz, peak RSS, claim, save
 * and submit latency under concurrent transcribers, a client's recordings list, and a client's
 * searches over the archive's transcripts (--queries of each kind, after the load). Prints a
 * table with the ratio to the baseline and ends with one JSON line:
 *   {segments, startSec, rssMb, claimP99Ms, saveP99Ms, listP99Ms, searchP99Ms, baseline: {...}}
 *
 * Options: --segments 300000  --open 1000  --transcribers 50  --pollers 5  --seconds 20
 *          --saves-per-segment 30  --queries 50  --rounds 1  --dir <dir>  --cpu-prof <dir>  --keep
 * With --rounds N the two servers run N times each, alternating (and which goes first), and each
 * figure is the median of its N runs (the machine is shared: a burst of other work spoils a run).
 * With --dir the two stores are built there and kept; a later run with the same --dir, --segments
 * and --open measures them again without building (each run uses up some of the open segments).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { OrgDoc, SegmentDoc } from '../server/domain.ts';
import { ensureIndexes } from '../server/services/index.ts';
import { StatsService } from '../server/services/stats.ts';
import { JobQueue } from '../server/jobs/queue.ts';
import { openStore } from '../server/store/index.ts';
import { writeActiveWork, writeArchive } from './bench-archive/archive.ts';
import type { World } from './bench-archive/archive.ts';
import { Client, keepAliveAgent } from './bench-load/http.ts';
import { runLoad } from './bench-load/load.ts';
import { procSample, startServer } from './bench-load/server.ts';
import { eachLimited, ok, user } from './bench-load/setup.ts';
import { percentile, Recorder, round, table } from './bench-load/stats.ts';
import { wholeNumber } from './bench-load/args.ts';
import { queryKinds, vocabulary, zipf } from './bench-search/vocab.ts';
import { rng } from '../test/helpers/random.ts';

const VOCAB = vocabulary();

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: argv } = parseArgs({
  options: {
    segments: { type: 'string', default: '300000' },
    open: { type: 'string', default: '1000' },
    transcribers: { type: 'string', default: '50' },
    pollers: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '20' },
    'saves-per-segment': { type: 'string', default: '30' },
    queries: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' },
    dir: { type: 'string' },
    'cpu-prof': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const num = (name: keyof typeof argv, min: number, max: number): number =>
  wholeNumber('bench:archive', argv, name, min, max);

const archived = num('segments', 0, 10_000_000);
const open = num('open', 10, 100_000);
const nTranscribers = num('transcribers', 1, 1000);
const nPollers = num('pollers', 1, 100);
const seconds = num('seconds', 1, 3600);
const savesPerSegment = num('saves-per-segment', 1, 5000);
const rounds = num('rounds', 1, 10);
const queries = num('queries', 1, 10_000);
const ADMIN = { email: 'admin@bench.notula.test', password: 'bench-admin-password' };
const say = (line: string) => process.stdout.write(`${line}\n`);

const ORG: OrgDoc = {
  _id: 'bench-org',
  name: 'Bench Org',
  segmentSeconds: 30,
  retentionDays: null,
  webhookUrl: null,
  webhookSecret: null,
  createdAt: Date.UTC(2025, 0, 1),
};
const WORLD: World = {
  orgId: ORG._id,
  transcriberIds: Array.from({ length: 40 }, (_, i) => `archived-transcriber-${i}`),
  reviewerId: 'archived-reviewer',
};

/** Builds one store; returns the active recordings' ids. */
async function build(dataDir: string, segments: number): Promise<string[]> {
  const store = await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir });
  try {
    await ensureIndexes(store);
    await store.collection<OrgDoc>('orgs').insertOne(ORG);
    const now = Date.now();
    if (segments > 0) {
      const t0 = performance.now();
      let last = t0;
      const made = await writeArchive(store, WORLD, segments, now - 86_400_000, (n) => {
        if (performance.now() - last < 10_000) return;
        last = performance.now();
        const rate = n / ((last - t0) / 1000);
        say(`  ${n} of ${segments} archived segments written (${round(rate, 0)}/s)`);
      });
      say(
        `  archive: ${made.segments} approved segments in ${made.recordings} completed recordings, ` +
          `${made.audit} audit entries, ${made.jobs} jobs in ${round((performance.now() - t0) / 1000)} s`,
      );
    }
    const active = await writeActiveWork(store, WORLD, open, now);
    // A store that has run for a year has its quality totals; an upgraded one counts them once, in
    // the background, after its first start. The benchmark measures the steady state, so count here.
    const stats = new StatsService(store, new JobQueue(store, { leaseMs: 60_000 }));
    await stats.startTotals(now);
    const t0 = performance.now();
    const read = await stats.backfill();
    if (read)
      say(`  quality totals counted over ${read} segments in ${round((performance.now() - t0) / 1000)} s`);
    return active;
  } finally {
    await store.close();
  }
}

interface Figures {
  startSec: number;
  storeOpenMs: number;
  rssMb: number;
  claimP50Ms: number;
  claimP99Ms: number;
  saveP50Ms: number;
  saveP99Ms: number;
  submitP50Ms: number;
  submitP99Ms: number;
  listP50Ms: number;
  listP99Ms: number;
  searchP50Ms: number;
  searchP99Ms: number;
  /** Mean hits per query (at most 20), so a fast search that finds nothing shows. */
  searchHits: number;
  claims: number;
  saves: number;
  errors: number;
}

async function healthy(url: URL): Promise<void> {
  for (;;) {
    const res = await fetch(new URL('/healthz', url)).catch(() => null);
    if (res?.ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Gives the active work back its open segments (claimed or submitted by an earlier run). */
async function resetActiveWork(dataDir: string, recordingIds: string[]): Promise<void> {
  const store = await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir });
  try {
    await store
      .collection<SegmentDoc>('segments')
      .updateMany(
        { recordingId: { $in: recordingIds }, status: { $in: ['assigned', 'submitted', 'reviewing'] } },
        { $set: { status: 'open', holderId: null, leaseExpiresAt: null, turns: [] } },
      );
  } finally {
    await store.close();
  }
}

/**
 * `--queries` searches of each kind (rare word, common word, phrase, prefix) by a client of the
 * organisation, one at a time after the load, over HTTP as the search page sends them; the same
 * queries on both stores (a fixed seed).
 */
async function timeSearches(client: Client) {
  const random = rng(7);
  const kinds = queryKinds(VOCAB, zipf(VOCAB.length, 1.0, random), random);
  const ask = (q: string) =>
    ok<{ hits: unknown[] }>(client, 'GET', `/api/search?q=${encodeURIComponent(q)}&limit=20`);
  for (const make of Object.values(kinds)) for (let i = 0; i < 3; i++) await ask(make()); // warm statements and cache
  const all: number[] = [];
  const perKind: Record<string, number> = {};
  let hits = 0;
  for (const [kind, make] of Object.entries(kinds)) {
    const times: number[] = [];
    for (let i = 0; i < queries; i++) {
      const t = performance.now();
      hits += (await ask(make())).hits.length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    perKind[kind] = percentile(times, 99);
    all.push(...times);
  }
  all.sort((a, b) => a - b);
  return { p50: percentile(all, 50), p99: percentile(all, 99), perKind, hits: hits / all.length };
}

/** Starts the server on `dataDir`, signs people in, runs the load; the server is stopped again. */
async function measure(label: string, dataDir: string, recordingIds: string[]): Promise<Figures> {
  await resetActiveWork(dataDir, recordingIds);
  const agent = keepAliveAgent();
  const t0 = performance.now();
  const nodeArgs = argv['cpu-prof']
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(argv['cpu-prof'], label)}`]
    : [];
  const server = await startServer({ repoRoot, dataDir, admin: ADMIN, nodeArgs, env: {} });
  try {
    await healthy(server.url);
    const startSec = (performance.now() - t0) / 1000;
    say(
      `${label}: server up in ${round(startSec, 2)} s (store opened in ${String(server.ready.storeOpenMs)} ms)`,
    );
    const o = { url: server.url, agent };
    const admin = new Client(server.url, agent);
    await admin.login(ADMIN.email, ADMIN.password);
    const names = Array.from({ length: nTranscribers }, (_, i) => `transcriber-${i + 1}`);
    // Accounts made by an earlier round (or run) on this store are signed in again.
    const account = async (role: string, name: string, orgId?: string) => {
      try {
        return await user(o, admin, role, name, orgId);
      } catch (err) {
        if (!String(err).includes('409')) throw err;
        const client = new Client(server.url, agent);
        await client.login(`${name}@bench.notula.test`, 'bench-password-1');
        const me = await ok<{ user: { id: string } }>(client, 'GET', '/api/me');
        return { name, userId: me.user.id, client };
      }
    };
    const transcribers = await eachLimited(names, 4, (n) => account('transcriber', n));
    const pollers = await eachLimited(
      Array.from({ length: nPollers }, (_, i) => `client-${i + 1}`),
      4,
      async (n) => (await account('client', n, ORG._id)).client,
    );
    const first = await ok<{ recordings: unknown[] }>(pollers[0], 'GET', '/api/recordings');
    say(`${label}: ${first.recordings.length} recordings on a client's first page; load for ${seconds} s`);
    const rec = new Recorder();
    const result = await runLoad(transcribers, pollers, {
      seconds,
      savesPerSegment,
      thinkMs: 0,
      // Four polls a second per client: enough list samples in 20 s for a p99 that is not one outlier.
      pollMs: 250,
      recordingIds,
      rec,
    });
    const searched = await timeSearches(pollers[0]);
    say(
      `${label}: search p50/p99 ${round(searched.p50, 2)} / ${round(searched.p99, 2)} ms, ` +
        Object.entries(searched.perKind)
          .map(([k, v]) => `${k} p99 ${round(v, 2)} ms`)
          .join(', '),
    );
    const peak = procSample(server.pid)?.peakRssMb ?? NaN;
    if (result.emptyClaims)
      say(`${label}: warning: transcribers ran out of open segments (${result.emptyClaims} empty claims)`);
    for (const [what, n] of rec.errors) say(`${label}: ${n} × ${what}`);
    const f = (kind: string) => rec.figures(kind, result.elapsedSec);
    return {
      startSec: round(startSec, 2),
      storeOpenMs: Number(server.ready.storeOpenMs),
      rssMb: round(peak, 0),
      claimP50Ms: round(f('claim').p50Ms, 2),
      claimP99Ms: round(f('claim').p99Ms, 2),
      saveP50Ms: round(f('save').p50Ms, 2),
      saveP99Ms: round(f('save').p99Ms, 2),
      submitP50Ms: round(f('submit').p50Ms, 2),
      submitP99Ms: round(f('submit').p99Ms, 2),
      listP50Ms: round(f('poll list').p50Ms, 2),
      listP99Ms: round(f('poll list').p99Ms, 2),
      searchP50Ms: round(searched.p50, 2),
      searchP99Ms: round(searched.p99, 2),
      searchHits: round(searched.hits, 1),
      claims: result.claims,
      saves: result.saves,
      errors: rec.errorCount(),
    };
  } finally {
    agent.destroy();
    const code = await server.stop();
    if (code !== 0) say(`${label}: warning: the server exited with code ${code}`);
    if (server.warnings.length) say(`${label}: the server logged: ${server.warnings[0]!.slice(0, 300)}`);
  }
}

/**
 * Each figure's median over the runs (the mean of the middle two for an even count); counts summed.
 * The median rather than the best: on a shared machine one quiet run would decide the best.
 */
function median(all: Figures[]): Figures {
  const out = { ...all[0] };
  for (const key of Object.keys(out) as Array<keyof Figures>) {
    const values = all.map((x) => x[key] as number).sort((a, b) => a - b);
    const mid = values.length / 2;
    (out[key] as number) =
      key === 'claims' || key === 'saves' || key === 'errors'
        ? values.reduce((a, b) => a + b, 0)
        : round(Number.isInteger(mid) ? (values[mid - 1] + values[mid]) / 2 : values[Math.floor(mid)], 2);
  }
  return out;
}

const tmp = argv.dir
  ? path.resolve(argv.dir)
  : fs.mkdtempSync(path.join(os.tmpdir(), 'notula-bench-archive-'));
try {
  const dirs = { baseline: path.join(tmp, 'baseline'), archive: path.join(tmp, 'archive') };
  const manifest = path.join(tmp, 'bench-archive.json');
  const built = fs.existsSync(manifest)
    ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
        segments: number;
        open: number;
        baseIds: string[];
        archIds: string[];
        /** Stores built before the archive's transcripts were filed for search are built again. */
        searchIndexed?: boolean;
      })
    : null;
  let baseIds: string[];
  let archIds: string[];
  if (built && built.segments === archived && built.open === open && built.searchIndexed) {
    say(`measuring the stores built earlier in ${tmp}`);
    ({ baseIds, archIds } = built);
    // Code changed since the build may declare new indexes: build them now, as an upgrade's first
    // start would, so that the rounds measure the steady state.
    for (const dir of Object.values(dirs)) {
      const t0 = performance.now();
      const store = await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir: dir });
      try {
        await ensureIndexes(store);
      } finally {
        await store.close();
      }
      say(
        `  ${path.basename(dir)}: opened and indexes checked in ${round((performance.now() - t0) / 1000)} s`,
      );
    }
  } else {
    fs.rmSync(dirs.baseline, { recursive: true, force: true });
    fs.rmSync(dirs.archive, { recursive: true, force: true });
    say(`building a store with ${open} open segments and no archive`);
    baseIds = await build(dirs.baseline, 0);
    say(`building a store with ${archived} archived segments and the same ${open} open segments`);
    archIds = await build(dirs.archive, archived);
    fs.writeFileSync(
      manifest,
      JSON.stringify({ segments: archived, open, baseIds, archIds, searchIndexed: true }),
    );
  }
  const dbMb = ['notula.db', 'notula.db-wal']
    .map((f) => path.join(dirs.archive, f))
    .filter((f) => fs.existsSync(f))
    .reduce((sum, f) => sum + fs.statSync(f).size / 2 ** 20, 0);
  say(`archive store: notula.db ${round(dbMb, 0)} MB`);
  // Writing leaves hundreds of MB dirty in the page cache; flushed during the load, it would stall fsyncs.
  execFileSync('sync');

  const runs: { baseline: Figures[]; archive: Figures[] } = { baseline: [], archive: [] };
  const brief = (x: Figures) =>
    `start ${x.startSec} s, RSS ${x.rssMb} MB, p99 claim ${x.claimP99Ms} save ${x.saveP99Ms} list ${x.listP99Ms} search ${x.searchP99Ms} ms`;
  for (let r = 1; r <= rounds; r++) {
    const tag = rounds > 1 ? ` (round ${r})` : '';
    // Alternate which goes first, so that load that builds up on the shared machine favours neither.
    const order = r % 2 ? (['baseline', 'archive'] as const) : (['archive', 'baseline'] as const);
    for (const which of order) {
      const x = await measure(`${which}${tag}`, dirs[which], which === 'baseline' ? baseIds : archIds);
      runs[which].push(x);
      say(`${which}${tag}: ${brief(x)}`);
    }
  }
  const baseline = median(runs.baseline);
  const archive = median(runs.archive);

  const rows = [
    [
      '',
      'start-up s',
      'peak RSS MB',
      'claim p50/p99 ms',
      'save p50/p99 ms',
      'submit p50/p99 ms',
      'list p50/p99 ms',
      'search p50/p99 ms',
    ],
  ];
  const row = (name: string, x: Figures) => [
    name,
    x.startSec.toFixed(2),
    String(x.rssMb),
    `${x.claimP50Ms} / ${x.claimP99Ms}`,
    `${x.saveP50Ms} / ${x.saveP99Ms}`,
    `${x.submitP50Ms} / ${x.submitP99Ms}`,
    `${x.listP50Ms} / ${x.listP99Ms}`,
    `${x.searchP50Ms} / ${x.searchP99Ms}`,
  ];
  const ratio = (a: number, b: number) => `×${(a / b).toFixed(2)}`;
  rows.push(row('no archive', baseline), row(`${archived} archived`, archive), [
    'ratio (p99)',
    ratio(archive.startSec, baseline.startSec),
    ratio(archive.rssMb, baseline.rssMb),
    ratio(archive.claimP99Ms, baseline.claimP99Ms),
    ratio(archive.saveP99Ms, baseline.saveP99Ms),
    ratio(archive.submitP99Ms, baseline.submitP99Ms),
    ratio(archive.listP99Ms, baseline.listP99Ms),
    '',
  ]);
  say('');
  say(table(rows));
  say('');
  say(
    `claims ${baseline.claims} / ${archive.claims}, saves ${baseline.saves} / ${archive.saves}, errors ${baseline.errors} / ${archive.errors} (no archive / archive); search hits per query ${baseline.searchHits} / ${archive.searchHits} (at most 20)`,
  );
  const pick = (x: Figures) => ({
    startSec: x.startSec,
    rssMb: x.rssMb,
    claimP99Ms: x.claimP99Ms,
    saveP99Ms: x.saveP99Ms,
    listP99Ms: x.listP99Ms,
    searchP99Ms: x.searchP99Ms,
    searchP50Ms: x.searchP50Ms,
  });
  say(JSON.stringify({ segments: archived, ...pick(archive), baseline: pick(baseline) }));
} finally {
  if (argv.keep || argv.dir) process.stderr.write(`kept ${tmp}\n`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
