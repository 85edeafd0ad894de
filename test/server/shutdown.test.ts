import { expect } from 'chai';
import { startServer, makeWorld } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';

describe('graceful shutdown', () => {
  it('ends open event streams instead of waiting for them, and closes the store', async () => {
    const srv = await startServer();
    const w = await makeWorld(srv, 0);
    const { recording } = await seedRecording(srv, w.orgA, { segments: 2 });
    const events = await fetch(`${srv.url}/api/recordings/${recording._id}/events`, {
      headers: { cookie: w.clientA.cookie! },
    });
    const reader = events.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).to.match(/retry: 3000|event: recording/);
    await srv.stop();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    await srv.running.services.store.ping().then(
      () => expect.fail('the store should be closed'),
      () => undefined,
    );
  });
});
