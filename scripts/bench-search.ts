/**
 * npm run bench:search [-- --docs N] [--chars C] [--orgs K] [--queries Q] [--dir DIR]
 *
 * Full-text search on the embedded engine (SQLite FTS5) over an archive of N entries (turns of
 * about C characters; ~2 per segment, so 2,000,000 entries ≈ 1,000,000 archived segments) of
 * Zipf-distributed English and Indonesian words, spread over K organisations of unequal size
 * (the largest holds over a third) and a year of recordings. Times Q searches of each kind through
 * the SearchService (index, ranking, snippets and the join to the recordings), as a client of an
 * organisation drawn by size: a rare word, a common word, a two-word phrase, a prefix. Prints
 * p50/p99 per kind and, last, one JSON line. `--dir` keeps the archive and reuses it next time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RecordingDoc } from '../server/domain.ts';
import type { Principal } from '../server/services/auth.ts';
import { SearchService } from '../server/services/search.ts';
import { openStore, type Store } from '../server/store/index.ts';
import { queryKinds, turnText, vocabulary, zipf } from './bench-search/vocab.ts';
import { rng } from '../test/helpers/random.ts';
import { percentile } from './bench-load/stats.ts';

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '100000' },
    chars: { type: 'string', default: '750' },
    orgs: { type: 'string', default: '8' },
    queries: { type: 'string', default: '50' },
    dir: { type: 'string' },
  },
});
const DOCS = Number(args.docs);
const CHARS = Number(args.chars);
const ORGS = Number(args.orgs);
const QUERIES = Number(args.queries);
const PER_RECORDING = 120;
const YEAR = 365 * 24 * 3600 * 1000;
const START = Date.UTC(2025, 0, 1);

const vocab = vocabulary();
const random = rng(42);
const draw = zipf(vocab.length, 1.0, random);
/** Organisation i holds a share ∝ 1/(i+1): the first over a third of everything with 8 organisations. */
const orgWeights = Array.from({ length: ORGS }, (_, i) => 1 / (i + 1));
const pickOrg = (): number => {
  let u = random() * orgWeights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < ORGS; i++) if ((u -= orgWeights[i]) <= 0) return i;
  return ORGS - 1;
};
const orgId = (i: number): string => `benchorg${i}`;

async function build(store: Store): Promise<void> {
  const recordings = store.collection<RecordingDoc>('recordings');
  const n = Math.ceil(DOCS / PER_RECORDING);
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  for (let r = 0; r < n; r++) {
    const id = `benchrec${String(r).padStart(7, '0')}`;
    const org = orgId(pickOrg());
    const createdAt = START + Math.floor((r / n) * YEAR);
    const count = Math.min(PER_RECORDING, DOCS - r * PER_RECORDING);
    const entries = Array.from({ length: count }, (_, i) => ({
      speaker: `Speaker ${1 + (i % 3)}`,
      start: i * 15,
      end: i * 15 + 15,
      text: turnText(vocab, draw, random, CHARS),
    }));
    // Many recordings per group commit, as a busy server's merges would share them.
    pending.push(
      store.search.replace({ recordingId: id, orgId: org, createdAt }, entries),
      recordings.insertOne(recording(id, org, createdAt)),
    );
    if (r % 100 === 99 || r === n - 1) {
      await Promise.all(pending.splice(0));
      const done = Math.min(DOCS, (r + 1) * PER_RECORDING);
      const rate = done / ((performance.now() - t0) / 1000);
      process.stderr.write(`\rbuilt ${done} of ${DOCS} entries (${Math.round(rate)}/s)   `);
    }
  }
  process.stderr.write('\n');
}

function recording(id: string, org: string, createdAt: number): RecordingDoc {
  return {
    _id: id,
    orgId: org,
    createdBy: 'bench',
    title: `Meeting ${id}`,
    filename: `${id}.m4a`,
    language: 'id',
    participants: [],
    segmentSeconds: 30,
    status: 'completed',
    error: null,
    progress: 1,
    durationSec: PER_RECORDING * 15,
    sizeBytes: null,
    sourceKey: null,
    playbackKey: null,
    peaksKey: null,
    classifier: 'off',
    speakerMap: {},
    segments: { total: 60, open: 0, assigned: 0, submitted: 0, approved: 60 },
    priority: 0,
    createdAt,
    updatedAt: createdAt,
    completedAt: createdAt,
  };
}

/** The queries of one kind, each for a client of an organisation drawn by size. */
const KINDS = queryKinds(vocab, draw, random);

async function main(): Promise<void> {
  const dir = args.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'notula-bench-search-'));
  const marker = path.join(dir, 'bench-search.json');
  const params = JSON.stringify({ DOCS, CHARS, ORGS, PER_RECORDING });
  const reuse = fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === params;
  if (!reuse) fs.rmSync(path.join(dir, 'notula.db'), { force: true });
  const store = await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir: dir });
  let buildSec: number | null = null;
  try {
    if (!reuse) {
      const t0 = performance.now();
      await build(store);
      buildSec = (performance.now() - t0) / 1000;
      fs.writeFileSync(marker, params);
    }
    const search = new SearchService(store);
    const client = (org: number): Principal => ({
      id: 'bench',
      email: 'bench@example.test',
      role: 'client',
      orgId: orgId(org),
      sessionId: null,
      tokenId: null,
      ip: null,
    });
    // Warm the page cache and the statements, as a running server would be.
    for (const make of Object.values(KINDS))
      for (let i = 0; i < 5; i++) await search.search(client(pickOrg()), { q: make(), limit: 20 });
    const result: Record<string, { p50: number; p99: number; hits: number }> = {};
    for (const [kind, make] of Object.entries(KINDS)) {
      const times: number[] = [];
      let hits = 0;
      for (let i = 0; i < QUERIES; i++) {
        const q = make();
        const t = performance.now();
        const r = await search.search(client(pickOrg()), { q, limit: 20 });
        times.push(performance.now() - t);
        hits += r.hits.length;
      }
      times.sort((a, b) => a - b);
      result[kind] = { p50: percentile(times, 50), p99: percentile(times, 99), hits: hits / QUERIES };
      console.log(
        `${kind.padEnd(7)} p50 ${result[kind].p50.toFixed(1).padStart(6)} ms   p99 ${result[kind].p99
          .toFixed(1)
          .padStart(6)} ms   ${result[kind].hits.toFixed(1)} hits/query`,
      );
    }
    const dbMb = fs.statSync(path.join(dir, 'notula.db')).size / 1e6;
    const round = (x: number) => Math.round(x * 10) / 10;
    console.log(
      JSON.stringify({
        docs: DOCS,
        chars: CHARS,
        orgs: ORGS,
        buildSec: buildSec === null ? null : round(buildSec),
        dbMb: round(dbMb),
        ...Object.fromEntries(
          Object.entries(result).flatMap(([k, v]) => [
            [`${k}P50Ms`, round(v.p50)],
            [`${k}P99Ms`, round(v.p99)],
          ]),
        ),
        searchP99Ms: round(Math.max(...Object.values(result).map((v) => v.p99))),
      }),
    );
  } finally {
    await store.close();
    if (!args.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
