/**
 * Notula as a child process, so the load generator and the server each get a core: started with
 * a fresh DATA_DIR and the node flags `npm start` uses, ready once it logs "listening on
 * http://localhost:<port>", stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

export interface ServerChild {
  url: URL;
  pid: number;
  /** The server's "listening" log record (port, store, storeOpenMs, …). */
  ready: Record<string, unknown>;
  /** Log lines at warn level or above (pino levels ≥ 40), kept for the report. */
  warnings: string[];
  /** Resolves with the exit code once the server has shut down. */
  stop(): Promise<number | null>;
}

export interface ServerOptions {
  repoRoot: string;
  dataDir: string;
  admin: { email: string; password: string };
  /** Extra node flags for the child (e.g. --cpu-prof), after those of `npm start`. */
  nodeArgs: string[];
  env: Record<string, string>;
  /** The script to run, relative to repoRoot; the Notula server unless told. */
  entry?: string;
}

/**
 * The node flags of `npm start` (package.json: `node <flags> --import tsx server/main.ts`), so a
 * benchmark measures the server as users run it; the bare app of bench:load gets them too.
 */
export function startFlags(repoRoot: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const words = pkg.scripts.start.trim().split(/\s+/);
  const end = words.indexOf('--import');
  if (words[0] !== 'node' || end < 0) {
    throw new Error(`package.json's start script is not "node <flags> --import tsx …": ${pkg.scripts.start}`);
  }
  return words.slice(1, end);
}

export async function startServer(o: ServerOptions): Promise<ServerChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...startFlags(o.repoRoot), ...o.nodeArgs, '--import', 'tsx', o.entry ?? 'server/main.ts'],
    {
      cwd: o.repoRoot,
      env: {
        ...process.env,
        DATA_DIR: o.dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        ADMIN_EMAIL: o.admin.email,
        ADMIN_PASSWORD: o.admin.password,
        // info, not warn: the "listening" line is logged at info; requests log at debug, so this stays quiet.
        LOG_LEVEL: 'info',
        ...o.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const warnings: string[] = [];
  const stderr: string[] = [];
  child.stderr!.on('data', (c: Buffer) => stderr.push(c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = readline.createInterface({ input: child.stdout! });
  let ready: Record<string, unknown> = {};
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the server did not report "listening" within 60 s')),
      60_000,
    );
    lines.on('line', (line) => {
      let rec: { level?: number; msg?: string } = {};
      try {
        rec = JSON.parse(line) as typeof rec;
      } catch {
        return;
      }
      if ((rec.level ?? 0) >= 40) warnings.push(line);
      const m = /listening on (http:\/\/localhost:\d+)/.exec(rec.msg ?? '');
      if (m) {
        clearTimeout(timer);
        ready = rec;
        // The server listens on 127.0.0.1; "localhost" may resolve to ::1 first.
        resolve(new URL(m[1]!.replace('localhost', '127.0.0.1')));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the server exited (code ${code}) before listening: ${stderr.join('').trim().slice(-2000)}`,
        ),
      );
    });
  });
  return {
    url,
    pid: child.pid!,
    ready,
    warnings,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(force);
      return code;
    },
  };
}

/** Resident memory (now and its peak) and CPU time of a process, from /proc (Linux only; null elsewhere). */
export function procSample(pid: number): { rssMb: number; peakRssMb: number; cpuSec: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]); // utime + stime
    return { rssMb: rssKb / 1024, peakRssMb: peakKb / 1024, cpuSec: ticks / 100 };
  } catch {
    return null;
  }
}

/** CPU time used by the whole machine so far (all cores), from /proc/stat; null off Linux. */
export function machineCpuSec(): number | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
  } catch {
    return null;
  }
}
