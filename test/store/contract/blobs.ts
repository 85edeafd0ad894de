/**
 * What every engine's blob store must do. Registered once per engine by contract.test.ts.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStore } from '../../../server/store/index.ts';
import { makeTempDir } from '../../helpers/store.ts';
import type { TestStore } from '../../helpers/store.ts';
import { rejection } from './documents.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function blobContract(open: () => Promise<TestStore>): void {
  let t: TestStore;
  let blobs: BlobStore;
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  beforeEach(async () => {
    t = await open();
    blobs = t.store.blobs;
  });
  afterEach(() => t.dispose());

  it('stores a buffer and reads it back whole, by range, and with stat', async () => {
    expect(await blobs.putBuffer('rec/r1/playback.opus', bytes)).to.deep.equal({ size: 1000 });
    expect(await blobs.stat('rec/r1/playback.opus')).to.deep.equal({ size: 1000 });
    expect((await blobs.getBuffer('rec/r1/playback.opus'))?.equals(bytes)).to.equal(true);
    expect((await readAll(blobs.createReadStream('rec/r1/playback.opus'))).equals(bytes)).to.equal(true);
    const range = await readAll(blobs.createReadStream('rec/r1/playback.opus', { start: 10, end: 19 }));
    expect(range.equals(bytes.subarray(10, 20))).to.equal(true);
    const last = await readAll(blobs.createReadStream('rec/r1/playback.opus', { start: 999, end: 999 }));
    expect([...last]).to.deep.equal([bytes[999]]);
  });

  it('stores a file, replaces it, and keeps the source file', async () => {
    const dir = makeTempDir();
    try {
      const src = path.join(dir, 'in.bin');
      fs.writeFileSync(src, bytes);
      expect(await blobs.putFile('rec/r1/a.bin', src)).to.deep.equal({ size: 1000 });
      expect(fs.existsSync(src)).to.equal(true);
      await blobs.putBuffer('rec/r1/a.bin', Buffer.from('short'));
      expect(await blobs.stat('rec/r1/a.bin')).to.deep.equal({ size: 5 });
      expect((await blobs.getBuffer('rec/r1/a.bin'))?.toString()).to.equal('short');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers null for a missing key and fails a read stream of it', async () => {
    expect(await blobs.stat('rec/none/x.opus')).to.equal(null);
    expect(await blobs.getBuffer('rec/none/x.opus')).to.equal(null);
    expect(await rejection(readAll(blobs.createReadStream('rec/none/x.opus')))).to.be.instanceOf(Error);
  });

  it('deletes one key, and every key under a prefix without touching its neighbours', async () => {
    for (const key of ['rec/r1/a', 'rec/r1/seg/1.opus', 'rec/r1/seg/2.opus', 'rec/r10/a', 'rec/r2/a']) {
      await blobs.putBuffer(key, Buffer.from(key));
    }
    await blobs.delete('rec/r2/a');
    await blobs.delete('rec/r2/a');
    expect(await blobs.stat('rec/r2/a')).to.equal(null);
    expect(await blobs.deletePrefix('rec/r1/')).to.equal(3);
    expect(await blobs.stat('rec/r1/seg/1.opus')).to.equal(null);
    expect((await blobs.getBuffer('rec/r10/a'))?.toString()).to.equal('rec/r10/a');
    expect(await blobs.deletePrefix('rec/r1')).to.equal(1);
    expect(await blobs.deletePrefix('rec/nothing/')).to.equal(0);
  });

  it('refuses keys that could escape the store', async () => {
    for (const key of ['../x', 'a/../../x', '/abs', 'a//b', '.hidden', 'a b', '']) {
      expect(await rejection(blobs.putBuffer(key, bytes)), key).to.be.instanceOf(TypeError);
    }
    expect(() => blobs.createReadStream('../etc/passwd')).to.throw(TypeError);
    expect(await rejection(blobs.deletePrefix(''))).to.be.instanceOf(TypeError);
  });
}
