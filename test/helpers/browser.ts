/**
 * Real Chromium (Debian's) driven by playwright-core, for end-to-end tests and the editor
 * benchmark: launching, signing in, and collecting the page errors a user would never see.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import type { Api } from './api.ts';
import { speechRecording } from './media.ts';
import { makeWorld, startServer, until, type TestServer, type World } from './server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PASSWORD = 'password-123';

export function chromiumPresent(): boolean {
  return fs.existsSync(CHROMIUM);
}

/** Call in a `before` hook: skips the suite, with the reason printed, when Chromium is absent. */
export function requireChromium(ctx: Mocha.Context): void {
  if (!chromiumPresent()) {
    console.log(
      `      (skipped: no Chromium at ${CHROMIUM}; install Debian's chromium or set CHROMIUM_PATH)`,
    );
    ctx.skip();
  }
}

/**
 * The server serves the bundle in dist/client; `npm test` builds it first. A single test file
 * run on a fresh checkout builds it here, so the suite does not test a missing page.
 */
export function ensureClientBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dist/client/app.js'))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-client.mjs')], { stdio: 'ignore' });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Media must start without a user gesture in scripted sessions.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** How long a browser test waits for any one locator or navigation before it fails. */
const STEP_TIMEOUT_MS = 20_000;

/**
 * What a browser test file shares: a real Notula (with its people, when asked for), one Chromium,
 * and, when asked for, a fresh browser context (own cookies and storage) for each test. The fields
 * are set by the hooks `useBrowserRig` registers, so read them inside hooks and tests only.
 */
export class BrowserRig {
  srv!: TestServer;
  browser!: Browser;
  /** Set by the hooks; read through `world` and `context`, which say what the file forgot to ask for. */
  madeWorld?: World;
  testContext?: BrowserContext;

  get world(): World {
    if (!this.madeWorld) throw new Error('no world: pass { world: <transcribers> } to useBrowserRig');
    return this.madeWorld;
  }

  get context(): BrowserContext {
    if (!this.testContext)
      throw new Error(
        'no context: pass { context } to useBrowserRig or call freshContextEach in the describe',
      );
    return this.testContext;
  }

  /**
   * Registers, in the calling `describe`, hooks that give each test a fresh context made with
   * `options` and close it after the test.
   */
  freshContextEach(options: BrowserContextOptions): void {
    beforeEach(async () => {
      this.testContext = await newTestContext(this.browser, options);
    });
    afterEach(async () => {
      await this.testContext?.close();
      this.testContext = undefined;
    });
  }
}

/**
 * Call in a `describe`, before its own hooks: before the suite, skips it without Chromium, or
 * starts the server, makes `opts.world` (a `makeWorld` with that many transcribers) and launches
 * Chromium; after it, closes them. With `opts.context`, each test gets a fresh context
 * (`BrowserRig.freshContextEach`).
 */
export function useBrowserRig(opts: { world?: number; context?: BrowserContextOptions } = {}): BrowserRig {
  const rig = new BrowserRig();
  before(async function () {
    requireChromium(this);
    ensureClientBuilt();
    rig.srv = await startServer();
    if (opts.world !== undefined) rig.madeWorld = await makeWorld(rig.srv, opts.world);
    rig.browser = await launchBrowser();
  });
  if (opts.context) rig.freshContextEach(opts.context);
  after(async function () {
    await rig.browser?.close();
    await rig.srv?.stop();
  });
  return rig;
}

/** A context for a test that manages its own (several windows, one page for the whole suite). */
export async function newTestContext(
  browser: Browser,
  options: BrowserContextOptions,
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  return context;
}

/** Page errors and console errors a page produced, minus the one the app expects when signed out. */
export class PageErrors {
  readonly errors: string[] = [];
  private allowed: RegExp[] = [];

  /** A console error the test provokes on purpose (e.g. the 409 of a version conflict). */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  watch(page: Page): Page {
    page.on('pageerror', (e) => this.errors.push(`uncaught on ${page.url()}: ${e.stack ?? e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const where = m.location().url;
      // Signed out, the app asks who is signed in and is told 401: that is how it finds out.
      if (/\b401\b/.test(m.text()) && /\/api\/me$/.test(where)) return;
      if (this.allowed.some((re) => re.test(`${m.text()} ${where}`))) return;
      this.errors.push(`console error on ${page.url()}: ${m.text()} (${where})`);
    });
    return page;
  }

  async newPage(ctx: BrowserContext): Promise<Page> {
    return this.watch(await ctx.newPage());
  }
}

/** Signs in through the login form and waits for the role's home page. */
export async function signIn(page: Page, baseUrl: string, email: string, home: string): Promise<void> {
  await submitSignIn(page, baseUrl, email, PASSWORD);
  await page.waitForURL((u) => u.pathname === home);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Signs in through the login form, with any password, and waits until the person is signed in. */
export async function signInAs(
  page: Page,
  baseUrl: string,
  email: string,
  password = PASSWORD,
): Promise<void> {
  await submitSignIn(page, baseUrl, email, password);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function submitSignIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Claims the next segment from the Work page and waits for its editor; returns the segment's id. */
export async function claimNextSegment(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Claim next segment' }).click();
  await page.waitForURL(/\/work\/[^/]+$/);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
}

/**
 * Page-side source of `find(root)`: the editor's waveform element inside the shadow roots under
 * `root`, or null. Scripts run in the page are strings, so the test runner's transform adds no
 * helpers the page does not have.
 */
export const FIND_WAVEFORM = `const find = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.tagName === 'NT-WAVEFORM') return el;
      const inner = el.shadowRoot && find(el.shadowRoot);
      if (inner) return inner;
    }
    return null;
  };`;

/** Runs in the page: the editor's playhead in audio seconds (-1 without a waveform). */
export const PLAYHEAD = `(() => {
  ${FIND_WAVEFORM}
  return find(document)?.currentTime ?? -1;
})()`;

export const playhead = (page: Page): Promise<number> => page.evaluate<number>(PLAYHEAD);

/**
 * Waits until the editor's save status (the first role=status on the page) reads exactly `text`
 * ("Saved" must not match "Unsaved changes…").
 */
export async function waitForSaveStatus(page: Page, text: string): Promise<void> {
  const exact = new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.getByRole('status').first().filter({ hasText: exact }).waitFor();
}

/** Uploads a scripted speech recording (./media.ts speechRecording) and waits until it can be transcribed. */
export async function uploadSpeech(
  owner: Api,
  opts: {
    seconds: number;
    title: string;
    participants?: string[];
    segmentSeconds?: number;
    filename?: string;
  },
): Promise<string> {
  const audio = await speechRecording(opts.seconds, 'm4a');
  const form = new FormData();
  form.set(
    'file',
    new Blob([fs.readFileSync(audio)], { type: 'audio/mp4' }),
    opts.filename ?? path.basename(audio),
  );
  form.set('title', opts.title);
  if (opts.participants) form.set('participants', opts.participants.join(','));
  if (opts.segmentSeconds) form.set('segmentSeconds', String(opts.segmentSeconds));
  const id = (await owner.ok('POST', '/api/recordings', form)).recording.id as string;
  await until(
    async () => {
      const { recording } = await owner.ok('GET', `/api/recordings/${id}`);
      if (recording.status === 'failed') throw new Error(`ingest failed: ${recording.error}`);
      return recording.status === 'transcribing';
    },
    120_000,
    `recording "${opts.title}" ingested`,
  );
  return id;
}
