/**
 * Media for security tests, made at test time: valid tones from ffmpeg's lavfi sine source, and
 * the damaged, lying or crafted files an attacker or a broken recorder would send.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A 16-bit mono PCM WAV of a 440 Hz tone; `declaredBytes` overrides the data chunk's size field. */
export function wavBuffer(
  seconds: number,
  opts: { sampleRate?: number; declaredBytes?: number } = {},
): Buffer {
  const rate = opts.sampleRate ?? 8000;
  const samples = Math.round(seconds * rate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(Math.min(0xffffffff, 36 + (opts.declaredBytes ?? data.length)), 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(opts.declaredBytes ?? data.length, 40);
  return Buffer.concat([h, data]);
}

/** A smallest valid PNG (1×1, grey). */
export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010800000000' +
    '3a7e9b550000000a49444154789c63600000000200015e2d6e0a0000000049454e44ae426082',
  'hex',
);

/** Encodes `seconds` of a tone into `file`; the container and codec follow the extension. */
export async function tone(file: string, seconds = 2): Promise<Buffer> {
  const codec: Record<string, string[]> = {
    '.mp3': ['-c:a', 'libmp3lame', '-b:a', '64k'],
    '.m4a': ['-c:a', 'aac', '-b:a', '64k'],
    '.ogg': ['-c:a', 'libvorbis'],
    '.wav': ['-c:a', 'pcm_s16le'],
  };
  const ext = path.extname(file);
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}:sample_rate=16000`,
    ...(codec[ext] ?? []),
    file,
  ]);
  return fs.readFileSync(file);
}

/** A Matroska audio file holding the same short tone in `streams` separate audio streams. */
export async function manyStreams(file: string, streams: number): Promise<Buffer> {
  const maps = Array.from({ length: streams }, () => ['-map', '0:a']).flat();
  await run(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=0.2:sample_rate=8000',
      ...maps,
      '-c:a',
      'pcm_s16le',
      file,
    ],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return fs.readFileSync(file);
}

/** The first `fraction` of the bytes, as an upload cut off mid-way leaves them. */
export const truncate = (b: Buffer, fraction: number): Buffer =>
  b.subarray(0, Math.max(1, Math.floor(b.length * fraction)));

/** The header kept, everything after `keep` bytes overwritten with deterministic noise. */
export function corrupt(b: Buffer, keep: number): Buffer {
  const out = Buffer.from(b);
  let x = 0x9e3779b9;
  for (let i = keep; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Every file below `dir` (none when it does not exist): what an upload left on disk. */
export function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * `seconds` of a tone that sounds for `onSec` then pauses for `offSec`, over and over: a recording
 * with a pause to cut in every few seconds (an unbroken tone offers none).
 */
export async function pulses(file: string, seconds: number, onSec = 4, offSec = 1): Promise<Buffer> {
  const period = onSec + offSec;
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}:sample_rate=16000`,
    '-af',
    `volume='if(lt(mod(t,${period}),${onSec}),1,0)':eval=frame`,
    '-c:a',
    'libmp3lame',
    '-b:a',
    '64k',
    file,
  ]);
  return fs.readFileSync(file);
}
