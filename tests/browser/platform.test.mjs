// platform.test.mjs: the browser platform layer beyond the shell: the app idles when nothing happens (battery),
// wakes on input, works offline from its service-worker copy, and rebuilds its fonts when devicePixelRatio changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, sleep, summarize } from './harness.mjs';

const TIMEOUT = 45000;

test('the app redraws only a few times a second when idle and at once on input', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  // Idle means after start-up work: the code-set pack arrives seconds after the first frame and wakes the loop,
  // then the search index is built a part per frame at full rate, then the claim rules load.
  await app.waitFor((q) => q.code_sets_loaded && q.search.ready && q.scrub.ready, 'the code-set pack, the search index and the claim rules', 30000);
  await sleep(1500);  // past the awake period that start-up input and the pack opened
  const f0 = (await app.probe()).frame;
  await sleep(2000);
  const idleFrames = (await app.probe()).frame - f0;
  // Idle rate is 4 frames/s: at most ~8 in 2 s (margin for timer slop), never the 13+ fps of a busy loop here.
  assert.ok(idleFrames >= 1 && idleFrames <= 10, `frames drawn in 2 s idle: ${idleFrames}`);
  await app.page.keyboard.press('Control+K');
  await app.page.keyboard.type('htn');
  const p = await app.waitFor((q) => q.search.text === 'htn', 'typed text after idling', 3000);
  assert.equal(p.search.active, true, summarize(p));
});

test('after one visit the app opens offline, from the service worker, and says Offline', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  await app.page.evaluate(() => navigator.serviceWorker.ready);
  await app.context.setOffline(true);
  await app.reload();
  const p = await app.probe();
  assert.equal(p.store_ready, true);
  assert.equal(p.online, false, 'the status bar shows Offline');
  await app.newEncounter();
  await app.type('offline note');
  await app.waitFor((q) => q.draft.note_text === 'offline note', 'typing while offline');
  await app.waitSaved();  // local storage works without a network
  await app.context.setOffline(false);
  await app.waitFor((q) => q.online === true, 'back online');
});

test('a devicePixelRatio change at run time rebuilds fonts and layout at the new ratio', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  const before = await app.probe();
  assert.equal(before.scale, 1);
  const cdp = await app.context.newCDPSession(app.page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: 1.5, mobile: false });
  const after = await app.waitFor((q) => q.scale === 1.5, 'the new ratio', 5000);
  assert.deepEqual(after.display, [1920, 1200]);
  assert.equal(after.font_size, Math.round(before.font_size * 1.5));
  const w0 = before.rects['panel.worklist'].w, w1 = after.rects['panel.worklist'].w;
  assert.ok(Math.abs(w1 - 1.5 * w0) <= 3, `worklist width ${w0} -> ${w1}`);
});
