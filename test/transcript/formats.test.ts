import { expect } from 'chai';
import {
  contentDisposition,
  contentType,
  filename,
  isTranscriptFormat,
  mergeTranscript,
  renderJson,
  renderTranscript,
  renderTxt,
  TRANSCRIPT_FORMATS,
} from '../../server/transcript/index.ts';
import { input } from './helpers.ts';

const small = () =>
  mergeTranscript(
    input(
      [
        {
          index: 0,
          start: 0,
          end: 30,
          turns: [
            { speaker: 'Speaker 1', start: 0.4, text: 'Good morning, everyone.' },
            { speaker: 'Speaker 2', start: 4, text: 'Morning! Can you hear me?' },
            { speaker: 'Speaker 1', start: 9.9, text: 'Yes, [inaudible] loud and clear.\nLet us begin' },
          ],
        },
        {
          index: 1,
          start: 30,
          end: 3725,
          turns: [{ speaker: 'Speaker 1', start: 30, text: 'with the budget.' }],
        },
      ],
      { durationSec: 3725.4 },
      { 'Speaker 1': 'Budi', 'Speaker 2': 'Sari' },
    ),
  );

describe('transcript formats', () => {
  it('renders txt as a header and one paragraph per speaker turn', () => {
    expect(renderTxt(small())).to.equal(
      [
        'Title: Weekly sync',
        'Date: 2025-01-05 10:00 UTC',
        'Duration: 01:02:05',
        'Speakers: Budi, Sari',
        '',
        '[00:00:00] Budi: Good morning, everyone.',
        '',
        '[00:00:04] Sari: Morning! Can you hear me?',
        '',
        '[00:00:09] Budi: Yes, [inaudible] loud and clear. Let us begin with the budget.',
        '',
      ].join('\n'),
    );
  });

  it('says so in txt when nothing was transcribed, and names an untitled recording by its file', () => {
    const t = mergeTranscript(input([{ index: 0, start: 0, end: 60, turns: [] }], { title: '' }));
    expect(renderTxt(t)).to.equal(
      'Title: weekly-sync.m4a\nDate: 2025-01-05 10:00 UTC\nDuration: 00:01:00\nSpeakers: none\n\n(Nothing was transcribed.)\n',
    );
  });

  it('renders json with the fields API.md names and nothing internal', () => {
    const doc = JSON.parse(renderJson(small()));
    expect(doc.recording).to.include({ id: 'rec1', title: 'Weekly sync', durationSec: 3725.4 });
    expect(doc.recording.createdAt).to.equal('2025-01-05T10:00:00.000Z');
    expect(doc.speakers).to.deep.equal(['Budi', 'Sari']);
    expect(doc.turns).to.deep.equal([
      { speaker: 'Budi', start: 0.4, end: 4, text: 'Good morning, everyone.' },
      { speaker: 'Sari', start: 4, end: 9.9, text: 'Morning! Can you hear me?' },
      {
        speaker: 'Budi',
        start: 9.9,
        end: 3725,
        text: 'Yes, [inaudible] loud and clear. Let us begin with the budget.',
      },
    ]);
  });

  it('gives every format a content type and bytes', async () => {
    const t = small();
    for (const format of TRANSCRIPT_FORMATS) {
      expect(isTranscriptFormat(format)).to.equal(true);
      expect(contentType(format)).to.match(/^[a-z]+\/[\w.+-]+/);
      const bytes = await renderTranscript(t, format);
      expect(bytes.length, format).to.be.greaterThan(100);
    }
    expect(contentType('vtt')).to.equal('text/vtt; charset=utf-8');
    expect(isTranscriptFormat('pdf')).to.equal(false);
    expect(isTranscriptFormat(undefined)).to.equal(false);
  });

  it('makes safe ASCII file names and an RFC 5987 name for non-ASCII titles', () => {
    expect(filename('Weekly sync', 'txt')).to.equal('Weekly_sync.txt');
    expect(filename('Rapat Direksi – Q3 “final”', 'docx')).to.equal('Rapat_Direksi_Q3_final.docx');
    expect(filename('Réunion été', 'srt')).to.equal('Reunion_ete.srt');
    expect(filename('../../etc/passwd', 'json')).to.equal('etc_passwd.json');
    expect(filename('会议', 'vtt')).to.equal('transcript.vtt');
    expect(filename('CON', 'txt')).to.equal('CON_.txt');
    expect(filename('a"b\r\nContent-Type: x', 'txt')).to.equal('a_b_Content-Type_x.txt');
    expect(filename('x'.repeat(500), 'txt')).to.have.length(84);

    expect(contentDisposition('Weekly_sync', 'txt')).to.equal('attachment; filename="Weekly_sync.txt"');
    const header = contentDisposition("会议 (Q3) it's", 'docx');
    expect(header).to.equal(
      `attachment; filename="Q3_it_s.docx"; filename*=UTF-8''%E4%BC%9A%E8%AE%AE%20%28Q3%29%20it%27s.docx`,
    );
    expect(decodeURIComponent(header.split("UTF-8''")[1])).to.equal("会议 (Q3) it's.docx");
    const hostile = contentDisposition('a/b\\c"d\u202Eé\r\nX', 'txt');
    expect(hostile).to.match(/^attachment; filename="a_b_c_de_X\.txt"; filename\*=UTF-8''[\w%.-]+$/);
    expect(decodeURIComponent(hostile.split("UTF-8''")[1])).to.equal('a_b_c_dé X.txt');
    // eslint-disable-next-line no-control-regex -- asserting that no control character leaks into a header
    expect(contentDisposition('\u0000evil\r\nSet-Cookie: a=b', 'txt')).to.not.match(/[\u0000-\u001F]/);
  });
});
