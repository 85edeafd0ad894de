/**
 * Probe: what a file holds (duration, codec, channels, sample rate, streams), and a MediaError
 * that says what was found when it holds no decodable audio.
 */
import { open, stat } from 'node:fs/promises';
import { MediaError } from './errors.ts';
import { FfmpegError, lastLine, runFfprobe, type MediaTools } from './ffmpeg.ts';
import { describeBytes, imageName } from './sniff.ts';

export interface ProbeStream {
  index: number;
  /** audio, video, subtitle, data, attachment */
  type: string;
  codec: string;
}

export interface ProbeResult {
  durationSec: number;
  sizeBytes: number;
  /** ffprobe's demuxer name, e.g. "wav", "mov,mp4,m4a,3gp,3g2,mj2". */
  format: string;
  /** The audio stream used: the first one. */
  audioStreamIndex: number;
  codec: string;
  channels: number;
  sampleRate: number;
  bitRate: number | null;
  streams: ProbeStream[];
}

/** More streams than any recording needs: such files are crafted, and cost ffmpeg time per stream. */
const MAX_STREAMS = 64;
/** Below this average bit rate a declared duration cannot be real (the lowest speech codecs need ~600 bit/s). */
const MIN_PLAUSIBLE_BITS_PER_SEC = 500;
/** Codecs whose stated bit rate is a real average (others, like Vorbis, state a nominal one). */
const CONSTANT_RATE = /^(pcm_|mp3$|mp2$)/;

interface FfprobeJson {
  format?: { format_name?: string; duration?: string; bit_rate?: string; nb_streams?: number };
  streams?: {
    index: number;
    codec_type?: string;
    codec_name?: string;
    channels?: number;
    sample_rate?: string;
    duration?: string;
    bit_rate?: string;
  }[];
}

const num = (s: string | undefined): number | null => {
  const n = Number(s);
  return s !== undefined && Number.isFinite(n) ? n : null;
};

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const mb = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.ceil(n / 1e3)} KB`);
export const formatDuration = (sec: number): string => {
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h} h ${m} min` : m ? `${m} min ${s % 60} s` : `${sec.toFixed(1)} s`;
};

/** Refuses a recording longer than `maxSec` (a service's limit), naming both lengths. */
export function checkMaxDuration(durationSec: number, maxSec: number | undefined): void {
  if (maxSec === undefined || !(durationSec > maxSec)) return;
  throw new MediaError(
    'too_long',
    `The recording is ${formatDuration(durationSec)} long; at most ${formatDuration(maxSec)} is accepted. Split it into shorter parts.`,
  );
}

/** A WAV whose data chunk declares more bytes than the file has was cut short. */
function wavShortfall(head: Buffer, sizeBytes: number): { declared: number; present: number } | null {
  if (
    head.length < 12 ||
    head.toString('latin1', 0, 4) !== 'RIFF' ||
    head.toString('latin1', 8, 12) !== 'WAVE'
  ) {
    return null;
  }
  let off = 12;
  while (off + 8 <= head.length) {
    const id = head.toString('latin1', off, off + 4);
    const size = head.readUInt32LE(off + 4);
    if (id === 'data') {
      // 0 and 0xFFFFFFFF mean "unknown length" (streamed WAV), not a promise.
      if (size === 0 || size === 0xffffffff) return null;
      const present = sizeBytes - (off + 8);
      return present < size ? { declared: size, present: Math.max(0, present) } : null;
    }
    off += 8 + size + (size & 1);
  }
  return null;
}

function noAudio(json: FfprobeJson, head: Buffer): MediaError {
  const streams = json.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video');
  const image = imageName(json.format?.format_name ?? '', video?.codec_name);
  if (image) return new MediaError('not_media', `The file is ${image}; it has no audio stream.`);
  if (video) return new MediaError('no_audio', 'The video has no audio stream.');
  const what = describeBytes(head);
  if (what && streams.length === 0) return new MediaError('not_media', `The file is ${what}, not audio.`);
  const found = streams.map((s) => s.codec_type ?? 'unknown').join(', ');
  return new MediaError('no_audio', `The file has no audio stream${found ? ` (it holds: ${found})` : ''}.`);
}

/** Reads the file's streams; throws MediaError unless it has a decodable audio stream. */
export async function probe(file: string, tools: MediaTools, signal?: AbortSignal): Promise<ProbeResult> {
  const sizeBytes = (await stat(file)).size;
  if (sizeBytes === 0) throw new MediaError('empty', 'The file is empty (0 bytes).');
  const head = await readHead(file, 4096);
  let json: FfprobeJson;
  try {
    json = JSON.parse(
      await runFfprobe(['-show_format', '-show_streams', '-of', 'json', file], { tools, signal }),
    ) as FfprobeJson;
  } catch (e) {
    if (!(e instanceof FfmpegError) || signal?.aborted) throw e;
    if (/moov atom not found/i.test(e.stderr)) {
      throw new MediaError(
        'truncated',
        'The file is truncated: its MP4/M4A index (moov atom) is missing, as in an unfinished recording or upload.',
      );
    }
    if (wavShortfall(head, sizeBytes)) checkDeclaredLength(head, sizeBytes, 1, null);
    const what = describeBytes(head);
    if (what) throw new MediaError('not_media', `The file is ${what}, not audio.`);
    const reason = lastLine(e.stderr.split(file).join('file')) || 'unknown format';
    throw new MediaError('undecodable', `The file is not audio or video that ffmpeg can read (${reason}).`);
  }
  const streams = json.streams ?? [];
  const count = Math.max(streams.length, json.format?.nb_streams ?? 0);
  if (count > MAX_STREAMS) {
    throw new MediaError(
      'undecodable',
      `The file has ${count} streams; at most ${MAX_STREAMS} are accepted.`,
    );
  }
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!audio) throw noAudio(json, head);
  const sampleRate = num(audio.sample_rate) ?? 0;
  const channels = audio.channels ?? 0;
  if (!audio.codec_name || sampleRate <= 0 || channels <= 0) {
    throw new MediaError(
      'undecodable',
      `The audio stream cannot be decoded (codec ${audio.codec_name ?? 'unknown'}, ${sampleRate} Hz, ${channels} channels).`,
    );
  }
  const durationSec = num(json.format?.duration) ?? num(audio.duration) ?? 0;
  if (!(durationSec > 0))
    throw new MediaError(
      'undecodable',
      'The audio stream has no duration: it holds no sound that can be decoded.',
    );
  checkDeclaredLength(
    head,
    sizeBytes,
    durationSec,
    CONSTANT_RATE.test(audio.codec_name) ? num(audio.bit_rate) : null,
  );
  return {
    durationSec,
    sizeBytes,
    format: json.format?.format_name ?? 'unknown',
    audioStreamIndex: audio.index,
    codec: audio.codec_name,
    channels,
    sampleRate,
    bitRate: num(audio.bit_rate),
    streams: streams.map((s) => ({
      index: s.index,
      type: s.codec_type ?? 'unknown',
      codec: s.codec_name ?? 'unknown',
    })),
  };
}

/** Rejects headers that promise more audio than the bytes can hold (cut-off uploads, crafted files). */
function checkDeclaredLength(
  head: Buffer,
  sizeBytes: number,
  durationSec: number,
  bitRate: number | null,
): void {
  const wav = wavShortfall(head, sizeBytes);
  if (wav) {
    const pct = Math.round((100 * wav.present) / wav.declared);
    throw new MediaError(
      'truncated',
      `The file is truncated: the WAV header declares ${mb(wav.declared)} of audio but only ${mb(wav.present)} (${pct} %) is present.`,
    );
  }
  if ((sizeBytes * 8) / durationSec < MIN_PLAUSIBLE_BITS_PER_SEC) {
    throw new MediaError(
      'truncated',
      `The file is truncated or damaged: it declares ${formatDuration(durationSec)} of audio but holds only ${mb(sizeBytes)}.`,
    );
  }
  // PCM and mp3 state how many bytes the declared duration needs.
  if (bitRate && bitRate > 0) {
    const needed = (durationSec * bitRate) / 8;
    if (sizeBytes < 0.8 * needed && needed - sizeBytes > 32 * 1024) {
      const present = (sizeBytes * 8) / bitRate;
      throw new MediaError(
        'truncated',
        `The file is truncated: it declares ${formatDuration(durationSec)} of audio but holds only about ${formatDuration(present)}.`,
      );
    }
  }
}
