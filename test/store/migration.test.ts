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

  it('drops SQLite indexes of a collection that it no longer declares (left under an older name)', async () => {
    await store.close();
    const db = new Database(path.join(dir, 'notula.db'));
    db.exec(
      `CREATE INDEX "docs:segments:status_1" ON docs (coll, json_extract(json, '$.status')) WHERE coll = 'segments'`,
    );
    db.close();
    store = EmbeddedStore.open(dir);
    await store.close();
    const check = new Database(path.join(dir, 'notula.db'), { readonly: true });
    try {
      const names = (
        check.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>
      ).map((r) => r.name);
      expect(names).not.to.include('docs:segments:status_1');
      expect(names).to.include('docs:segments:key:recordingId_1_index_1');
    } finally {
      check.close();
    }
    store = EmbeddedStore.open(dir);
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
      // The audit log keeps its time and pair indexes; the ones ordering it by person, action or
      // organisation, which nothing reads, are gone.
      expect(names).to.include.members(['cold_audit.at.num', 'cold_audit.actorId+at.num']);
      expect(names.filter((n) => /^cold_audit\.(actorId|action|orgId)\.(num|other)$/.test(n))).to.deep.equal(
        [],
      );
      expect(names).to.include.members([
        'docs:segments:key:recordingId_1_index_1',
        'docs:recordings:key:orgId_1_createdAt_-1',
        'docs:jobs:key:dedupeKey_1',
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

describe('embedded store: a store whose SQLite indexes read the whole document', () => {
  // Made from fixtures/legacy-store by the engine of d17898d (indexes over json_extract(json, …)).
  const older = fileURLToPath(new URL('./fixtures/json-index-store/notula.db', import.meta.url));
  let dir: string;
  let store: EmbeddedStore;
  beforeEach(() => {
    dir = makeTempDir('notula-migrate-keys-');
    fs.copyFileSync(older, path.join(dir, 'notula.db'));
    store = EmbeddedStore.open(dir);
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sqlite = (readonly: boolean) => new Database(path.join(dir, 'notula.db'), { readonly });
  const indexNames = (db: Database.Database) =>
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>).map(
      (r) => r.name,
    );

  it('opens with every document and answers indexed queries over archived ones, also after a restart', async () => {
    await ensureIndexes(store);
    for (const [name, docs] of Object.entries(expected) as Array<[CollectionName, Doc[]]>) {
      const found = await store.collection(name).find({}, { sort: { _id: 1 } });
      expect(found, name).to.deep.equal([...docs].sort(byId));
    }
    const approved = expected.segments.filter((s) => s.status === 'approved');
    for (let round = 0; round < 2; round++) {
      const segments = store.collection<Doc & { index: number }>('segments');
      expect(
        (await segments.find({ recordingId: 'rec-0' }, { sort: { index: 1 } })).map((s) => s.index),
      ).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(await segments.countDocuments({ status: 'approved' })).to.equal(approved.length);
      await store.close();
      if (round === 0) store = EmbeddedStore.open(dir);
    }
    const db = sqlite(true);
    try {
      const names = indexNames(db);
      expect(
        names.filter((n) => /^docs:[a-z_]+:(ix|odd):/.test(n)),
        'indexes over the whole document',
      ).to.deep.equal([]);
      // The audit log keeps its time and pair indexes; the ones ordering it by person, action or
      // organisation, which nothing reads, are gone.
      expect(names).to.include.members(['cold_audit.at.num', 'cold_audit.actorId+at.num']);
      expect(names.filter((n) => /^cold_audit\.(actorId|action|orgId)\.(num|other)$/.test(n))).to.deep.equal(
        [],
      );
      expect(names).to.include.members([
        'docs:segments:key:recordingId_1_index_1',
        'docs:segments:key:status_1_priority_-1_deadlineAt_1_draftRank_-1_recordingCreatedAt_1_index_1',
      ]);
      // No index of the docs table reads the json column any more.
      const sql = db
        .prepare(
          "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'docs' AND sql IS NOT NULL",
        )
        .all() as Array<{ sql: string }>;
      expect(sql.filter((s) => s.sql.includes('json_extract(json')).map((s) => s.sql)).to.deep.equal([]);
    } finally {
      db.close();
    }
    store = EmbeddedStore.open(dir);
  });

  it("keeps each row's indexed values in step with its writes: words leave them, a status change moves them", async () => {
    await ensureIndexes(store);
    const open = expected.segments.find((s) => s.status !== 'approved')!;
    await store.close();
    const keyOf = () => {
      const db = sqlite(true);
      try {
        return (
          db.prepare("SELECT k FROM docs WHERE coll = 'segments' AND id = ?").get(open._id) as { k: string }
        ).k;
      } finally {
        db.close();
      }
    };
    const before = keyOf();
    expect(JSON.parse(before)).to.include({ status: open.status, recordingId: open.recordingId });

    store = EmbeddedStore.open(dir);
    await store
      .collection('segments')
      .updateOne({ _id: open._id }, { $set: { turns: [{ speaker: 'A', text: 'only words change' }] } });
    await store.close();
    expect(keyOf()).to.equal(before);

    store = EmbeddedStore.open(dir);
    const segments = store.collection('segments');
    await segments.updateOne({ _id: open._id }, { $set: { status: 'approved' } });
    expect((await segments.find({ status: 'approved' })).map((s) => s._id)).to.include(open._id);
    await store.close();
    expect(JSON.parse(keyOf())).to.include({ status: 'approved' });
    store = EmbeddedStore.open(dir);
  });
});
