/**
 * The MongoDB engine: one MongoClient per process (per URI), shared by every store opened on it,
 * closed when the last of them closes. Write concern is the server's default (majority on a
 * replica set since MongoDB 5.0) unless the URI says otherwise.
 */
import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import type { BlobStore, Collection, CollectionName, Doc, SearchIndex, Store } from '../types.ts';
import { MongoCollection } from './collection.ts';
import { GridFsBlobStore } from './gridfs-blobs.ts';
import { MongoSearchIndex } from './search.ts';

interface SharedClient {
  client: MongoClient;
  users: number;
}

const clients = new Map<string, Promise<SharedClient>>();

async function acquire(uri: string): Promise<MongoClient> {
  let shared = clients.get(uri);
  if (!shared) {
    shared = (async () => {
      const client = new MongoClient(uri, { appName: 'notula' });
      await client.connect();
      return { client, users: 0 };
    })();
    clients.set(uri, shared);
    shared.catch(() => clients.delete(uri));
  }
  const s = await shared;
  s.users++;
  return s.client;
}

async function release(uri: string): Promise<void> {
  const shared = clients.get(uri);
  if (!shared) return;
  const s = await shared;
  if (--s.users > 0) return;
  clients.delete(uri);
  await s.client.close();
}

export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  readonly blobs: BlobStore;
  readonly search: SearchIndex;
  private readonly collections = new Map<string, MongoCollection<Doc>>();
  private closed = false;

  private constructor(
    private readonly uri: string,
    private readonly db: Db,
  ) {
    this.blobs = new GridFsBlobStore(db);
    this.search = new MongoSearchIndex(db.collection('search'), () => this.assertOpen());
  }

  static async open(uri: string, dbName: string): Promise<MongoStore> {
    const client = await acquire(uri);
    const store = new MongoStore(uri, client.db(dbName));
    try {
      await store.ping();
    } catch (err) {
      await release(uri);
      throw err;
    }
    return store;
  }

  collection<T extends Doc>(name: CollectionName): Collection<T> {
    let coll = this.collections.get(name);
    if (!coll) {
      coll = new MongoCollection<Doc>(this.db.collection(name), () => this.assertOpen());
      this.collections.set(name, coll);
    }
    return coll as unknown as Collection<T>;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The MongoDB store is closed.');
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    if (this.closed) throw new Error('The MongoDB store is already closed.');
    this.closed = true;
    await release(this.uri);
  }
}
