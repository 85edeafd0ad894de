import { expect } from 'chai';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CLIENT_DIR } from '../../server/http/app.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

describe("the browser app's files", () => {
  before(function () {
    if (!existsSync(path.join(CLIENT_DIR, 'app.js.map'))) {
      console.log('      (skipped: dist/client/app.js.map not built; run npm run build:client)');
      this.skip();
    }
  });

  describe('outside development', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ NODE_ENV: 'production' });
    });
    after(() => srv?.stop());

    it('serves the app but not its source map (404, not the app shell)', async () => {
      expect((await srv.api().req('GET', '/app.js')).status).to.equal(200);
      for (const p of ['/app.js.map', '/APP.JS.MAP', '/assets/x.js.map', '/recordings/x.map']) {
        const r = await srv.api().req('GET', p);
        expect(r.status, p).to.equal(404);
        expect(r.text, p).to.not.include('sourcesContent');
        expect(r.text, p).to.not.include('<html');
      }
    });
  });

  describe('with NODE_ENV=development', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ NODE_ENV: 'development' });
    });
    after(() => srv?.stop());

    it('serves the source map for debugging', async () => {
      const r = await srv.api().req('GET', '/app.js.map');
      expect(r.status).to.equal(200);
      expect(JSON.parse(r.text).sources).to.be.an('array').that.is.not.empty;
    });
  });
});
