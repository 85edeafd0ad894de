import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeMeeting } from '../helpers/media.ts';
import { useTmpDir } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', ...args], {
      cwd: ROOT,
    });
    return { code: 0, ...r };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('npm run ingest (scripts/ingest.ts)', () => {
  const tmp = useTmpDir();

  it('writes the manifest for a recording, with the bounds given', async () => {
    const m = await makeMeeting({ durationSec: 40, outFile: path.join(tmp(), 'm.mp3') });
    const out = path.join(tmp(), 'good');
    const r = await cli(m.file, '--out', out, '--target', '15', '--min', '5', '--max', '30', '--no-model');
    expect(r.code, r.stderr).to.equal(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      segments: unknown[];
      classifier: string;
    };
    expect(manifest.classifier).to.equal('off');
    expect(manifest.segments.length).to.be.within(2, 8);
  });

  it('exits non-zero with a one-line reason on a file that is not audio, leaving no manifest', async () => {
    writeFileSync(path.join(tmp(), 'agenda.mp3'), 'Agenda\n1. Budget\n2. Hiring\n');
    const out = path.join(tmp(), 'bad');
    const r = await cli(path.join(tmp(), 'agenda.mp3'), '--out', out);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal('ingest: The file is plain text, not audio.\n');
    expect(existsSync(path.join(out, 'manifest.json'))).to.equal(false);
  });

  it('exits non-zero with a one-line reason on bounds that contradict each other', async () => {
    const r = await cli(
      path.join(tmp(), 'agenda.mp3'),
      '--out',
      path.join(tmp(), 'x'),
      '--min',
      '90',
      '--max',
      '60',
    );
    expect(r.code).to.equal(1);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/min ≤ target ≤ max/);
  });

  it('prints its usage when the output directory is missing', async () => {
    const r = await cli(path.join(tmp(), 'agenda.mp3'));
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^ingest: usage: npm run ingest -- <file> --out <dir>/);
  });
});
