/**
 * Media in GridFS (bucket `media`), the blob key as file name. A put uploads a new revision and
 * then deletes the older ones, so readers always find a complete file.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket } from 'mongodb';
import type { Db, ObjectId } from 'mongodb';
import { assertBlobKey, assertBlobPrefix, assertByteRange } from '../blob-keys.ts';
import type { BlobInfo, BlobStore, ByteRange } from '../types.ts';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class GridFsBlobStore implements BlobStore {
  private readonly bucket: GridFSBucket;

  constructor(db: Db) {
    this.bucket = new GridFSBucket(db, { bucketName: 'media' });
  }

  private async upload(key: string, source: Readable): Promise<BlobInfo> {
    assertBlobKey(key);
    const upload = this.bucket.openUploadStream(key);
    await pipeline(source, upload);
    const id = upload.id;
    // Older revisions go only once the new one is complete.
    const older = await this.bucket
      .find({ filename: key, _id: { $ne: id } }, { projection: { _id: 1 } })
      .toArray();
    for (const f of older) await this.deleteId(f._id);
    return { size: upload.gridFSFile?.length ?? (await this.stat(key))?.size ?? 0 };
  }

  private async deleteId(id: ObjectId): Promise<void> {
    try {
      await this.bucket.delete(id);
    } catch (err) {
      // Someone else deleted it first: the goal is reached.
      if (!/File not found/i.test(String((err as Error).message))) throw err;
    }
  }

  putFile(key: string, filePath: string): Promise<BlobInfo> {
    return this.upload(key, fs.createReadStream(filePath));
  }

  putBuffer(key: string, data: Buffer): Promise<BlobInfo> {
    return this.upload(key, Readable.from([data]));
  }

  async stat(key: string): Promise<BlobInfo | null> {
    assertBlobKey(key);
    const [file] = await this.bucket.find({ filename: key }).sort({ uploadDate: -1 }).limit(1).toArray();
    return file ? { size: file.length } : null;
  }

  createReadStream(key: string, range?: ByteRange): Readable {
    assertBlobKey(key);
    assertByteRange(range);
    // GridFS's end is exclusive; ByteRange's is inclusive.
    const options = range ? { start: range.start, end: range.end + 1 } : {};
    return this.bucket.openDownloadStreamByName(key, options);
  }

  async getBuffer(key: string): Promise<Buffer | null> {
    if (!(await this.stat(key))) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStreamByName(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    const files = await this.bucket.find({ filename: key }, { projection: { _id: 1 } }).toArray();
    for (const f of files) await this.deleteId(f._id);
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertBlobPrefix(prefix);
    const files = await this.bucket
      .find({ filename: { $regex: `^${escapeRegex(prefix)}` } }, { projection: { _id: 1, filename: 1 } })
      .toArray();
    for (const f of files) await this.deleteId(f._id);
    return new Set(files.map((f) => f.filename)).size;
  }
}
