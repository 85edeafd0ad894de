import { expect } from 'chai';
import fs from 'node:fs';
import { startServer, makeWorld, until, type TestServer, type World } from '../helpers/server.ts';
import { speechRecording } from '../helpers/media.ts';
import { startFakeAsr, type AsrAnswer, type FakeAsr } from '../helpers/asr-server.ts';
import { TestClock } from '../helpers/clock.ts';
import type { Api } from '../helpers/api.ts';
import { collectionOf } from '../../server/services/collections.ts';

/**
 * whisper.cpp's verbose_json: tokens, not words. Word `at{t}s` is said at t s of the audio sent, as
 * two tokens (" at{t}" and "s"), so the test can tell where on the recording each word must land.
 */
function whisperCppAnswer(seconds: number): AsrAnswer {
  const words = [];
  for (let t = 0; t < seconds; t++) {
    words.push({ word: ` at${t}`, start: t, end: t + 0.3, probability: 0.95 });
    words.push({ word: 's', start: t + 0.3, end: t + 0.5, probability: 0.85 });
  }
  words.push({ word: '[_BEG_]', start: 0, end: 0, probability: 1 });
  return {
    status: 200,
    body: {
      task: 'transcribe',
      language: 'english',
      duration: seconds,
      text: '…',
      segments: [{ id: 0, start: 0, end: seconds, words }],
    },
  };
}

async function uploadMeeting(w: World, seconds = 50): Promise<string> {
  const file = await speechRecording(seconds);
  const fd = new FormData();
  fd.append('language', 'en-GB');
  fd.append('segmentSeconds', '20');
  fd.append('file', new Blob([fs.readFileSync(file)]), 'meeting.m4a');
  return (await w.clientA.ok('POST', '/api/recordings', fd)).recording.id as string;
}

const transcribing = (api: Api, id: string) =>
  until(
    async () => {
      const r = (await api.ok('GET', `/api/recordings/${id}`)).recording;
      if (r.status === 'failed') throw new Error(r.error);
      return r.status === 'transcribing' && r;
    },
    90_000,
    'transcribing',
  );

describe('machine drafts: the ASR engine', () => {
  let fake: FakeAsr;
  let srv: TestServer;
  let w: World;
  let failures = 2;
  before(async () => {
    fake = await startFakeAsr(() =>
      failures-- > 0 ? { status: 503, body: { error: 'model loading' } } : whisperCppAnswer(40),
    );
    srv = await startServer({
      ASR_URL: fake.url,
      ASR_MODEL: 'ggml-small',
      ASR_API_KEY: 'sk-test-1',
      ASR_CONCURRENCY: '1',
    });
    w = await makeWorld(srv, 1);
    await srv.admin.ok('PATCH', `/api/orgs/${w.orgA}`, { asr: 'auto', draftMinQuality: 0.5 });
  });
  after(async () => {
    await srv.stop();
    await fake.close();
  });

  it('reports the ASR server on /healthz', async () => {
    const h = await srv.api().ok('GET', '/healthz');
    expect(h.asr).to.equal(new URL(fake.url).host);
    const plain = await startServer();
    try {
      expect((await plain.api().ok('GET', '/healthz')).asr).to.equal('off');
    } finally {
      await plain.stop();
    }
  });

  it('drafts each segment through the protocol, one request at a time, retrying failures, keeping only the words of its own part', async () => {
    const id = await uploadMeeting(w);
    const rec = await transcribing(w.clientA, id);
    const segs = await until(
      async () => {
        const all = await collectionOf(srv.running.services.store, 'segments').find({ recordingId: id });
        return all.every((s) => s.draft || s.autoClosed) && all;
      },
      60_000,
      'drafts',
    );
    expect(fake.calls.length).to.be.at.least(rec.segments.open + 2);
    // ASR_CONCURRENCY=1: one request at a time, however many segments wait.
    expect(fake.maxInFlight).to.equal(1);
    const call = fake.calls.at(-1)!;
    expect(call.authorization).to.equal('Bearer sk-test-1');
    expect(call.fields).to.deep.include({
      model: ['ggml-small'],
      response_format: ['verbose_json'],
      language: ['en'],
    });
    expect(call.fields['timestamp_granularities[]']).to.include('word');
    expect(call.file?.bytes).to.be.greaterThan(1000);
    expect(segs.length).to.be.greaterThan(1);

    const t = w.transcribers[0];
    const { segment } = await t.ok('POST', '/api/work/claim');
    expect(segment.draft).to.include({ source: 'asr', engine: 'ggml-small' });
    expect(segment.draft.quality).to.equal(0.85);
    expect(segment.draft.words.length).to.be.greaterThan(5);
    for (const word of segment.draft.words) {
      // Tokens joined into words, shifted from the audio's clock onto the recording's.
      const said = Number(/^at(\d+)s$/.exec(word.text)![1]);
      expect(word.start).to.be.closeTo(segment.contextStart + said, 0.001);
      const mid = (word.start + word.end) / 2;
      expect(mid).to.be.at.least(segment.start).and.below(segment.end);
    }
    expect(segment.turns.length).to.be.greaterThan(0);
    expect(segment.turns[0].text.startsWith(segment.draft.words[0].text)).to.equal(true);
  });
});

describe('machine drafts: a pending draft holds a segment back for a minute at most', () => {
  it('hands the segment out without a draft once its ASR request has been pending over a minute', async () => {
    let answer: (a: AsrAnswer) => void = () => {};
    const pending = new Promise<AsrAnswer>((r) => (answer = r));
    const fake = await startFakeAsr(() => pending);
    const clock = new TestClock();
    const srv = await startServer({ ASR_URL: fake.url, JOB_LEASE_SECONDS: '3600' }, { now: clock.now });
    try {
      const w = await makeWorld(srv, 1);
      await srv.admin.ok('PATCH', `/api/orgs/${w.orgA}`, { asr: 'auto' });
      const id = await uploadMeeting(w, 30);
      await transcribing(w.clientA, id);
      await until(async () => fake.calls.length > 0, 30_000, 'an ASR request');
      const t = w.transcribers[0];
      expect((await t.req('POST', '/api/work/claim')).status).to.equal(204);
      clock.advance(61_000);
      const r = await t.req('POST', '/api/work/claim');
      expect(r.status, r.text).to.equal(200);
      expect(r.body.segment.recordingId).to.equal(id);
      expect(r.body.segment.draft).to.equal(null);
      expect(r.body.segment.turns).to.deep.equal([]);
    } finally {
      answer({ status: 503, body: {} });
      await srv.stop();
      await fake.close();
    }
  });
});
