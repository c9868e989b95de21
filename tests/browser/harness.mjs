// harness.mjs: shared helpers for the browser tests (node --test tests/browser/).
//
// Each test serves the built site with tools/serve.mjs on a free port, launches Debian's chromium through
// playwright-core with a fresh persistent profile, and drives the app with real mouse, keyboard, clipboard and file
// events. Assertions read window.Medcode.probe() (widget rectangles in device pixels and the session state), never
// pixels.
//
// Environment:
//   MEDCODE_SITE       the built site (index.html, shell.js, medcode.js, medcode.wasm); default <repo>/build/wasm/site
//   MEDCODE_ARTIFACTS  where screenshots go; default <repo>/build/wasm/browser-artifacts
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../tools/serve.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('../../web/node_modules/playwright-core');

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE = path.resolve(process.env.MEDCODE_SITE || path.join(REPO, 'build/wasm/site'));
export const ARTIFACTS = path.resolve(process.env.MEDCODE_ARTIFACTS || path.join(REPO, 'build/wasm/browser-artifacts'));

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const VIEWPORT = { width: 1280, height: 800 };

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Only console messages of type 'error' count (SwiftShader's "GPU stall due to ReadPixels" is a 'warning').
// Nothing else is ignored: a 404 (favicon included) is an error.
function isConsoleError(msg) { return msg.type() === 'error'; }

// --- site ------------------------------------------------------------------------------------------------------

// Serves SITE on a free loopback port. One per test: IndexedDB belongs to the origin (host + port), so a test that
// restarts the browser keeps using the same server.
export async function serveSite() {
  if (!fs.existsSync(path.join(SITE, 'index.html')) || !fs.existsSync(path.join(SITE, 'medcode.wasm'))) {
    throw new Error(`MEDCODE_SITE=${SITE} has no built app (index.html, medcode.wasm); build it first (tools/build wasm)`);
  }
  const server = await startServer(SITE, { port: 0 });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + '/',
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

export function makeProfileDir() { return fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-udd-')); }
export function removeDir(dir) { if (dir) fs.rmSync(dir, { recursive: true, force: true }); }

// --- the app in a browser ----------------------------------------------------------------------------------------

export class App {
  constructor(context, page, site) {
    this.context = context;
    this.page = page;
    this.site = site;
    this.pageErrors = [];
    this.consoleErrors = [];
    this.badResponses = [];
    this.failedRequests = [];
    page.on('pageerror', (e) => this.pageErrors.push(String(e && e.stack || e)));
    page.on('console', (m) => { if (isConsoleError(m)) this.consoleErrors.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 400) this.badResponses.push(`${r.status()} ${r.url()}`); });
    page.on('requestfailed', (r) => this.failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`));
    // Keep Playwright's file-chooser interception on for the page's whole life. It is switched on asynchronously
    // when the first 'filechooser' listener is added; a chooser the app opens before that lands is cancelled by
    // headless Chromium (the input gets 'cancel'), so a waitForEvent('filechooser') made just before Ctrl+O misses
    // it about two times in three. Tests still use page.waitForEvent('filechooser') to get the chooser.
    page.on('filechooser', () => {});
  }

  // Launches chromium on `profileDir` (kept by the caller, so a test can relaunch on it) and opens the app.
  static async launch(site, profileDir, { dpr = 1, goto = true } = {}) {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: VIEWPORT,
      deviceScaleFactor: dpr,
    });
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
      const page = context.pages()[0] || await context.newPage();
      const app = new App(context, page, site);
      if (goto) await app.open();
      return app;
    } catch (e) {
      await context.close().catch(() => {});
      throw e;
    }
  }

  // Navigates to the app and waits for the first frame and the open database. Returns the wall-clock ms.
  async open() {
    const t0 = Date.now();
    await this.page.goto(this.site.url);
    await this.waitReady();
    return Date.now() - t0;
  }

  async reload() {
    await this.page.reload();
    await this.waitReady();
  }

  async waitReady(timeout = 20000) {
    await this.page.waitForFunction(() => window.Medcode && typeof window.Medcode.firstFrameMs === 'number',
      null, { timeout }).catch((e) => { throw new Error(`no first frame within ${timeout} ms: ${this.errorSummary()}\n${e.message}`); });
    await this.waitFor((p) => p.store_ready, 'the store to be ready', timeout);
    await this.frames(1);
  }

  async close() { await this.context.close().catch(() => {}); }

  // --- probe -----------------------------------------------------------------------------------------------------

  probe() { return this.page.evaluate(() => window.Medcode && window.Medcode.probe()); }

  // Polls the probe until pred(probe) is truthy; returns that probe. Fails with the last probe (note text cut).
  async waitFor(pred, what, timeout = 10000) {
    const end = Date.now() + timeout;
    let last = null, lastErr = null;
    for (;;) {
      try {
        last = await this.probe();
        if (last && pred(last)) return last;
        lastErr = null;
      } catch (e) {
        lastErr = e;
      }
      if (Date.now() > end) {
        throw new Error(`timed out after ${timeout} ms waiting for ${what}; last probe: ${summarize(last)}` +
                        (lastErr ? `; last error: ${lastErr.message}` : '') + `; ${this.errorSummary()}`);
      }
      await sleep(25);
    }
  }

  // Waits until the app drew `n` more frames (so queued input has been handled).
  async frames(n = 2) {
    const start = (await this.probe())?.frame ?? 0;
    return this.waitFor((p) => p.frame >= start + n, `${n} frames after frame ${start}`, 5000);
  }

  // Everything typed is written and synced to IndexedDB.
  waitSaved(timeout = 10000) {
    return this.waitFor((p) => p.save_state === 'Saved' && !p.draft.dirty && p.synced_revision >= p.committed_revision,
      "save_state 'Saved'", timeout);
  }

  // The rectangle `name` in CSS pixels (page.mouse coordinates).
  async rect(name) {
    const p = await this.probe();
    const r = p.rects[name];
    if (!r) throw new Error(`probe has no rect '${name}' (has: ${Object.keys(p.rects).join(', ')})`);
    return { x: r.x / p.scale, y: r.y / p.scale, w: r.w / p.scale, h: r.h / p.scale };
  }

  // Scrolls the mouse wheel over `container` (a probe rect, e.g. 'panel.codes') until `name` lies inside it.
  async scrollIntoView(name, container, maxSteps = 40) {
    for (let i = 0; i < maxSteps; ++i) {
      const p = await this.probe();
      const c = p.rects[container], r = p.rects[name];
      if (r && c && r.y >= c.y && r.y + r.h <= c.y + c.h) return;
      await this.page.mouse.move((c.x + c.w / 2) / p.scale, (c.y + c.h / 2) / p.scale);
      await this.page.mouse.wheel(0, r && r.y < c.y ? -120 : 120);
      await this.frames(2);
    }
    throw new Error(`could not scroll '${name}' into '${container}'`);
  }

  // --- input -----------------------------------------------------------------------------------------------------

  // A real click: move, pause, press, pause, release (ImGui needs to see the hover before the press).
  async clickAt(x, y) {
    await this.page.mouse.move(x, y);
    await sleep(50);
    await this.page.mouse.down();
    await sleep(50);
    await this.page.mouse.up();
    await this.frames(2);
  }

  // Clicks a probe rect; `at` is the fraction of its size (default the centre).
  async click(name, at = { x: 0.5, y: 0.5 }) {
    const r = await this.rect(name);
    await this.clickAt(r.x + r.w * at.x, r.y + r.h * at.y);
  }

  async press(key) {
    await this.page.keyboard.press(key);
    await this.frames(2);
  }

  // Types `text` key by key (ASCII only: Playwright sends other characters as IME input, which GLFW does not see).
  // Does not wait for frames: follow with waitFor() on the expected result.
  async type(text) {
    await this.page.keyboard.type(text);
  }

  // Alt+N: a new encounter with the note editor focused. Returns the probe once it is open.
  async newEncounter() {
    const before = await this.probe();
    await this.page.keyboard.press('Alt+N');
    return this.waitFor((p) => p.selected_id !== 0 && p.selected_id !== before.selected_id &&
                                p.encounters.length === before.encounters.length + 1 && p.rects['editor.note'] &&
                                p.want_text_input,
      'Alt+N to open a new encounter with the note editor focused');
  }

  // Dispatches key events for `keys` (e.g. ['Alt', 'n']) all in one task, so they reach the app within one frame:
  // every key goes down in order, then comes up in reverse order. Emscripten's GLFW reads keyCode, which a
  // constructed KeyboardEvent does not carry, so it is defined on each event.
  async chordInOneFrame(keys) {
    await this.page.evaluate((keys) => {
      const codes = { Alt: [18, 'AltLeft'], Control: [17, 'ControlLeft'], Shift: [16, 'ShiftLeft'] };
      const info = (k) => codes[k] || [k.toUpperCase().charCodeAt(0), 'Key' + k.toUpperCase()];
      const held = new Set();
      const fire = (type, k) => {
        if (type === 'keydown') held.add(k); else held.delete(k);
        const [keyCode, code] = info(k);
        const e = new KeyboardEvent(type, { key: k, code, bubbles: true, cancelable: true,
          altKey: held.has('Alt'), ctrlKey: held.has('Control'), shiftKey: held.has('Shift') });
        Object.defineProperty(e, 'keyCode', { get: () => keyCode });
        Object.defineProperty(e, 'which', { get: () => keyCode });
        document.getElementById('canvas').dispatchEvent(e);
      };
      keys.forEach((k) => fire('keydown', k));
      [...keys].reverse().forEach((k) => fire('keyup', k));
    }, keys);
  }

  // Puts `text` on the system clipboard (as the user's other app would).
  async setClipboard(text) {
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  }

  readClipboard() { return this.page.evaluate(() => navigator.clipboard.readText()); }

  // Real paste: the clipboard holds `text`, Ctrl+V makes the browser fire 'paste' on the page.
  // Does not wait for frames: follow with waitFor() on the expected result.
  async paste(text) {
    await this.setClipboard(text);
    await this.page.keyboard.press('Control+V');
  }

  // Drops a file on the page the way a file manager would: a 'drop' DragEvent whose DataTransfer holds a File.
  async dropFile(name, bytes, type = 'text/plain') {
    await this.page.evaluate(({ name, data, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name, { type }));
      const target = document.getElementById('canvas');
      const opts = { bubbles: true, cancelable: true, dataTransfer: dt, clientX: 640, clientY: 400 };
      target.dispatchEvent(new DragEvent('dragenter', opts));
      target.dispatchEvent(new DragEvent('dragover', opts));
      target.dispatchEvent(new DragEvent('drop', opts));
    }, { name, data: Array.from(bytes), type });
  }

  // --- diagnostics -------------------------------------------------------------------------------------------------

  errorSummary() {
    return `page errors: ${JSON.stringify(this.pageErrors)}; console errors: ${JSON.stringify(this.consoleErrors)}; ` +
           `responses >= 400: ${JSON.stringify(this.badResponses)}; failed requests: ${JSON.stringify(this.failedRequests)}`;
  }

  hasErrors() {
    return this.pageErrors.length + this.consoleErrors.length + this.badResponses.length + this.failedRequests.length > 0;
  }

  async screenshot(name) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, name);
    await this.page.screenshot({ path: file });
    return file;
  }

  // Opens the menu bar's menu `menu` (probe rect 'menu.<name>', e.g. 'view') and clicks its item 'menuitem.<item>'.
  async chooseMenuItem(menu, item) {
    await this.click(`menu.${menu}`);
    await this.waitFor((p) => p.rects[`menuitem.${item}`], `the ${menu} menu to open with item ${item}`);
    await this.frames(1);
    await this.click(`menuitem.${item}`);
  }
}

// A short, readable form of a probe for failure messages (long notes cut, rects dropped).
export function summarize(p) {
  if (!p) return String(p);
  const cut = (s) => (typeof s === 'string' && s.length > 120 ? `${s.slice(0, 120)}... (${s.length} chars)` : s);
  const { rects, ...rest } = p;
  return JSON.stringify({ ...rest, rect_names: rects && Object.keys(rects), draft: p.draft && { ...p.draft, note_text: cut(p.draft.note_text) } });
}

// Opens the app for one test and closes everything when the test ends (pass or fail). Options: dpr.
// Returns { app, site, profileDir, relaunch() } where relaunch() closes the browser and starts a new one on the same
// profile directory and origin (a browser restart).
export async function startApp(t, { dpr = 1, goto = true } = {}) {
  const site = await serveSite();
  const profileDir = makeProfileDir();
  const session = { site, profileDir, app: null };
  t.after(async () => {
    if (session.app) await session.app.close();
    await site.close();
    removeDir(profileDir);
  });
  session.app = await App.launch(site, profileDir, { dpr, goto });
  session.relaunch = async () => {
    await session.app.close();
    session.app = null;
    session.app = await App.launch(site, profileDir, { dpr });
    return session.app;
  };
  return session;
}

// --- test data -----------------------------------------------------------------------------------------------------

// A realistic outpatient note (UTF-8, LF line ends) with non-ASCII and a tab-separated lab table.
export const REALISTIC_NOTE = [
  'PROGRESS NOTE — Internal Medicine',
  'Patient: Doe, Jane (MRN 000123)    DOS: 2024-03-15',
  '',
  'CC: Follow-up of type 2 diabetes; burning pain in both feet × 3 months.',
  'HPI: 62 y/o F with T2DM (dx 2011), on metformin 1000 mg BID and insulin glargine 22 units qHS.',
  'Reports numbness and tingling of both feet, worse at night. Denies foot ulcers. BMI 31.4 kg/m².',
  'Café-au-lait spot on L flank, unchanged since 2019.',
  '',
  'Labs (2024-03-08):',
  'Test\tResult\tRef range',
  'HbA1c\t8.4 %\t4.0–5.6 %',
  'eGFR\t52 mL/min/1.73 m²\t≥ 60',
  'LDL\t131 mg/dL\t< 100',
  '',
  'Exam: decreased monofilament sensation bilaterally to mid-foot; absent ankle reflexes.',
  'A/P:',
  '1. Type 2 diabetes mellitus with diabetic polyneuropathy — uncontrolled. Increase glargine to 26 units.',
  '2. CKD stage 3a, likely diabetic nephropathy. Recheck BMP in 3 months.',
  '3. Hyperlipidemia — start atorvastatin 40 mg daily.',
  'Follow-up in 3 months. Podiatry referral placed.',
].join('\n');

// About `bytes` of note text: the realistic note repeated, numbered, with non-ASCII and tabs on every block.
export function bigNote(bytes = 50 * 1024) {
  const blocks = [];
  let size = 0;
  for (let i = 1; size < bytes; ++i) {
    const block = `--- Visit ${i} —\tµ=${i}²\té\n${REALISTIC_NOTE}\n`;
    blocks.push(block);
    size += Buffer.byteLength(block, 'utf8');
  }
  return blocks.join('').replace(/\n$/, '');
}

// Fails the test if the page threw, logged an error or a request failed while the test ran.
export function assertNoPageErrors(assert, app) {
  assert.equal(app.hasErrors(), false, app.errorSummary());
}
