import { expect } from 'chai';
import { ApiError, errorFromBody, messageOf } from '../../client/api-core.ts';

describe('client API errors', () => {
  it('carries status, code, message and details from the error body', () => {
    const body = JSON.stringify({
      error: { code: 'version_conflict', message: 'Someone saved first.', details: { currentVersion: 4 } },
    });
    const e = errorFromBody(409, body);
    expect(e).to.be.instanceOf(ApiError);
    expect(e).to.include({ status: 409, code: 'version_conflict', message: 'Someone saved first.' });
    expect(e.details).to.deep.equal({ currentVersion: 4 });
    expect(messageOf(e)).to.equal('Someone saved first.');
  });

  it('gives a readable sentence when the body is not the error shape', () => {
    const e = errorFromBody(413, '<html>Request Entity Too Large</html>');
    expect(e.code).to.equal('http_413');
    expect(e.message).to.match(/too large/i);
    expect(errorFromBody(502, '').message).to.match(/502/);
  });

  it('treats status 0 as a network failure', () => {
    expect(new ApiError(0, 'network_error', 'x').isNetwork).to.equal(true);
    expect(new ApiError(500, 'internal', 'x').isNetwork).to.equal(false);
  });
});
