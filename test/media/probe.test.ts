import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MediaError, probe } from '../../media/index.ts';
import { runFfmpeg } from '../../media/ffmpeg.ts';
import { makeMeeting } from '../helpers/media.ts';
import { TOOLS, useTmpDir } from './helpers.ts';

async function rejection(file: string): Promise<MediaError> {
  try {
    await probe(file, TOOLS);
  } catch (e) {
    expect(e).to.be.instanceOf(MediaError);
    return e as MediaError;
  }
  throw new Error(`probe accepted ${file}`);
}

describe('media/probe', () => {
  const tmp = useTmpDir();
  const at = (name: string): string => path.join(tmp(), name);

  it('reads duration, codec, channels and sample rate of an 11-second speech recording', async () => {
    // As a dictaphone writes it: 16 kHz mono 16-bit WAV.
    const wav = at('speech.wav');
    await makeMeeting({ durationSec: 11, outFile: wav, sampleRate: 16000, channels: 1 });
    const p = await probe(wav, TOOLS);
    expect(p).to.include({
      durationSec: 11,
      codec: 'pcm_s16le',
      channels: 1,
      sampleRate: 16000,
      audioStreamIndex: 0,
    });
    expect(p.streams).to.deep.equal([{ index: 0, type: 'audio', codec: 'pcm_s16le' }]);
  });

  it('reads a stereo m4a and an mp3 made by ffmpeg', async () => {
    await makeMeeting({ durationSec: 8, outFile: at('m.m4a') });
    await makeMeeting({ durationSec: 8, outFile: at('m.mp3'), sampleRate: 22050, channels: 1 });
    const m4a = await probe(at('m.m4a'), TOOLS);
    expect(m4a).to.include({ codec: 'aac', channels: 2, sampleRate: 44100 });
    expect(m4a.durationSec).to.be.closeTo(8, 0.1);
    expect(await probe(at('m.mp3'), TOOLS)).to.include({ codec: 'mp3', channels: 1, sampleRate: 22050 });
  });

  it('says a text file named .mp3 is plain text', async () => {
    writeFileSync(at('notes.mp3'), 'Minutes of the meeting\nAttendees: Ann, Bob\n');
    const e = await rejection(at('notes.mp3'));
    expect(e.kind).to.equal('not_media');
    expect(e.message).to.equal('The file is plain text, not audio.');
  });

  it('says a PNG is an image without an audio stream', async () => {
    await runFfmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=16x16', '-frames:v', '1', '-y', at('pic.png')]);
    const e = await rejection(at('pic.png'));
    expect(e.kind).to.equal('not_media');
    expect(e.message).to.equal('The file is a PNG image; it has no audio stream.');
  });

  it('says a video has no audio stream', async () => {
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc=s=64x48:d=1', '-c:v', 'mpeg4', '-y', at('silent.mp4')]);
    const e = await rejection(at('silent.mp4'));
    expect(e).to.include({ kind: 'no_audio', message: 'The video has no audio stream.' });
  });

  it('says a zero-byte file is empty', async () => {
    writeFileSync(at('empty.wav'), '');
    expect(await rejection(at('empty.wav'))).to.include({
      kind: 'empty',
      message: 'The file is empty (0 bytes).',
    });
  });

  it('says a WAV, an mp3 and an m4a cut short are truncated', async () => {
    await makeMeeting({ durationSec: 10, outFile: at('whole.wav'), sampleRate: 16000, channels: 1 });
    await makeMeeting({ durationSec: 10, outFile: at('whole.mp3') });
    await makeMeeting({ durationSec: 10, outFile: at('whole.m4a') });
    for (const ext of ['wav', 'mp3', 'm4a']) {
      const bytes = readFileSync(at(`whole.${ext}`));
      writeFileSync(at(`cut.${ext}`), bytes.subarray(0, Math.floor(bytes.length * 0.4)));
      const e = await rejection(at(`cut.${ext}`));
      expect(e.kind, ext).to.equal('truncated');
      expect(e.message, ext).to.match(/^The file is truncated/);
    }
  });

  it('rejects a header that declares hours of audio in a few bytes', async () => {
    const head = Buffer.alloc(44);
    head.write('RIFF', 0, 'latin1');
    head.writeUInt32LE(0x7ffffff0, 4);
    head.write('WAVEfmt ', 8, 'latin1');
    head.writeUInt32LE(16, 16);
    head.writeUInt16LE(1, 20);
    head.writeUInt16LE(1, 22);
    head.writeUInt32LE(8000, 24);
    head.writeUInt32LE(16000, 28);
    head.writeUInt16LE(2, 32);
    head.writeUInt16LE(16, 34);
    head.write('data', 36, 'latin1');
    head.writeUInt32LE(0x7fffffc0, 40);
    writeFileSync(at('liar.wav'), Buffer.concat([head, Buffer.alloc(4000)]));
    const e = await rejection(at('liar.wav'));
    expect(e.kind).to.equal('truncated');
  });

  it('rejects a file with more than 64 streams, saying how many it has', async () => {
    await makeMeeting({ durationSec: 1, outFile: at('one.wav'), sampleRate: 8000, channels: 1 });
    const maps = Array.from({ length: 65 }, () => ['-map', '0:a']).flat();
    await runFfmpeg(['-i', at('one.wav'), ...maps, '-c', 'copy', '-y', at('many.mka')]);
    const e = await rejection(at('many.mka'));
    expect(e.kind).to.equal('undecodable');
    expect(e.message).to.equal('The file has 65 streams; at most 64 are accepted.');
  });
});
