/**
 * The only entry point to persistence: MongoDB when a URI is configured, the embedded engine
 * otherwise. Nothing outside server/store/ imports mongodb, mingo or better-sqlite3.
 */
import { EmbeddedStore } from './embedded/store.ts';
import type { Store } from './types.ts';

export interface OpenStoreOptions {
  /** MONGODB_URI, or null for the embedded engine. */
  mongodbUri: string | null;
  mongodbDb: string;
  /** DATA_DIR: the embedded engine keeps notula.db, notula.lock and media/ here. */
  dataDir: string;
}

/**
 * Opens the configured engine. The embedded one rejects with StoreLockedError when another
 * process (or this one) already has the data directory open.
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (opts.mongodbUri) {
    // Loaded only when configured: the driver adds half a second to every embedded start-up.
    const { MongoStore } = await import('./mongo/store.ts');
    return MongoStore.open(opts.mongodbUri, opts.mongodbDb);
  }
  return EmbeddedStore.open(opts.dataDir);
}

export * from './types.ts';
