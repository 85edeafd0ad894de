import { expect } from 'chai';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveMediaTools } from '../../media/index.ts';
import { loadMediaConfig } from '../../server/config.ts';
import { wavBuffer } from '../helpers/hostile-media.ts';
import { startServer, until, type TestServer } from '../helpers/server.ts';
import { makeTempDir } from '../helpers/store.ts';

/** Uploads `bytes` as one multipart request for `orgId`, as an admin. */
async function upload(srv: TestServer, orgId: string, bytes: Buffer): Promise<string> {
  const boundary = `----notula${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="orgId"\r\n\r\n${orgId}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tone.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await srv.admin.req('POST', '/api/recordings', body, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
  expect(r.status, r.text).to.equal(201);
  return r.body.recording.id as string;
}

describe('media settings reach the pipeline from the configuration', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir('notula-tools-');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the ffmpeg and ffprobe FFMPEG_PATH and FFPROBE_PATH name, to check an upload and to ingest it', async () => {
    const real = resolveMediaTools(loadMediaConfig());
    const calls = path.join(dir, 'calls.log');
    // Wrappers that note each run, then run the machine's binary.
    const wrapper = (name: 'ffmpeg' | 'ffprobe'): string => {
      const file = path.join(dir, `my-${name}`);
      writeFileSync(file, `#!/bin/sh\necho ${name} >> '${calls}'\nexec '${real[name]}' "$@"\n`);
      chmodSync(file, 0o755);
      return file;
    };
    const srv = await startServer({ FFMPEG_PATH: wrapper('ffmpeg'), FFPROBE_PATH: wrapper('ffprobe') });
    try {
      const health = await srv.api().req('GET', '/healthz');
      expect(health.body.ffmpeg).to.be.a('string').and.not.equal('missing');
      writeFileSync(calls, '');
      const org = (await srv.admin.ok('POST', '/api/orgs', { name: `Tools ${process.pid}` })).org
        .id as string;
      const id = await upload(srv, org, wavBuffer(3));
      const rec = await until(
        async () => {
          const r = (await srv.admin.ok('GET', `/api/recordings/${id}`)).recording;
          return ['uploaded', 'processing'].includes(r.status) ? null : r;
        },
        30_000,
        'ingest finished',
      );
      expect(rec.status).to.not.equal('failed');
      const ran = readFileSync(calls, 'utf8').split('\n').filter(Boolean);
      expect(ran).to.include('ffprobe');
      expect(ran).to.include('ffmpeg');
    } finally {
      await srv.stop();
    }
  });

  it('reports ffmpeg missing in /healthz when FFMPEG_PATH names no program', async () => {
    const srv = await startServer({ FFMPEG_PATH: path.join(dir, 'no-such-ffmpeg') });
    try {
      const r = await srv.api().req('GET', '/healthz');
      expect(r.body.ffmpeg).to.equal('missing');
    } finally {
      await srv.stop();
    }
  });

  it('looks for the classifier model where YAMNET_MODEL says, and says so when it is not there', async () => {
    const model = path.join(dir, 'no-such-yamnet.tflite');
    const srv = await startServer({ YAMNET_MODEL: model });
    try {
      const r = await srv.api().req('GET', '/healthz');
      expect(r.body.classifier).to.equal('off');
      expect(r.body.classifierReason).to.include(model);
    } finally {
      await srv.stop();
    }
  });
});
