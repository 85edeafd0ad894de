/**
 * A test recording of a chosen length. Real speech (the shared fixtures, looped with short pauses
 * between the clips) when present, so both the pause detector and YAMNet see speech; otherwise
 * bursts of pink noise separated by silence, which the pause detector alone takes for speech.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runFfmpeg } from '../../media/ffmpeg.ts';

export interface Generated {
  file: string;
  source: 'speech fixtures' | 'noise bursts';
}

export function fixtureDir(repoRoot: string): string {
  return (
    process.env.NOTULA_SPEECH_FIXTURES ??
    path.join(process.env.NOTULA_SHARED ?? path.resolve(repoRoot, '../shared'), 'fixtures', 'speech')
  );
}

export async function makeRecording(repoRoot: string, dir: string, seconds: number): Promise<Generated> {
  const file = path.join(dir, `bench-${seconds}s.wav`);
  const fixtures = fs.existsSync(fixtureDir(repoRoot))
    ? fs
        .readdirSync(fixtureDir(repoRoot))
        .filter((f) => f.endsWith('.wav'))
        .sort()
    : [];
  if (fixtures.length > 0) {
    const unit = path.join(dir, 'unit.wav');
    const inputs = fixtures.flatMap((f) => ['-i', path.join(fixtureDir(repoRoot), f)]);
    const pads = fixtures.map(
      (_, i) => `[${i}:a]aformat=sample_rates=16000:channel_layouts=mono,apad=pad_dur=0.8[a${i}]`,
    );
    const chain = `${pads.join(';')};${fixtures.map((_, i) => `[a${i}]`).join('')}concat=n=${fixtures.length}:v=0:a=1[out]`;
    await runFfmpeg(['-y', ...inputs, '-filter_complex', chain, '-map', '[out]', unit]);
    await runFfmpeg([
      '-y',
      '-stream_loop',
      '-1',
      '-i',
      unit,
      '-t',
      String(seconds),
      '-c:a',
      'pcm_s16le',
      file,
    ]);
    fs.rmSync(unit);
    return { file, source: 'speech fixtures' };
  }
  await runFfmpeg([
    '-y',
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=color=pink:sample_rate=16000:amplitude=0.3:duration=${seconds}`,
    '-af',
    "volume='if(lt(mod(t,2.7),2),1,0.002)':eval=frame",
    '-ac',
    '1',
    '-c:a',
    'pcm_s16le',
    file,
  ]);
  return { file, source: 'noise bursts' };
}
