import { expect } from 'chai';
import { Lease, leaseRuns } from '../../../server/services/lease.ts';
import { TestClock } from '../../helpers/clock.ts';
import { compileFilter } from '../../../server/store/embedded/mingo.ts';

describe('leases', () => {
  it('runs from its last renewal for its length, and has expired once that end has passed', () => {
    const clock = new TestClock();
    const lease = new Lease(30_000, clock.now);
    const end = lease.endsAt();
    expect(end - clock.now()).to.be.within(29_990, 30_000);
    expect(leaseRuns(end, clock.now())).to.equal(true);
    clock.advance(29_000);
    expect(leaseRuns(end, clock.now())).to.equal(true);
    clock.advance(1_001);
    expect(leaseRuns(end, clock.now())).to.equal(false);
    expect(leaseRuns(null, clock.now())).to.equal(false);
  });

  it('gives store conditions that agree with leaseRuns at the same instant', () => {
    const lease = new Lease(1000, () => 5000);
    expect(lease.running()).to.deep.equal({ $gt: 5000 });
    expect(lease.expired()).to.deep.equal({ $lt: 5000 });
    expect(lease.endsAt()).to.equal(6000);
  });

  it('matches a hold that does not run (expired, never taken) with one condition the store evaluates', () => {
    const notRunning = new Lease(1000, () => 5000).notRunning();
    const held = (doc: object) => compileFilter({ until: notRunning }).test(doc);
    expect([{}, { until: null }, { until: 4000 }, { until: 5000 }].map(held)).to.deep.equal([
      true,
      true,
      true,
      true,
    ]);
    expect(held({ until: 5001 })).to.equal(false);
  });

  it('sweeps expired holds a quarter-lease apart, at most 15 s and at least 250 ms apart', () => {
    expect(new Lease(1_800_000).sweepEveryMs()).to.equal(15_000);
    expect(new Lease(20_000).sweepEveryMs()).to.equal(5_000);
    expect(new Lease(100).sweepEveryMs()).to.equal(250);
  });
});
