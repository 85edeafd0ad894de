/**
 * The baseline for `bench:load`: a bare Express app that answers the calls the load generator makes
 * (sign-in, claim, draft save, submit, the clients' polls) with JSON of the same shape and no work
 * behind it — no store, no session check, no validation. Driven by the same load generator in the
 * same run, it measures what Node, Express and the HTTP exchange alone cost on this machine, so
 * Notula's draft saves per second can be given as a ratio to it. Logs its address as the real
 * server does ("listening on http://localhost:<port>").
 */
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb' }));

let next = 0;
const segment = (id: string, version: number) => ({
  id,
  start: 0,
  end: 10,
  version,
  status: 'assigned',
  turns: [] as unknown[],
});

app.post('/api/auth/login', (_req, res) => {
  res.setHeader('set-cookie', `notula_session=bare${++next}; Path=/; HttpOnly`);
  res.json({ user: { id: `bare-${next}`, role: 'transcriber' } });
});
app.get('/api/me', (_req, res) => {
  res.json({ user: { id: 'bare', role: 'transcriber' } });
});
app.post('/api/work/claim', (_req, res) => {
  res.json({
    segment: segment(`bare-seg-${++next}`, 1),
    leaseExpiresAt: new Date(Date.now() + 1_800_000).toISOString(),
  });
});
app.put('/api/segments/:id/draft', (req, res) => {
  const body = req.body as { version?: number; turns?: unknown[] };
  if (typeof body.version !== 'number' || !Array.isArray(body.turns)) {
    res.status(400).json({ error: { code: 'validation_failed', message: 'turns and version are required' } });
    return;
  }
  res.json({ version: body.version + 1, leaseExpiresAt: new Date(Date.now() + 1_800_000).toISOString() });
});
app.post('/api/segments/:id/submit', (req, res) => {
  const body = req.body as { version?: number };
  res.json({ segment: { ...segment(req.params.id, (body.version ?? 0) + 1), status: 'submitted' } });
});
app.get('/api/recordings', (_req, res) => {
  res.json({ recordings: [] });
});
app.get('/api/recordings/:id', (req, res) => {
  res.json({ recording: { id: req.params.id, status: 'transcribing' } });
});

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ level: 30, msg: `listening on http://localhost:${port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
