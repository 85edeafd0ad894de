import { expect } from 'chai';
import { HOME, allowed, matchRoute } from '../../client/router.ts';

describe('client routing', () => {
  it('maps every page path to its route, with ids decoded', () => {
    expect(matchRoute('/login')).to.deep.equal({ name: 'login' });
    expect(matchRoute('/recordings')).to.deep.equal({ name: 'recordings' });
    expect(matchRoute('/recordings/abc%20d')).to.deep.equal({ name: 'recording', id: 'abc d' });
    expect(matchRoute('/work')).to.deep.equal({ name: 'work' });
    expect(matchRoute('/work/s1')).to.deep.equal({ name: 'work-segment', segmentId: 's1' });
    expect(matchRoute('/review')).to.deep.equal({ name: 'review' });
    expect(matchRoute('/review/s9')).to.deep.equal({ name: 'review-segment', segmentId: 's9' });
    expect(matchRoute('/review/recordings/r1')).to.deep.equal({ name: 'review-recording', id: 'r1' });
    expect(matchRoute('/admin')).to.deep.equal({ name: 'admin' });
    expect(matchRoute('/')).to.deep.equal({ name: 'home' });
  });

  it('ignores a trailing slash and reports unknown or malformed paths as not found', () => {
    expect(matchRoute('/work/')).to.deep.equal({ name: 'work' });
    expect(matchRoute('/nope').name).to.equal('not-found');
    expect(matchRoute('/recordings/a/b').name).to.equal('not-found');
    expect(matchRoute('/recordings/%E0%A4%A').name).to.equal('not-found');
  });

  it('sends each role home to its own page and keeps others out', () => {
    expect(HOME).to.deep.equal({
      client: '/recordings',
      transcriber: '/work',
      reviewer: '/review',
      admin: '/admin',
    });
    expect(allowed(matchRoute('/recordings/r1'), 'admin')).to.equal(true);
    expect(allowed(matchRoute('/recordings'), 'transcriber')).to.equal(false);
    expect(allowed(matchRoute('/work/s1'), 'reviewer')).to.equal(false);
    expect(allowed(matchRoute('/review/recordings/r1'), 'client')).to.equal(false);
    expect(allowed(matchRoute('/admin'), 'reviewer')).to.equal(false);
    expect(allowed(matchRoute('/account'), 'client')).to.equal(true);
  });
});
