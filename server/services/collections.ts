/**
 * Typed access to the store's collections: `collectionOf(store, 'segments')` is a
 * `Collection<SegmentDoc>`, so a service cannot read one collection with another's document type.
 * (The engines themselves are document-agnostic; the store contract tests use them directly.)
 */
import type { CollectionDocs } from '../domain.ts';
import type { Collection, Store } from '../store/types.ts';

export type { CollectionDocs };

export function collectionOf<N extends keyof CollectionDocs>(
  store: Store,
  name: N,
): Collection<CollectionDocs[N]> {
  return store.collection<CollectionDocs[N]>(name);
}
