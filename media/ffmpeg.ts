/**
 * The one module that spawns ffmpeg and ffprobe: argument arrays, never a shell; an abort signal
 * kills the process; stderr is kept (its tail) for error messages; outputs are removed on failure.
 * fluent-ffmpeg is not used: its maintainers archived it, and plain `spawn` covers what we need.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

export interface FfmpegPaths {
  ffmpeg: string;
  ffprobe: string;
  /** Where the ffmpeg binary came from: FFMPEG_PATH, the ffmpeg-static package, or the PATH. */
  source: 'env' | 'ffmpeg-static' | 'path';
}

/** ffmpeg exited non-zero, could not start, or was aborted. `stderr` is the tail of its output. */
export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly code: number | null,
  ) {
    super(message);
    this.name = 'FfmpegError';
  }
}

let cached: FfmpegPaths | null = null;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** First match for a bare command name on PATH, or the bare name itself (spawn then reports ENOENT). */
function onPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isFile(path.join(dir, name))) return path.join(dir, name);
  }
  return name;
}

function ffmpegStatic(): string | null {
  try {
    // ffmpeg-static is an optional dependency whose binary download fails offline; a missing
    // package or a path with no file behind it both mean "not available".
    const bin = createRequire(import.meta.url)('ffmpeg-static') as unknown;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** FFMPEG_PATH → the ffmpeg-static binary → `ffmpeg` on the PATH; ffprobe from FFPROBE_PATH, beside ffmpeg, or the PATH. */
export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegPaths {
  if (cached && env === process.env) return cached;
  let ffmpeg: string;
  let source: FfmpegPaths['source'];
  const fromStatic = env.FFMPEG_PATH ? null : ffmpegStatic();
  if (env.FFMPEG_PATH) [ffmpeg, source] = [env.FFMPEG_PATH, 'env'];
  else if (fromStatic) [ffmpeg, source] = [fromStatic, 'ffmpeg-static'];
  else [ffmpeg, source] = [onPath('ffmpeg'), 'path'];
  const beside = path.join(path.dirname(ffmpeg), 'ffprobe');
  const ffprobe =
    env.FFPROBE_PATH || (path.isAbsolute(ffmpeg) && isFile(beside) ? beside : onPath('ffprobe'));
  const found = { ffmpeg, ffprobe, source };
  if (env === process.env) cached = found;
  return found;
}

export interface Spawned {
  child: ChildProcess;
  stdout: Readable;
  /** Present only when spawned with `stdin: true`. */
  stdin: Writable | null;
  /** Resolves with the stderr tail on exit 0; rejects with FfmpegError otherwise (removing `outputs`). */
  done: Promise<string>;
}

export interface SpawnOptions {
  signal?: AbortSignal;
  /** Files this run writes; deleted when it fails or is aborted. */
  outputs?: string[];
  /** Feed stdin from the caller (default: stdin closed). */
  stdin?: boolean;
}

const STDERR_TAIL = 16 * 1024;

function spawnTool(bin: string, args: string[], opts: SpawnOptions): Spawned {
  const child = spawn(bin, args, { stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], shell: false });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => {
    stderr = (stderr + s).slice(-STDERR_TAIL);
  });
  const kill = (): void => {
    child.kill('SIGKILL');
  };
  opts.signal?.addEventListener('abort', kill, { once: true });
  const done = new Promise<string>((resolve, reject) => {
    const fail = async (err: FfmpegError): Promise<void> => {
      await Promise.all((opts.outputs ?? []).map((f) => rm(f, { force: true, recursive: true })));
      reject(err);
    };
    child.on('error', (e) => {
      void fail(new FfmpegError(`${path.basename(bin)} could not start (${e.message}).`, stderr, null));
    });
    child.on('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', kill);
      if (code === 0) return resolve(stderr);
      if (opts.signal?.aborted) {
        void fail(new FfmpegError(`${path.basename(bin)} was aborted.`, stderr, code));
      } else {
        const last = lastLine(stderr) || (sig ? `killed by ${sig}` : `exit code ${code}`);
        void fail(new FfmpegError(`${path.basename(bin)} failed: ${last}`, stderr, code));
      }
    });
  });
  if (opts.signal?.aborted) kill();
  return { child, stdout: child.stdout!, stdin: child.stdin, done };
}

/** Last non-empty stderr line, without ffmpeg's `[demuxer @ 0x…]` prefix. */
export function lastLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/, '').trim())
    .filter(Boolean);
  return lines.at(-1) ?? '';
}

/** Spawns ffmpeg (quiet, no interaction) for streaming use. */
export function spawnFfmpeg(args: string[], opts: SpawnOptions = {}): Spawned {
  return spawnTool(resolveFfmpeg().ffmpeg, ['-nostdin', '-hide_banner', '-v', 'error', ...args], opts);
}

/** Runs ffmpeg to completion; stdout is discarded. Resolves with the stderr tail. */
export async function runFfmpeg(args: string[], opts: SpawnOptions = {}): Promise<string> {
  const s = spawnFfmpeg(args, opts);
  s.stdout.resume();
  return s.done;
}

/** Runs ffprobe and returns its stdout; rejects with FfmpegError (stderr tail) on failure. */
export async function runFfprobe(args: string[], signal?: AbortSignal): Promise<string> {
  const s = spawnTool(resolveFfmpeg().ffprobe, ['-hide_banner', '-v', 'error', ...args], { signal });
  const chunks: Buffer[] = [];
  s.stdout.on('data', (c: Buffer) => chunks.push(c));
  await s.done;
  return Buffer.concat(chunks).toString('utf8');
}

let versionPromise: Promise<string> | null = null;

/** ffmpeg's version string (e.g. "5.1.9-0+deb12u1"), for /healthz. Rejects when ffmpeg cannot run. */
export function ffmpegVersion(): Promise<string> {
  versionPromise ??= (async () => {
    const s = spawnTool(resolveFfmpeg().ffmpeg, ['-version'], {});
    const chunks: Buffer[] = [];
    s.stdout.on('data', (c: Buffer) => chunks.push(c));
    await s.done;
    return parseVersion(Buffer.concat(chunks).toString('utf8'));
  })();
  versionPromise.catch(() => {
    versionPromise = null;
  });
  return versionPromise;
}

export function parseVersion(text: string): string {
  return /ffmpeg version (\S+)/.exec(text)?.[1] ?? 'unknown';
}
