import { expect } from 'chai';
import { peaksDuration, toFloatPeaks } from '../../../client/lib/peaks.ts';

describe('server peaks for the waveform', () => {
  it('scales integer peaks into -1..1 and leaves float peaks alone', () => {
    expect([...toFloatPeaks([0, 64, -128])]).to.deep.equal([0, 0.5, -1]);
    expect([...toFloatPeaks([0, 0.5, -0.25])]).to.deep.equal([0, 0.5, -0.25]);
  });

  it('takes the duration from the payload or derives it from the peak count', () => {
    expect(peaksDuration({ sampleRate: 16000, samplesPerPeak: 256, peaks: [], duration: 12.5 })).to.equal(
      12.5,
    );
    expect(peaksDuration({ sampleRate: 16000, samplesPerPeak: 256, peaks: new Array(125).fill(0) })).to.equal(
      2,
    );
  });
});
