/**
 * Media on the local filesystem under DATA_DIR/media. A blob is written to `.partial/`, fsynced
 * and renamed into place, so a reader sees either the old or the new file, never half of one,
 * and a blob whose put resolved survives a crash.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertBlobKey, assertBlobPrefix, assertByteRange } from './blob-keys.ts';
import type { BlobInfo, BlobStore, ByteRange } from './types.ts';

const PARTIAL = '.partial';

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

async function fsyncPath(p: string): Promise<void> {
  const fh = await fsp.open(p, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class FsBlobStore implements BlobStore {
  private readonly root: string;

  constructor(mediaDir: string) {
    this.root = path.resolve(mediaDir);
    fs.mkdirSync(path.join(this.root, PARTIAL), { recursive: true });
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  private async install(key: string, write: (tmp: string) => Promise<void>): Promise<BlobInfo> {
    const target = this.pathOf(key);
    const tmp = path.join(this.root, PARTIAL, `${randomBytes(8).toString('hex')}.part`);
    try {
      await write(tmp);
      await fsyncPath(tmp);
      const { size } = await fsp.stat(tmp);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.rename(tmp, target);
      // The rename is only durable once the directory entry is.
      await fsyncPath(path.dirname(target));
      return { size };
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
  }

  putFile(key: string, filePath: string): Promise<BlobInfo> {
    return this.install(key, (tmp) => fsp.copyFile(filePath, tmp));
  }

  putBuffer(key: string, data: Buffer): Promise<BlobInfo> {
    return this.install(key, (tmp) => fsp.writeFile(tmp, data));
  }

  async stat(key: string): Promise<BlobInfo | null> {
    try {
      const st = await fsp.stat(this.pathOf(key));
      return st.isFile() ? { size: st.size } : null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  createReadStream(key: string, range?: ByteRange): Readable {
    assertByteRange(range);
    // fs ranges are inclusive at both ends, like ByteRange.
    return fs.createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
  }

  async getBuffer(key: string): Promise<Buffer | null> {
    try {
      return await fsp.readFile(this.pathOf(key));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertBlobPrefix(prefix);
    // Only the folder holding the prefix's last (possibly partial) segment can contain matches.
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash < 0 ? '' : prefix.slice(0, slash);
    const start = dirKey ? path.join(this.root, ...dirKey.split('/')) : this.root;
    let deleted = 0;
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const key = keyPrefix + entry.name;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          // Descend only where a match is possible: `key/` must be a prefix of `prefix` or vice versa.
          if ((key + '/').startsWith(prefix) || prefix.startsWith(key + '/')) {
            await walk(full, key + '/');
            if ((key + '/').startsWith(prefix)) await fsp.rmdir(full).catch(() => undefined);
          }
        } else if (key.startsWith(prefix)) {
          await fsp.rm(full, { force: true });
          deleted++;
        }
      }
    };
    await walk(start, dirKey ? dirKey + '/' : '');
    return deleted;
  }
}
