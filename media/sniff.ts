/**
 * Names what a file is from its first bytes, for error messages about files ffmpeg cannot read
 * or that carry no sound. Pure: works on a Buffer.
 */

const MAGIC: [bytes: number[] | string, offset: number, what: string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 0, 'a PNG image'],
  [[0xff, 0xd8, 0xff], 0, 'a JPEG image'],
  ['GIF8', 0, 'a GIF image'],
  ['WEBP', 8, 'a WebP image'],
  ['BM', 0, 'a BMP image'],
  ['%PDF', 0, 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 0, 'a ZIP archive (or an Office document)'],
  [[0x1f, 0x8b], 0, 'a gzip archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 0, 'a program (ELF executable)'],
  ['MZ', 0, 'a Windows program'],
];

function matches(buf: Buffer, bytes: number[] | string, offset: number): boolean {
  const want = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= offset + want.length && buf.subarray(offset, offset + want.length).equals(want);
}

/** True when the bytes read as text: valid UTF-8 without control characters other than whitespace. */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  let text: string;
  try {
    // A multi-byte character cut at the end of the sample is not a reason to call it binary.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, trimPartialUtf8(head)));
  } catch {
    return false;
  }
  let control = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  return control === 0;
}

function trimPartialUtf8(b: Buffer): number {
  const end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = b[end - i]!;
    if ((byte & 0xc0) === 0xc0) return end - i; // lead byte of a sequence that may be incomplete
    if ((byte & 0x80) === 0) break;
  }
  return end;
}

/** "a PNG image", "plain text", … or null when the bytes say nothing we recognise. */
export function describeBytes(head: Buffer): string | null {
  for (const [bytes, offset, what] of MAGIC) if (matches(head, bytes, offset)) return what;
  if (looksLikeText(head)) {
    const start = head.toString('utf8', 0, 200).trimStart().toLowerCase();
    if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'an HTML page';
    return 'plain text';
  }
  return null;
}

/** Image demuxers and codecs ffprobe reports for still pictures. */
export function imageName(formatName: string, codec: string | undefined): string | null {
  const names: Record<string, string> = {
    png: 'a PNG image',
    mjpeg: 'a JPEG image',
    gif: 'a GIF image',
    webp: 'a WebP image',
    bmp: 'a BMP image',
    tiff: 'a TIFF image',
  };
  if (/_pipe$|^image2$|^gif$/.test(formatName) && codec) return names[codec] ?? 'an image';
  return null;
}
