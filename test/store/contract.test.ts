/**
 * One contract, every engine: the embedded engine always, MongoDB whenever MONGODB_URI is set.
 */
import type { CollectionName } from '../../server/store/index.ts';
import type { Residency } from '../../server/store/embedded/residency.ts';
import { openEmbeddedTestStore, openMongoTestStore } from '../helpers/store.ts';
import { blobContract } from './contract/blobs.ts';
import { documentContract } from './contract/documents.ts';
import { searchContract } from './contract/search.ts';

const NAMES: CollectionName[] = [
  'orgs',
  'users',
  'sessions',
  'tokens',
  'recordings',
  'segments',
  'jobs',
  'webhooks',
];
const everywhere = (residency: Residency) => ({
  residency: Object.fromEntries(NAMES.map((n) => [n, residency])),
});

describe('store contract: embedded engine', () => {
  describe('documents', () => documentContract(() => openEmbeddedTestStore()));
  describe('documents, none held in memory (every query answered from SQLite)', () =>
    documentContract(() => openEmbeddedTestStore(everywhere({ kind: 'disk' }))));
  describe('documents, all held in memory (every query answered from memory)', () =>
    documentContract(() => openEmbeddedTestStore(everywhere({ kind: 'memory' }))));
  // The contract's claims move documents from 'open' to 'assigned', its upserts from 's' to 't'.
  describe('documents moving out of memory as their status changes', () =>
    documentContract(() =>
      openEmbeddedTestStore(everywhere({ kind: 'status', field: 'status', archived: ['assigned', 't'] })),
    ));
  describe('documents in a collection kept on disk only (audit)', () =>
    documentContract(() => openEmbeddedTestStore(), { collection: 'audit', uniqueIndexes: false }));
  describe('blobs', () => blobContract(() => openEmbeddedTestStore()));
  describe('full-text search', () => searchContract(() => openEmbeddedTestStore()));
});

const mongoUri = process.env.MONGODB_URI;

describe('store contract: MongoDB engine', () => {
  if (!mongoUri) {
    console.log('MONGODB_URI is not set; the MongoDB engine contract tests are skipped');
    it.skip('runs the contract against MongoDB (set MONGODB_URI to run it)');
    return;
  }
  const open = () => openMongoTestStore(mongoUri);
  describe('documents', () => documentContract(open));
  describe('blobs', () => blobContract(open));
  describe('full-text search', () => searchContract(open));
});
