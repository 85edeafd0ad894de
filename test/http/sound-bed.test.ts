import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { cutsInSpeech, makeMeeting } from '../helpers/media.ts';
import { withSoundBed, type BedMeeting } from '../helpers/sound-beds.ts';
import { startServer, makeWorld, until, type TestServer, type World } from '../helpers/server.ts';

interface SegmentView {
  start: number;
  end: number;
  status: string;
  autoClosed: boolean;
}

describe('ingest of an upload with a music bed under the voices', function () {
  this.timeout(180_000);
  let srv: TestServer;
  let w: World;
  let m: BedMeeting;

  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 1);
    const dir = fs.mkdtempSync(path.join(srv.dataDir, 'bed-'));
    const base = await makeMeeting({
      durationSec: 90,
      outFile: path.join(dir, 'base.wav'),
      seed: 4,
      sampleRate: 16000,
      channels: 1,
    });
    // Half a minute of the music alone, like a hold tune before the meeting starts.
    m = await withSoundBed(
      base,
      { kind: 'music', underSpeechDb: 12, leadSec: 30, format: 'wav' },
      path.join(dir, 'meeting.wav'),
    );
  });
  after(() => srv?.stop());

  it('ends with segments whose cuts fall in pauses, the music alone closed as [no speech] and the rest open', async () => {
    const fd = new FormData();
    fd.append('segmentSeconds', '20');
    fd.append('file', new Blob([fs.readFileSync(m.file)]), 'meeting.wav');
    const created = await w.clientA.ok('POST', '/api/recordings', fd);
    const id = created.recording.id as string;
    await until(
      async () => {
        const r = await w.clientA.ok('GET', `/api/recordings/${id}`);
        if (r.recording.status === 'failed') throw new Error(`ingest failed: ${r.recording.error}`);
        return r.recording.status === 'transcribing' ? r.recording : null;
      },
      120_000,
      'status transcribing',
    );
    const view = await w.reviewer.ok('GET', `/api/review/recordings/${id}`);
    const segments = view.segments as SegmentView[];
    const table = JSON.stringify(segments.map((s) => [s.start, s.end, s.status]));
    expect(segments.length, table).to.be.at.least(4);
    expect(
      cutsInSpeech(
        segments.slice(1).map((s) => s.start),
        m.speech,
      ),
      table,
    ).to.deep.equal([]);
    for (const s of segments) {
      const spoken = m.speech.some((v) => v.end > s.start && v.start < s.end);
      if (s.end <= m.speech[0]!.start) expect(s, `music alone ${table}`).to.include({ autoClosed: true });
      if (spoken) expect(s, `speech over music ${table}`).to.include({ autoClosed: false, status: 'open' });
    }
    expect(segments[0]!.autoClosed, table).to.equal(true);
  });
});
