import { expect } from 'chai';
import { labelWindowStarts, segmentLabels } from '../../media/segment-analysis.ts';
import { WINDOW_SEC } from '../../media/yamnet.ts';

describe('media/segment-analysis: classifier labels per segment', () => {
  it('asks the classifier about a few whole windows spread over each segment, more for longer ones', () => {
    const segments = [
      { start: 0, end: 11 },
      { start: 11, end: 131 },
      { start: 131, end: 731 },
    ];
    const starts = labelWindowStarts(segments);
    const per = segments.map((s) => starts.filter((t) => t >= s.start && t + WINDOW_SEC <= s.end).length);
    expect(per).to.deep.equal([3, 4, 6]);
    expect(starts).to.have.length(13);
    const gaps = starts
      .slice(3, 7)
      .map((t, i, a) => (i ? t - a[i - 1]! : 0))
      .slice(1);
    for (const g of gaps) expect(g).to.be.closeTo(gaps[0]!, 1e-9);
  });

  it('averages the labels of the windows inside a segment, best first', () => {
    const windows = [
      { t: 0, top: [{ index: 0, name: 'Speech', score: 0.9 }] },
      {
        t: 10,
        top: [
          { index: 132, name: 'Music', score: 0.8 },
          { index: 0, name: 'Speech', score: 0.3 },
        ],
      },
      { t: 30, top: [{ index: 132, name: 'Music', score: 0.9 }] },
    ];
    expect(segmentLabels(windows, 0, 20)).to.deep.equal([
      { name: 'Speech', score: 0.6 },
      { name: 'Music', score: 0.4 },
    ]);
  });
});
