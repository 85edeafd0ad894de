/**
 * The embedded engine against real crashes: a writer process is SIGKILLed mid-stream and every
 * write it saw acknowledged must be there after a restart (also writes that move documents out of
 * memory and back); a live owner keeps others out.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, StoreLockedError } from '../../server/store/index.ts';
import { EmbeddedStore } from '../../server/store/embedded/store.ts';
import { makeTempDir } from '../helpers/store.ts';
import { rejection } from './contract/documents.ts';

const script = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

/** Starts the fixture; `lines` collects stdout lines, `waitFor` resolves at the first line matching. */
function start(mode: 'write' | 'flip' | 'hold', dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, mode, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let buffered = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const waitFor = (done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (done()) resolve();
        else if (child.exitCode !== null || child.signalCode !== null)
          reject(new Error(`child exited: ${stderr}`));
        else waiters.push(check);
      };
      child.once('exit', () => check());
      check();
    });
  return { child, lines, waitFor };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('embedded store under crashes', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('notula-crash-');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged write of a process killed with SIGKILL, and takes over its lock', async () => {
    const writer = start('write', dir);
    try {
      await writer.waitFor(() => writer.lines.length >= 400);
    } finally {
      await kill(writer.child);
    }
    const acks = writer.lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' '));
    expect(acks.length).to.be.at.least(400);
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'notula.lock'), 'utf8')) as { pid: number };
    expect(lock.pid).to.equal(writer.child.pid);

    const store = await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir: dir });
    try {
      const rows = store.collection<{ _id: string; n?: number }>('segments');
      const present = new Set((await rows.find({}, { projection: { _id: 1 } })).map((d) => d._id));
      const missing = acks.filter(([, id]) => !present.has(id));
      expect(missing, 'acknowledged but lost').to.deep.equal([]);
      const highest = Math.max(...acks.map(([, , n]) => Number(n)));
      expect((await rows.findOne({ _id: 'counter' }))?.n).to.be.at.least(highest);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'notula.lock'), 'utf8')).pid).to.equal(process.pid);
    } finally {
      await store.close();
    }
  });

  it('keeps every acknowledged approval and reopening, and holds exactly the active segments after a restart', async () => {
    const writer = start('flip', dir);
    try {
      await writer.waitFor(() => writer.lines.length >= 600);
    } finally {
      await kill(writer.child);
    }
    const acked = new Map<string, number>();
    for (const [, id, n] of writer.lines.filter((l) => l.startsWith('flip ')).map((l) => l.split(' ')))
      acked.set(id, Math.max(acked.get(id) ?? 0, Number(n)));
    expect(acked.size).to.equal(20);

    const store = EmbeddedStore.open(dir);
    try {
      const rows = await store
        .collection<{ _id: string; n: number; status: string }>('segments')
        .find({}, { projection: { payload: 0 } });
      expect(rows).to.have.length(20);
      for (const row of rows) {
        expect(row.n, `${row._id}: acknowledged change lost`).to.be.at.least(acked.get(row._id)!);
        expect(row.status).to.equal(row.n % 2 ? 'approved' : 'open');
      }
      expect(store.stats().segments.resident).to.equal(rows.filter((r) => r.status === 'open').length);
    } finally {
      await store.close();
    }
  });

  it('refuses a second process on the same data directory, naming the first, until it is gone', async () => {
    const holder = start('hold', dir);
    try {
      await holder.waitFor(() => holder.lines.some((l) => l.startsWith('ready')));
      const err = await rejection(openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir: dir }));
      expect(err).to.be.instanceOf(StoreLockedError);
      expect((err as Error).message).to.include(`pid ${holder.child.pid}`);
      expect((err as Error).message).to.include('single-process');
      expect((err as Error).message).to.include('MONGODB_URI');
    } finally {
      await kill(holder.child);
    }
    const store = await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir: dir });
    await store.close();
  });
});
