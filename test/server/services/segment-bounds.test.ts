import { expect } from 'chai';
import { boundsFor, resolveCutOptions } from '../../../media/cut-plan.ts';
import { segmentBounds } from '../../../server/services/ingest.ts';

describe('segment bounds of an ingest (services/ingest.ts segmentBounds)', () => {
  const org = { segmentSeconds: 90, minSegmentSeconds: undefined, maxSegmentSeconds: undefined };

  it("uses the recording's own target, else its organisation's, else SEGMENT_SECONDS", () => {
    expect(segmentBounds(org, { segmentSeconds: 40 }, 120).targetSec).to.equal(40);
    expect(segmentBounds(org, { segmentSeconds: null }, 120).targetSec).to.equal(90);
    expect(segmentBounds(null, { segmentSeconds: null }, 120).targetSec).to.equal(120);
  });

  it('cuts a target exactly as the ingest command does when no organisation sets bounds', () => {
    for (const target of [10, 45, 60, 120, 600]) {
      const { contextSec: _, ...cli } = resolveCutOptions({ targetSec: target });
      expect(segmentBounds(null, { segmentSeconds: target }, 120), `target ${target}`).to.deep.equal(cli);
    }
  });

  it("applies the organisation's minimum and maximum, yielding to a recording's target outside them", () => {
    const strict = { segmentSeconds: 120, minSegmentSeconds: 60, maxSegmentSeconds: 150 };
    expect(segmentBounds(strict, { segmentSeconds: null }, 120)).to.deep.equal({
      targetSec: 120,
      minSec: 60,
      maxSec: 150,
    });
    expect(segmentBounds(strict, { segmentSeconds: 30 }, 120)).to.deep.equal(
      boundsFor(30, { minSec: 60, maxSec: 150 }),
    );
    expect(segmentBounds(strict, { segmentSeconds: 30 }, 120)).to.deep.equal({
      targetSec: 30,
      minSec: 30,
      maxSec: 150,
    });
  });
});
