/**
 * One contract, every engine: the embedded engine always, MongoDB whenever MONGODB_URI is set.
 */
import { openEmbeddedTestStore, openMongoTestStore } from '../helpers/store.ts';
import { blobContract } from './contract/blobs.ts';
import { documentContract } from './contract/documents.ts';
import { searchContract } from './contract/search.ts';

describe('store contract: embedded engine', () => {
  describe('documents', () => documentContract(openEmbeddedTestStore));
  describe('documents in a collection kept on disk only (audit)', () =>
    documentContract(openEmbeddedTestStore, { collection: 'audit', uniqueIndexes: false }));
  describe('blobs', () => blobContract(openEmbeddedTestStore));
  describe('full-text search', () => searchContract(openEmbeddedTestStore));
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
