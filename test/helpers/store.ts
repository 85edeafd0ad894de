/**
 * Stores for tests: an embedded store in a fresh temp dir, or a MongoDB store on a database of
 * its own (dropped afterwards) when MONGODB_URI is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openStore } from '../../server/store/index.ts';
import type { Store } from '../../server/store/index.ts';
import { EmbeddedStore } from '../../server/store/embedded/store.ts';
import type { EmbeddedOptions } from '../../server/store/embedded/store.ts';

export interface TestStore {
  store: Store;
  /** Closes the store and opens the same data again. */
  reopen(): Promise<Store>;
  /** Closes (if still open) and removes every trace. */
  dispose(): Promise<void>;
}

export function makeTempDir(prefix = 'notula-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** An embedded store in a fresh temp dir; `options` replace its residency rules (every mode is tested). */
export async function openEmbeddedTestStore(options: EmbeddedOptions = {}): Promise<TestStore> {
  const dataDir = makeTempDir('notula-store-');
  const t: TestStore = {
    store: EmbeddedStore.open(dataDir, options),
    async reopen() {
      await t.store.close();
      t.store = EmbeddedStore.open(dataDir, options);
      return t.store;
    },
    async dispose() {
      await t.store.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

export async function openMongoTestStore(uri: string): Promise<TestStore> {
  const opts = {
    mongodbUri: uri,
    mongodbDb: `notula_test_${randomBytes(6).toString('hex')}`,
    dataDir: makeTempDir('notula-mongo-'),
  };
  const t: TestStore = {
    store: await openStore(opts),
    async reopen() {
      await t.store.close();
      t.store = await openStore(opts);
      return t.store;
    },
    async dispose() {
      await t.store.close().catch(() => undefined);
      // Tests may use the driver directly; the application may not.
      const { MongoClient } = await import('mongodb');
      const client = new MongoClient(uri);
      try {
        await client.db(opts.mongodbDb).dropDatabase();
      } finally {
        await client.close();
        fs.rmSync(opts.dataDir, { recursive: true, force: true });
      }
    },
  };
  return t;
}
