import { expect } from 'chai';
import {
  formatBytes,
  formatClock,
  formatPercent,
  formatRemaining,
  formatStamp,
} from '../../../client/lib/format.ts';

describe('client display formats', () => {
  it('shows clock times with hours only when needed', () => {
    expect(formatClock(0)).to.equal('00:00');
    expect(formatClock(75.9)).to.equal('01:15');
    expect(formatClock(3725)).to.equal('1:02:05');
    expect(formatClock(null)).to.equal('--:--');
    expect(formatClock(-1)).to.equal('--:--');
  });

  it('shows turn stamps to the tenth without binary rounding errors', () => {
    expect(formatStamp(245.2)).to.equal('04:05.2');
    expect(formatStamp(0.3)).to.equal('00:00.3');
    expect(formatStamp(59.99)).to.equal('00:59.9');
  });

  it('formats sizes, percentages and lease time left', () => {
    expect(formatBytes(512)).to.equal('512 B');
    expect(formatBytes(8 * 1024 * 1024)).to.equal('8.0 MiB');
    expect(formatPercent(0.874)).to.equal('87%');
    expect(formatPercent(null)).to.equal('–');
    expect(formatRemaining(0)).to.equal('expired');
    expect(formatRemaining(45_000)).to.equal('45 s left');
    expect(formatRemaining(14 * 60_000 + 32_000)).to.equal('14 min 32 s left');
  });
});
