/**
 * Editor benchmark (`npm run bench:editor -- --runs 7`) in Debian's Chromium against a throwaway
 * Notula:
 *  1. "ready to type" for a 2-minute segment of speech: from navigation until the waveform
 *     is drawn, the audio has fired `canplay` and a turn's textarea has focus; median of N warm
 *     runs plus the first (cold-cache) run. Baseline: the /work page of the same app, same browser.
 *  2. the whole-recording view of a 2-hour recording (60 segments × 20 turns, seeded): load time,
 *     long tasks while loading, keystroke-to-frame latency typing a speaker name, frame gaps and
 *     long tasks while scrolling, and the round trip of "Save speaker names". Baseline: the same
 *     view of a 2-minute recording (1 segment × 20 turns).
 * Prints a table and, last, one JSON line with every figure.
 */
import { parseArgs } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import type { SegmentDoc, Turn } from '../server/domain.ts';
import { startServer, type TestServer } from '../test/helpers/server.ts';
import { seedRecording } from '../test/helpers/seed.ts';
import { readTruth, speechRecording, spokenTurns } from '../test/helpers/media.ts';
import {
  PASSWORD,
  chromiumPresent,
  ensureClientBuilt,
  launchBrowser,
  signIn,
  uploadSpeech,
} from '../test/helpers/browser.ts';
import type { Api } from '../test/helpers/api.ts';
import { wholeNumber } from './bench-load/args.ts';

/** What the in-page probe reports; times are ms since navigation started. */
interface ProbeResult {
  mode: 'editor' | 'work' | 'review';
  ready: number | null;
  wave: number | null;
  canplay: number | null;
  focus: number | null;
  longTasks: number[];
  done: boolean;
}

/**
 * Runs in the page before the app (plain JS: tsx would wrap a serialised function in helpers the
 * page lacks). Checks its condition once per animation frame, following the app's shadow roots
 * by their fixed path so that the check itself stays cheap on a 1,200-turn page.
 */
const PROBE = String.raw`
window.__probeKeys = [];
addEventListener('keydown', (e) => {
  const ts = e.timeStamp;
  requestAnimationFrame(() => setTimeout(() => window.__probeKeys.push(performance.now() - ts), 0));
}, true);
const lt = [];
try {
  new PerformanceObserver((l) => { for (const e of l.getEntries()) lt.push(e); }).observe({ type: 'longtask', buffered: true });
} catch {}
window.__probeFrames = (on) => {
  if (on) {
    const f = { gaps: [], from: performance.now(), last: performance.now(), on: true };
    window.__frames = f;
    const tick = (now) => { if (!f.on) return; f.gaps.push(now - f.last); f.last = now; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    return null;
  }
  const f = window.__frames;
  f.on = false;
  return { gaps: f.gaps, longTasks: lt.filter((e) => e.startTime >= f.from).map((e) => e.duration) };
};
window.__probeStart = (mode, expect) => {
  const p = { mode, ready: null, wave: null, canplay: null, focus: null, longTasks: [], done: false };
  window.__probe = p;
  // wavesurfer's audio element never joins the DOM, so catch it when it is made.
  const create = Document.prototype.createElement;
  Document.prototype.createElement = function (tag, o) {
    const el = create.call(this, tag, o);
    if (String(tag).toLowerCase() === 'audio') {
      el.addEventListener('canplay', () => { if (p.canplay == null) p.canplay = performance.now(); });
    }
    return el;
  };
  const sr = (el) => (el ? el.shadowRoot : null);
  const q = (root, sel) => (root ? root.querySelector(sel) : null);
  const app = () => sr(document.querySelector('nt-app'));
  const deepActive = () => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  };
  const checks = {
    editor(now) {
      const ed = sr(q(app(), 'nt-segment-editor'));
      if (p.wave == null) {
        const c = q(sr(q(sr(q(ed, 'nt-waveform')), '#wave > div')), 'canvas');
        if (c && c.width > 0) p.wave = now;
      }
      if (p.focus == null) {
        const a = deepActive();
        if (a && a.tagName === 'TEXTAREA') p.focus = now;
      }
      return p.wave != null && p.canplay != null && p.focus != null;
    },
    work() {
      const w = sr(q(app(), 'nt-work-page'));
      return !!(w && q(w, 'button.primary') && q(w, 'h2') && !w.textContent.includes('Loading'));
    },
    review() {
      const r = sr(q(app(), 'nt-review-recording'));
      const seps = r ? r.querySelectorAll('[role=separator]').length : 0;
      return seps === expect && !!q(sr(q(r, 'nt-speaker-map')), 'input');
    },
  };
  const frame = () => {
    const now = performance.now();
    if (!checks[mode](now)) return requestAnimationFrame(frame);
    p.ready = mode === 'editor' ? Math.max(p.wave, p.canplay, p.focus) : now;
    // Long tasks are reported after they end; wait for the last one of the load.
    setTimeout(() => {
      p.longTasks = lt.filter((e) => e.startTime <= p.ready).map((e) => e.duration);
      p.done = true;
    }, 200);
  };
  requestAnimationFrame(frame);
};
`;

const { values: argv } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const RUNS = wholeNumber('bench:editor', argv, 'runs', 1, 100);
if (!chromiumPresent()) {
  console.error('bench:editor: needs /usr/bin/chromium (or CHROMIUM_PATH).');
  process.exit(2);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
    : NaN;
};
const max = (xs: number[]): number => (xs.length ? Math.max(...xs) : 0);
const ms = (x: number): number => Math.round(x);
const progress = (s: string): void => void process.stderr.write(`bench:editor: ${s}\n`);

async function user(srv: TestServer, role: string, orgId?: string): Promise<Api> {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@bench.notula.test`;
  await srv.admin.ok('POST', '/api/users', { email, password: PASSWORD, role, ...(orgId ? { orgId } : {}) });
  const api = srv.api();
  await api.login(email, PASSWORD);
  return api;
}

/** Opens `path` in a fresh page and waits until the probe reports the page ready. */
async function measure(
  ctx: BrowserContext,
  url: string,
  mode: ProbeResult['mode'],
  expect = 0,
): Promise<{ page: Page; r: ProbeResult }> {
  const page = await ctx.newPage();
  await page.addInitScript({
    content: `${PROBE}\n;window.__probeStart(${JSON.stringify(mode)}, ${expect});`,
  });
  await page.goto(url);
  const probe = (): Promise<ProbeResult> =>
    page.evaluate(() => (window as unknown as { __probe: ProbeResult }).__probe);
  await page
    .waitForFunction(() => (window as unknown as { __probe?: ProbeResult }).__probe?.done === true, null, {
      timeout: 30_000,
    })
    .catch(async (e: unknown) => {
      const state = JSON.stringify(await probe());
      throw new Error(`${mode} page at ${url} never became ready; probe: ${state}`, { cause: e });
    });
  const r = await probe();
  return { page, r };
}

/** 60 × 20 turns of meeting-like text, most segments approved, none left for a merge. */
function longTurns(seg: SegmentDoc, n: number): Turn[] {
  const speakers = ['Speaker 1', 'Speaker 2', 'Speaker 3', 'Speaker 4'];
  const words =
    'we agreed to move the launch review to next week so the numbers from finance are in and the design team can show the new onboarding flow'.split(
      ' ',
    );
  return Array.from({ length: n }, (_, i) => {
    const len = 18 + ((i * 7 + seg.index) % 25);
    const text = Array.from({ length: len }, (_, k) => words[(k + i + seg.index) % words.length]).join(' ');
    return {
      speaker: speakers[(i + seg.index) % speakers.length],
      start: seg.start + (i * (seg.end - seg.start)) / n,
      text: `${text[0].toUpperCase()}${text.slice(1)}.`,
    };
  });
}

async function seedWholeRecording(srv: TestServer, orgId: string, segments: number): Promise<string> {
  const { recording, segments: segs } = await seedRecording(srv, orgId, {
    segments,
    segmentSec: 120,
    title: `Meeting of ${segments * 2} minutes`,
  });
  const col = srv.running.services.store.collection<SegmentDoc>('segments');
  for (const seg of segs) {
    const status =
      segments === 1
        ? 'submitted'
        : seg.index < segments - 10
          ? 'approved'
          : seg.index < segments - 4
            ? 'submitted'
            : 'open';
    await col.updateOne({ _id: seg._id }, { $set: { turns: longTurns(seg, 20), status, version: 1 } });
  }
  await srv.running.services.recordings.refresh(recording._id);
  return recording._id;
}

/** Types a name into the first speaker field and scrolls the text top to bottom. */
async function interact(
  page: Page,
): Promise<{ keyMs: number[]; scrollGapMs: number[]; scrollLongTasks: number[]; saveMs: number }> {
  const input = page.getByLabel('New name for Speaker 1');
  await input.click();
  await page.evaluate(() => (window as unknown as { __probeKeys: number[] }).__probeKeys.splice(0));
  await page.keyboard.type('Budiman Santoso', { delay: 40 });
  await page.waitForFunction(() => (window as unknown as { __probeKeys: number[] }).__probeKeys.length >= 15);
  const keyMs = await page.evaluate(() =>
    (window as unknown as { __probeKeys: number[] }).__probeKeys.slice(),
  );

  await page.mouse.move(400, 500);
  await page.evaluate(() =>
    (window as unknown as { __probeFrames: (on: boolean) => void }).__probeFrames(true),
  );
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, 1200);
    await page.waitForTimeout(25);
  }
  const scroll = await page.evaluate(() =>
    (
      window as unknown as { __probeFrames: (on: boolean) => { gaps: number[]; longTasks: number[] } }
    ).__probeFrames(false),
  );

  const t0 = Date.now();
  await page.getByRole('button', { name: 'Save speaker names' }).click();
  await page.getByText('Speaker names saved in every segment.').waitFor({ timeout: 60_000 });
  await page.getByText('Budiman Santoso:').first().waitFor({ state: 'attached', timeout: 60_000 });
  return { keyMs, scrollGapMs: scroll.gaps, scrollLongTasks: scroll.longTasks, saveMs: Date.now() - t0 };
}

ensureClientBuilt();
const srv = await startServer();
const browser = await launchBrowser();
try {
  const orgId = (await srv.admin.ok('POST', '/api/orgs', { name: 'Bench org' })).org.id as string;
  const client = await user(srv, 'client', orgId);
  const transcriber = await user(srv, 'transcriber');
  const reviewer = await user(srv, 'reviewer');

  // 1. A 2-minute segment of speech, held by the transcriber with a draft of what is said in it.
  progress('making and ingesting a 4-minute spoken recording (segments of ~2 min)…');
  const meeting = readTruth(await speechRecording(250));
  await uploadSpeech(client, {
    seconds: 250,
    title: 'Bench meeting',
    participants: ['Budi', 'Sari', 'Tom'],
    segmentSeconds: 120,
  });
  const { segment: seg } = await transcriber.ok('POST', '/api/work/claim');
  await transcriber.ok('PUT', `/api/segments/${seg.id}/draft`, {
    turns: spokenTurns(meeting, seg.start, seg.end),
    version: seg.version,
  });
  const segLen = seg.end - seg.start;
  const audioLen = seg.contextEnd - seg.contextStart;

  const opts = { viewport: { width: 1280, height: 900 } };
  const trCtx = await browser.newContext(opts);
  const signPage = await trCtx.newPage();
  await signIn(signPage, srv.url, transcriber.user!.email, '/work');
  await signPage.close();
  progress(
    `editor: 1 cold + ${RUNS} warm runs on segment ${seg.index + 1} (${segLen.toFixed(1)} s, audio ${audioLen.toFixed(1)} s)…`,
  );
  const editorUrl = `${srv.url}/work/${encodeURIComponent(seg.id)}`;
  const cold = await measure(trCtx, editorUrl, 'editor');
  await cold.page.close();
  const editor: ProbeResult[] = [];
  const work: ProbeResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    const e = await measure(trCtx, editorUrl, 'editor');
    editor.push(e.r);
    await e.page.close();
    const w = await measure(trCtx, `${srv.url}/work`, 'work');
    work.push(w.r);
    await w.page.close();
  }
  await trCtx.close();

  // 2. The whole-recording view: 2 hours against 2 minutes.
  progress('seeding a 2-hour recording (60 segments × 20 turns) and a 2-minute one…');
  const longId = await seedWholeRecording(srv, orgId, 60);
  const shortId = await seedWholeRecording(srv, orgId, 1);
  const revCtx = await browser.newContext(opts);
  const revSign = await revCtx.newPage();
  await signIn(revSign, srv.url, reviewer.user!.email, '/review');
  await revSign.close();
  const views: Record<
    'long' | 'short',
    { load: ProbeResult[]; act: Awaited<ReturnType<typeof interact>>[] }
  > = {
    long: { load: [], act: [] },
    short: { load: [], act: [] },
  };
  const viewRuns = Math.max(1, Math.min(RUNS, 3));
  progress(`whole-recording view: ${viewRuns} runs each…`);
  for (let i = 0; i < viewRuns; i++) {
    for (const [key, id, n] of [
      ['long', longId, 60],
      ['short', shortId, 1],
    ] as const) {
      const { page, r } = await measure(revCtx, `${srv.url}/review/recordings/${id}`, 'review', n);
      views[key].load.push(r);
      views[key].act.push(await interact(page));
      await page.close();
      // Undo the rename (the turns of every segment were renamed), so every run renames the same speaker.
      const view = await reviewer.ok('GET', `/api/review/recordings/${id}`);
      const back = Object.fromEntries(
        Object.entries(view.recording.speakerMap as Record<string, string>).map(([a, b]) => [b, a]),
      );
      await reviewer.ok('PUT', `/api/recordings/${id}/speakers`, { map: back });
      await reviewer.ok('PUT', `/api/recordings/${id}/speakers`, { map: {} });
    }
  }
  await revCtx.close();

  const ready = median(editor.map((r) => r.ready!));
  const base = median(work.map((r) => r.ready!));
  const figures = {
    segmentSec: Math.round(segLen * 10) / 10,
    editorReadyColdMs: ms(cold.r.ready!),
    editorReadyMedianMs: ms(ready),
    editorWaveMedianMs: ms(median(editor.map((r) => r.wave!))),
    editorCanplayMedianMs: ms(median(editor.map((r) => r.canplay!))),
    editorFocusMedianMs: ms(median(editor.map((r) => r.focus!))),
    baselineWorkPageMedianMs: ms(base),
    editorRatio: Math.round((ready / base) * 100) / 100,
    editorTargetMet: ready <= 1000,
    twoHourView: viewFigures(views.long),
    twoMinuteView: viewFigures(views.short),
  };
  const [L, S] = [figures.twoHourView, figures.twoMinuteView];
  console.log(`\nEditor, segment of ${figures.segmentSec} s (target: ready to type within 1000 ms)`);
  console.log(`  ready to type, cold cache        ${figures.editorReadyColdMs} ms`);
  console.log(
    `  ready to type, median of ${RUNS}      ${figures.editorReadyMedianMs} ms  (waveform ${figures.editorWaveMedianMs}, canplay ${figures.editorCanplayMedianMs}, textarea focused ${figures.editorFocusMedianMs})`,
  );
  console.log(
    `  baseline: /work page ready       ${figures.baselineWorkPageMedianMs} ms  → ratio ${figures.editorRatio}×  ${figures.editorTargetMet ? 'target met' : 'TARGET MISSED'}`,
  );
  console.log(
    `\nWhole-recording view: 2 hours (60 × 20 turns) vs baseline 2 minutes (1 × 20 turns), median of ${viewRuns}`,
  );
  const row = (what: string, a: number, b: number, unit = 'ms'): void =>
    console.log(
      `  ${what.padEnd(34)}${String(a).padStart(7)} ${unit}${String(b).padStart(9)} ${unit}   ratio ${b ? (a / b).toFixed(2) : '–'}×`,
    );
  row('load (all segments rendered)', L.loadMs, S.loadMs);
  row('long tasks while loading, longest', L.loadLongestTaskMs, S.loadLongestTaskMs);
  row('total blocking time while loading', L.loadBlockingMs, S.loadBlockingMs);
  row('keystroke → next frame, median', L.keyMedianMs, S.keyMedianMs);
  row('keystroke → next frame, worst', L.keyMaxMs, S.keyMaxMs);
  row('scrolling: longest frame gap', L.scrollMaxGapMs, S.scrollMaxGapMs);
  row('scrolling: longest task', L.scrollLongestTaskMs, S.scrollLongestTaskMs);
  row('"Save speaker names" round trip', L.saveMs, S.saveMs);
  console.log(JSON.stringify(figures));
} finally {
  await browser.close();
  await srv.stop();
}

interface ViewFigures {
  loadMs: number;
  loadLongestTaskMs: number;
  loadBlockingMs: number;
  keyMedianMs: number;
  keyMaxMs: number;
  scrollMaxGapMs: number;
  scrollLongestTaskMs: number;
  saveMs: number;
}

function viewFigures(v: { load: ProbeResult[]; act: Awaited<ReturnType<typeof interact>>[] }): ViewFigures {
  const blocking = (r: ProbeResult): number => r.longTasks.reduce((s, d) => s + Math.max(0, d - 50), 0);
  const keys = v.act.flatMap((a) => a.keyMs);
  return {
    loadMs: ms(median(v.load.map((r) => r.ready!))),
    loadLongestTaskMs: ms(median(v.load.map((r) => max(r.longTasks)))),
    loadBlockingMs: ms(median(v.load.map(blocking))),
    keyMedianMs: ms(median(keys)),
    keyMaxMs: ms(max(keys)),
    scrollMaxGapMs: ms(median(v.act.map((a) => max(a.scrollGapMs)))),
    scrollLongestTaskMs: ms(median(v.act.map((a) => max(a.scrollLongTasks)))),
    saveMs: ms(median(v.act.map((a) => a.saveMs))),
  };
}
