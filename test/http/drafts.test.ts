import { expect } from 'chai';
import fs from 'node:fs';
import { startServer, makeWorld, until, type TestServer, type World } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';
import { readTruth, speechRecording, type Meeting } from '../helpers/media.ts';
import type { Api } from '../helpers/api.ts';
import { collectionOf } from '../../server/services/collections.ts';

/** A meeting's true words as WhisperX would write them: each turn's words spread over its audio. */
function whisperx(m: Meeting, labels: Record<string, string>, score = 0.9) {
  return {
    segments: m.turns.map((t) => {
      const tokens = t.text.split(/\s+/);
      const step = (t.end - t.start) / tokens.length;
      return {
        start: t.start,
        end: t.end,
        text: t.text,
        speaker: labels[t.speaker] ?? t.speaker,
        words: tokens.map((word, i) => ({
          word,
          start: +(t.start + i * step).toFixed(3),
          end: +(t.start + (i + 1) * step).toFixed(3),
          score,
        })),
      };
    }),
  };
}

const putDraft = (api: Api, id: string, body: string | Uint8Array, query = '') =>
  api.req('PUT', `/api/recordings/${id}/draft${query}`, body, { 'content-type': 'application/octet-stream' });

describe('machine drafts: import', () => {
  let srv: TestServer;
  let w: World;
  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 2);
  });
  after(() => srv.stop());

  it('hands a generated meeting out with the WhisperX draft of each segment, speakers named as participants where they match', async () => {
    const file = await speechRecording(50);
    const truth = readTruth(file);
    const fd = new FormData();
    fd.append('participants', 'Budi, Sari');
    fd.append('segmentSeconds', '20');
    fd.append('file', new Blob([fs.readFileSync(file)]), 'meeting.m4a');
    const rec = (await w.clientA.ok('POST', '/api/recordings', fd)).recording;
    await until(async () => {
      const r = (await w.clientA.ok('GET', `/api/recordings/${rec.id}`)).recording;
      if (r.status === 'failed') throw new Error(r.error);
      return r.status === 'transcribing';
    }, 90_000);

    const body = JSON.stringify(whisperx(truth, { Sari: 'SPEAKER_01' }));
    const r = await putDraft(w.clientA, rec.id, body);
    expect(r.status, r.text).to.equal(200);
    const total = truth.turns.reduce((n, t) => n + t.text.split(/\s+/).length, 0);
    expect(r.body.draft).to.include({ format: 'whisperx', words: total });
    expect(r.body.draft.speakers).to.include('Budi').and.include('SPEAKER_01');
    expect(r.body.draft.segments).to.be.greaterThan(0);

    const t = w.transcribers[0];
    const { segment } = await t.ok('POST', '/api/work/claim');
    expect(segment.draft).to.include({ source: 'import', engine: 'whisperx', quality: 0.9 });
    for (const word of segment.draft.words) {
      const mid = (word.start + word.end) / 2;
      expect(mid).to.be.at.least(segment.start).and.below(segment.end);
    }
    // Its first turns are the draft's words: the true text of the turns whose words lie in it.
    const typed = segment.turns.map((x: { text: string }) => x.text).join(' ');
    expect(typed).to.equal(segment.draft.words.map((x: { text: string }) => x.text).join(' '));
    expect(segment.turns[0].start).to.be.at.least(segment.start);
    expect(segment.turns.map((x: { speaker: string }) => x.speaker)).to.satisfy((s: string[]) =>
      s.every((n) => ['Budi', 'SPEAKER_01', 'Ana', 'Tom'].includes(n)),
    );
    await t.ok('POST', `/api/segments/${segment.id}/release`);
  });

  it('refuses a malformed draft with 400 invalid_draft naming the field, and changes nothing', async () => {
    const { recording, segments } = await seedRecording(srv, w.orgA, { segments: 2, segmentSec: 30 });
    const before = await srv.running.services.store
      .collection('segments')
      .find({ recordingId: recording._id });
    const cases: Array<[string | Uint8Array, string, string?]> = [
      // A word past the recording's end (60 s): the draft of another recording.
      [
        JSON.stringify({
          words: [
            { text: 'a', start: 1000, end: 1200 },
            { text: 'b', start: 90_000, end: 90_400 },
          ],
        }),
        'words[1]',
      ],
      [
        JSON.stringify({ segments: [{ start: 0, end: 5, words: [{ word: 'x', start: -1, end: 1 }] }] }),
        'segments[0].words[0].start',
      ],
      ['WEBVTT\n\n00:00:02.000 --> 00:00:01.000\n<v Budi>backwards\n', 'The cue at line 3'],
      ['SPEAKER m 1 abc 1.0 <NA> <NA> a <NA> <NA>\n', 'line 1'],
      [Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'line 1'],
      ['['.repeat(5000), 'line 1'],
      [JSON.stringify({ words: [{ text: 'a', start: 1, end: 2 }] }), 'format', '?format=otter'],
    ];
    for (const [body, where, query] of cases) {
      const r = await putDraft(w.clientA, recording._id, body, query);
      expect(r.status, r.text).to.equal(400);
      expect(r.body.error.code).to.equal('invalid_draft');
      expect(r.body.error.details.where, r.body.error.message).to.equal(where);
    }
    const big = await putDraft(w.clientA, recording._id, new Uint8Array(50 * 1024 * 1024 + 1));
    expect(big.status).to.equal(400);
    expect(big.body.error.message).to.match(/larger than 50 MB/);
    const after = await srv.running.services.store
      .collection('segments')
      .find({ recordingId: recording._id });
    expect(after).to.deep.equal(before);
    expect(segments).to.have.length(2);
    expect(
      await srv.running.services.store.collection('drafts').countDocuments({ recordingId: recording._id }),
    ).to.equal(0);
  });

  it('gives the draft only to segments nobody has begun, and maps RTTM speakers onto it', async () => {
    const { recording, segments } = await seedRecording(srv, w.orgA, {
      segments: 2,
      segmentSec: 30,
      priority: 50,
    });
    const t = w.transcribers[1];
    const { segment } = await t.ok('POST', '/api/work/claim');
    expect(segment.id).to.equal(segments[0]._id);
    const srt =
      '1\n00:00:05,000 --> 00:00:06,000\nsari: first part\n\n2\n00:00:35,000 --> 00:00:37,000\nsecond part here\n';
    const r = await putDraft(w.clientA, recording._id, srt);
    expect(r.status, r.text).to.equal(200);
    expect(r.body.draft).to.include({ format: 'srt', words: 5, segments: 1, start: 5, end: 37 });
    expect(r.body.draft.speakers).to.deep.equal(['Sari']);
    const held = (await t.ok('GET', `/api/segments/${segment.id}`)).segment;
    expect(held.turns).to.deep.equal([]);
    expect(held.draft).to.equal(null);

    const rttm = 'SPEAKER m 1 34.0 10.0 <NA> <NA> budi <NA> <NA>\n';
    expect((await putDraft(w.clientA, recording._id, rttm)).body.draft).to.include({
      format: 'rttm',
      segments: 1,
    });
    await t.ok('POST', `/api/segments/${segment.id}/release`);
    const other = await collectionOf(srv.running.services.store, 'segments').findOne({
      _id: segments[1]._id,
    });
    expect(other?.turns).to.deep.equal([{ speaker: 'Budi', start: 35, text: 'second part here' }]);
    // Another organisation's client learns nothing of it.
    expect((await putDraft(w.clientB, recording._id, srt)).status).to.equal(404);
    // Deleting the recording deletes its draft words too.
    const drafts = collectionOf(srv.running.services.store, 'drafts');
    expect(await drafts.countDocuments({ recordingId: recording._id })).to.be.greaterThan(0);
    await w.clientA.ok('DELETE', `/api/recordings/${recording._id}`);
    expect(await drafts.countDocuments({ recordingId: recording._id })).to.equal(0);
  });

  it('refuses a draft before the recording is cut into segments, and after it is completed', async () => {
    const { recording } = await seedRecording(srv, w.orgA, { segments: 1, segmentSec: 30 });
    const recs = collectionOf(srv.running.services.store, 'recordings');
    const srt = '1\n00:00:05,000 --> 00:00:06,000\nhello\n';
    for (const status of ['processing', 'completed'] as const) {
      await recs.updateOne({ _id: recording._id }, { $set: { status } });
      const r = await putDraft(w.clientA, recording._id, srt);
      expect(r.status, r.text).to.equal(409);
      expect(r.body.error.code).to.equal('invalid_transition');
    }
  });

  it('hands a poor draft out blank, and claims segments with a usable draft first among equals', async () => {
    const fresh = await startServer();
    try {
      const world = await makeWorld(fresh, 1);
      const older = await seedRecording(fresh, world.orgA, { segments: 1, segmentSec: 30 });
      const newer = await seedRecording(fresh, world.orgA, { segments: 2, segmentSec: 30 });
      const words = [
        { text: 'mumble', start: 5000, end: 5400, confidence: 0.3 },
        { text: 'maybe', start: 6000, end: 6400, confidence: 0.35 },
        { text: 'Clear', start: 35000, end: 35400, confidence: 0.95 },
        { text: 'words.', start: 35500, end: 36000, confidence: 0.9 },
      ];
      const r = await putDraft(
        world.clientA,
        newer.recording._id,
        JSON.stringify({ words }),
        '?format=assemblyai',
      );
      expect(r.status, r.text).to.equal(200);
      const t = world.transcribers[0];
      const order: Array<{ id: string; draft: unknown; turns: unknown[] }> = [];
      for (let i = 0; i < 3; i++) {
        const { segment } = await t.ok('POST', '/api/work/claim');
        order.push(segment);
        await t.ok('POST', `/api/segments/${segment.id}/submit`, {
          turns: [{ speaker: 'Budi', start: (segment as { start: number }).start, text: 'done' }],
          version: (segment as { version: number }).version,
        });
      }
      expect(order.map((x) => x.id)).to.deep.equal([
        newer.segments[1]._id,
        older.segments[0]._id,
        newer.segments[0]._id,
      ]);
      expect(order[0].draft).to.deep.include({ quality: 0.925 });
      expect(order[0].turns).to.deep.equal([{ speaker: '', start: 35, text: 'Clear words.' }]);
      expect(order[2].draft).to.equal(null);
      expect(order[2].turns).to.deep.equal([]);
    } finally {
      await fresh.stop();
    }
  });

  it('reports draft WER against the approved text and editing seconds per audio minute with and without a draft', async () => {
    const fresh = await startServer();
    try {
      const world = await makeWorld(fresh, 1);
      const drafted = await seedRecording(fresh, world.orgA, { segments: 1, segmentSec: 30, priority: 1 });
      const blank = await seedRecording(fresh, world.orgA, { segments: 1, segmentSec: 60 });
      const words = ['the', 'budjet', 'is', 'fine'].map((text, i) => ({
        text,
        start: 2000 + i * 500,
        end: 2400 + i * 500,
        confidence: 0.9,
      }));
      await putDraft(world.clientA, drafted.recording._id, JSON.stringify({ words }), '?format=assemblyai');
      const t = world.transcribers[0];
      const work = async (editingSeconds: number, text: string) => {
        const { segment } = await t.ok('POST', '/api/work/claim');
        const turns = [{ speaker: 'Budi', start: segment.start + 2, text }];
        const saved = await t.ok('PUT', `/api/segments/${segment.id}/draft`, {
          turns,
          version: segment.version,
          editingSeconds: editingSeconds / 2,
        });
        await t.ok('POST', `/api/segments/${segment.id}/submit`, {
          turns,
          version: saved.version,
          editingSeconds,
        });
        const r = await world.reviewer.ok('POST', '/api/review/claim');
        await world.reviewer.ok('POST', `/api/segments/${r.segment.id}/approve`, {
          version: r.segment.version,
        });
        return segment.id as string;
      };
      expect(await work(90, 'the budget is fine')).to.equal(drafted.segments[0]._id);
      expect(await work(600, 'typed from blank')).to.equal(blank.segments[0]._id);
      const q = await fresh.admin.ok('GET', '/api/admin/quality');
      expect(q.drafts).to.deep.equal([{ source: 'import', engine: 'assemblyai', segments: 1, wer: 0.25 }]);
      const row = q.transcribers.find((x: { userId: string }) => x.userId === t.user!.id);
      // 90 s on 30 s of audio (with a draft); 600 s on 60 s (from blank).
      expect(row.editingSecPerAudioMinute).to.deep.equal({ withDraft: 180, withoutDraft: 600 });
    } finally {
      await fresh.stop();
    }
  });
});
