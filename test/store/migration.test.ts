/**
 * A store written by the embedded engine that held every document in memory (fixtures/legacy-store,
 * made at commit dd569d3 with that engine) opens in the engine that holds only the active work:
 * every document is there, only the active ones in memory, and the indexes it declared work.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbeddedStore } from '../../server/store/embedded/store.ts';
import { ensureIndexes } from '../../server/services/index.ts';
import { DuplicateKeyError } from '../../server/store/index.ts';
import type { CollectionName, Doc } from '../../server/store/index.ts';
import { makeTempDir } from '../helpers/store.ts';
import { rejection } from './contract/documents.ts';

const fixture = fileURLToPath(new URL('./fixtures/legacy-store/', import.meta.url));
const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'documents.json'), 'utf8')) as Record<
  CollectionName,
  Array<Doc & Record<string, unknown>>
>;
const byId = (a: Doc, b: Doc) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

describe('embedded store: a store written by the engine that held everything in memory', () => {
  let dir: string;
  let store: EmbeddedStore;
  beforeEach(() => {
    dir = makeTempDir('notula-migrate-');
    fs.copyFileSync(path.join(fixture, 'notula.db'), path.join(dir, 'notula.db'));
    store = EmbeddedStore.open(dir);
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens with every document, holding only the active work in memory', async () => {
    for (const [name, docs] of Object.entries(expected) as Array<[CollectionName, Doc[]]>) {
      const found = await store.collection(name).find({}, { sort: { _id: 1 } });
      expect(found, name).to.deep.equal([...docs].sort(byId));
    }
    const stats = store.stats();
    const active = (name: CollectionName, done: string[]) =>
      expected[name].filter((d) => !done.includes(d.status as string)).length;
    expect(stats.segments.resident).to.equal(active('segments', ['approved']));
    expect(stats.recordings.resident).to.equal(active('recordings', ['completed', 'failed']));
    expect(stats.jobs.resident).to.equal(1);
    expect(stats.users.resident).to.equal(expected.users.length);
    expect(stats.segments.resident).to.be.below(expected.segments.length);
  });

  it('serves the indexes the old store declared, also over archived documents, and survives a restart', async () => {
    await ensureIndexes(store);
    const recordings = store.collection<Doc & { createdAt: number }>('recordings');
    const newest = await recordings.find({ orgId: 'org-a' }, { sort: { createdAt: -1 }, limit: 2 });
    expect(newest.map((r) => r._id)).to.deep.equal(['rec-4', 'rec-2']);
    const jobs = store.collection('jobs');
    // The ingest job of rec-0 is done (archived); its dedupe key still counts.
    const dup = await rejection(
      jobs.insertOne({ _id: 'again', dedupeKey: 'ingest:rec-0', status: 'queued' } as Doc),
    );
    expect(dup).to.be.instanceOf(DuplicateKeyError);
    const segments = store.collection<Doc & { index: number }>('segments');
    expect(
      (await segments.find({ recordingId: 'rec-0' }, { sort: { index: 1 }, projection: { index: 1 } })).map(
        (s) => s.index,
      ),
    ).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await segments.countDocuments({ status: 'approved' })).to.equal(
      expected.segments.filter((s) => s.status === 'approved').length,
    );
    await store.close();

    const db = new Database(path.join(dir, 'notula.db'), { readonly: true });
    try {
      const names = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>
      ).map((r) => r.name);
      expect(names).to.include.members([
        'docs:segments:recordingId_1_index_1',
        'docs:recordings:orgId_1_createdAt_-1',
        'docs:jobs:dedupeKey_1',
      ]);
      expect(names.some((n) => n.startsWith('docs:segments:resident:'))).to.equal(true);
    } finally {
      db.close();
    }
    store = EmbeddedStore.open(dir);
    expect(await store.collection('segments').countDocuments({})).to.equal(expected.segments.length);
    expect(await store.collection('audit').countDocuments({})).to.equal(expected.audit.length);
  });
});
