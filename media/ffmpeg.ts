/**
 * The one module that spawns ffmpeg and ffprobe: argument arrays, never a shell; an abort signal
 * kills the process; stderr is kept (its tail) for error messages; outputs are removed on failure.
 * fluent-ffmpeg is not used: it is archived and deprecated, reads the environment itself and takes no
 * abort signal, and plain `spawn` covers what we need (README, Design).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * The ffmpeg and ffprobe binaries every spawn uses. Resolved once at start-up from configuration
 * (`resolveMediaTools`) and passed down: media/ never reads the environment itself.
 */
export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
  /** Where the ffmpeg binary came from: FFMPEG_PATH, the ffmpeg-static package, or the PATH. */
  source: 'env' | 'ffmpeg-static' | 'path';
}

/** What configuration says about the binaries (server/config.ts parses these). */
export interface MediaToolSettings {
  /** FFMPEG_PATH. */
  ffmpegPath?: string | null;
  /** FFPROBE_PATH. */
  ffprobePath?: string | null;
  /**
   * Directories to look in (PATH's format). Without them a bare `ffmpeg`/`ffprobe` is returned,
   * which spawn looks up on the process's PATH.
   */
  searchPath?: string;
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

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** First match for a bare command name in `searchPath`, or the bare name itself (spawn then reports ENOENT). */
function onPath(name: string, searchPath: string): string {
  for (const dir of searchPath.split(path.delimiter)) {
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
export function resolveMediaTools(settings: MediaToolSettings = {}): MediaTools {
  const searchPath = settings.searchPath ?? '';
  let ffmpeg: string;
  let source: MediaTools['source'];
  const fromStatic = settings.ffmpegPath ? null : ffmpegStatic();
  if (settings.ffmpegPath) [ffmpeg, source] = [settings.ffmpegPath, 'env'];
  else if (fromStatic) [ffmpeg, source] = [fromStatic, 'ffmpeg-static'];
  else [ffmpeg, source] = [onPath('ffmpeg', searchPath), 'path'];
  const beside = path.join(path.dirname(ffmpeg), 'ffprobe');
  const ffprobe =
    settings.ffprobePath ||
    (path.isAbsolute(ffmpeg) && isFile(beside) ? beside : onPath('ffprobe', searchPath));
  return { ffmpeg, ffprobe, source };
}

let machineTools: MediaTools | null = null;

/**
 * The machine's own ffmpeg (ffmpeg-static, else the one spawn finds on the PATH), for spawns that
 * are given no tools: test and benchmark tooling. The pipeline's entry points (probe, ingest,
 * ffmpegVersion) always take the tools configuration resolved.
 */
function toolsOrMachine(tools: MediaTools | undefined): MediaTools {
  return tools ?? (machineTools ??= resolveMediaTools());
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
  /** The binaries to run; absent: the machine's own (tooling only, see toolsOrMachine). */
  tools?: MediaTools;
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
  return spawnTool(
    toolsOrMachine(opts.tools).ffmpeg,
    ['-nostdin', '-hide_banner', '-v', 'error', ...args],
    opts,
  );
}

/** Runs ffmpeg to completion; stdout is discarded. Resolves with the stderr tail. */
export async function runFfmpeg(args: string[], opts: SpawnOptions = {}): Promise<string> {
  const s = spawnFfmpeg(args, opts);
  s.stdout.resume();
  return s.done;
}

/** Runs ffprobe and returns its stdout; rejects with FfmpegError (stderr tail) on failure. */
export async function runFfprobe(
  args: string[],
  opts: Pick<SpawnOptions, 'tools' | 'signal'> = {},
): Promise<string> {
  const s = spawnTool(toolsOrMachine(opts.tools).ffprobe, ['-hide_banner', '-v', 'error', ...args], {
    signal: opts.signal,
  });
  const chunks: Buffer[] = [];
  s.stdout.on('data', (c: Buffer) => chunks.push(c));
  await s.done;
  return Buffer.concat(chunks).toString('utf8');
}

/** One version check per binary: servers started again in one process (tests) reuse it. */
const versions = new Map<string, Promise<string>>();

/** ffmpeg's version string (e.g. "5.1.9-0+deb12u1"), for /healthz. Rejects when ffmpeg cannot run. */
export function ffmpegVersion(tools: MediaTools): Promise<string> {
  let version = versions.get(tools.ffmpeg);
  if (!version) {
    version = (async () => {
      const s = spawnTool(tools.ffmpeg, ['-version'], {});
      const chunks: Buffer[] = [];
      s.stdout.on('data', (c: Buffer) => chunks.push(c));
      await s.done;
      return parseVersion(Buffer.concat(chunks).toString('utf8'));
    })();
    versions.set(tools.ffmpeg, version);
    // A failure is not remembered: ffmpeg may be installed before the next start.
    version.catch(() => versions.delete(tools.ffmpeg));
  }
  return version;
}

export function parseVersion(text: string): string {
  return /ffmpeg version (\S+)/.exec(text)?.[1] ?? 'unknown';
}
