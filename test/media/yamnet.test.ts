import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { classifierInfo, findYamnetModel, ingest } from '../../media/index.ts';
import { classifyWindows, createYamnet, quietly } from '../../media/yamnet.ts';
import { jfkWav, requireHumanSpeech, requireYamnet, ROOT } from '../helpers/assets.ts';
import { makeMeeting } from '../helpers/media.ts';
import { TOOLS, useTmpDir } from './helpers.ts';

function wavSamples(file: string): Float32Array {
  const pcm = readFileSync(file).subarray(44);
  const out = new Float32Array(pcm.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = pcm.readInt16LE(i * 2) / 32768;
  return out;
}

describe('media/yamnet: MediaPipe AudioClassifier in Node', () => {
  const tmp = useTmpDir();
  let model = '';
  /** A file that is not a model: a WAV of speech. */
  let notAModel = '';
  const JFK = jfkWav();
  before(async function () {
    model = requireYamnet(this);
    notAModel = (await makeMeeting({ durationSec: 3, outFile: path.join(tmp(), 'speech.wav') })).file;
  });

  it('hears speech in every window of jfk.wav it is asked about, adjacent or not', async function () {
    requireHumanSpeech(this, 'the Speech score of each window of a human voice');
    const classifier = await createYamnet(model);
    try {
      const samples = wavSamples(JFK);
      const pcm = {
        samples: samples.length,
        read: (start: number, out: Float32Array) => {
          out.fill(0);
          out.set(samples.subarray(start, start + out.length));
        },
      };
      // Ten windows in a row (more than one batch), then two far apart.
      const starts = [...Array.from({ length: 10 }, (_, i) => i * 0.975), 0.4, 6.3];
      const windows = classifyWindows(classifier, pcm, starts);
      expect(windows.map((x) => x.t)).to.deep.equal(starts);
      expect(windows.map((x) => x.top[0]!.name)).to.deep.equal(Array(12).fill('Speech'));
      for (const x of windows) expect(x.top[0]!.score).to.be.above(0.7);
    } finally {
      quietly(() => classifier.close());
    }
  });

  it('labels the segments of an ingested speech recording as Speech', async function () {
    requireHumanSpeech(this, 'the Speech label of a human voice');
    const m = await ingest(JFK, path.join(tmp(), 'out'), { tools: TOOLS, modelPath: model });
    expect(m.classifier).to.equal('yamnet');
    expect(m.segments).to.have.length(1);
    expect(m.segments[0]!.analysis.labels[0]!.name).to.equal('Speech');
    expect(m.segments[0]!.analysis.labels[0]!.score).to.be.above(0.7);
    expect(m.segments[0]!.analysis.speechRatio).to.be.above(0.5);
  });

  it('reports the classifier on with the model and off, with a reason, without one', async () => {
    expect(await classifierInfo(model)).to.deep.equal({ status: 'yamnet' });
    expect(await classifierInfo(null)).to.have.property('status', 'off');
    const missing = await classifierInfo(path.join(tmp(), 'nope.tflite'));
    expect(missing.status).to.equal('off');
    expect(missing.reason).to.match(/not found/);
    const bad = await classifierInfo(notAModel);
    expect(bad.status).to.equal('off');
    expect(bad.reason).to.match(/could not be loaded/);
  });

  it('sends no usage statistics and lets the process end, whether a model loads or not', async function () {
    // A MediaPipe classifier left to itself keeps a 60 s timer that POSTs usage logs to Google.
    this.timeout(20_000);
    const script = [
      'const sent = [];',
      "globalThis.fetch = async (url) => { sent.push(String(url)); throw new Error('offline'); };",
      "const y = await import('./media/yamnet.ts');",
      `const bad = await y.classifierInfo(${JSON.stringify(notAModel)});`,
      `const c = await y.createYamnet(${JSON.stringify(model)});`,
      'y.classifyWindows(c, { samples: 20000, read: (_s, out) => out.fill(0) }, [0]);',
      'y.quietly(() => c.close());',
      "process.on('exit', () => console.log(JSON.stringify({ bad: bad.status, sent })));",
    ].join('\n');
    const file = path.join(ROOT, `.yamnet-exit-check-${process.pid}.ts`);
    writeFileSync(file, script);
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], {
        cwd: ROOT,
      });
      expect(JSON.parse(stdout)).to.deep.equal({ bad: 'off', sent: [] });
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('leaves no browser globals behind', () => {
    const g = globalThis as Record<string, unknown>;
    for (const name of ['self', 'importScripts', 'Module', '__dirname', 'require'])
      expect(g[name], name).to.equal(undefined);
  });
});

describe('media/yamnet: findYamnetModel', () => {
  it('takes YAMNET_MODEL first, then DATA_DIR/models/yamnet.tflite when it exists', () => {
    expect(findYamnetModel('/data', '/m/y.tflite')).to.equal('/m/y.tflite');
    expect(findYamnetModel('/nonexistent-data-dir', null)).to.equal(null);
  });
});
