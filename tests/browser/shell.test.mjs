// shell.test.mjs: the page loads cleanly and the workbench (menu bar, search box, four panels, status bar) is laid
// out inside the window at device pixel ratio 1 and 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, REALISTIC_NOTE, summarize } from './harness.mjs';

const TIMEOUT = 45000;
const SHELL_RECTS = ['menubar', 'search', 'panel.worklist', 'panel.document', 'panel.codes', 'panel.findings',
                     'statusbar', 'status.save'];

test('page loads without page errors, console errors or failed requests; time to first frame', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t, { dpr: 1 });
  const firstFrameMs = await app.page.evaluate(() => window.Medcode.firstFrameMs);
  const nav = await app.page.evaluate(() => {
    const e = performance.getEntriesByType('navigation')[0];
    return e ? { responseEnd: e.responseEnd, domContentLoaded: e.domContentLoadedEventEnd } : null;
  });
  // Reported in the closing note: performance.now() at the first rendered frame, counted from navigation start.
  console.log(`first frame: ${firstFrameMs.toFixed(0)} ms after navigation start (document responseEnd ` +
              `${nav ? nav.responseEnd.toFixed(0) : '?'} ms, DOMContentLoaded ${nav ? nav.domContentLoaded.toFixed(0) : '?'} ms)`);
  assert.ok(firstFrameMs > 0 && firstFrameMs < 15000, `firstFrameMs=${firstFrameMs}`);

  const p = await app.probe();
  assert.equal(p.store_ready, true);
  assert.equal(p.store_path, '/data/medcode.db');
  assert.equal(p.status.severity, 'i', `status: ${JSON.stringify(p.status)}`);
  assert.deepEqual(p.findings, []);
  // The loading overlay is gone and the canvas has keyboard focus.
  assert.equal(await app.page.evaluate(() => document.getElementById('overlay').className), 'hidden');
  assert.equal(await app.page.evaluate(() => document.activeElement && document.activeElement.id), 'canvas');
  // Let a few more frames run so errors raised after start-up are caught too.
  await app.frames(5);
  assert.deepEqual(app.pageErrors, [], app.errorSummary());
  assert.deepEqual(app.consoleErrors, [], app.errorSummary());
  assert.deepEqual(app.badResponses, [], app.errorSummary());
  assert.deepEqual(app.failedRequests, [], app.errorSummary());
});

function overlapArea(a, b) {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

// Layout checks in device pixels; `p` is a probe with an encounter open.
function checkLayout(p, dpr) {
  const [W, H] = p.display;
  assert.equal(p.scale, dpr);
  assert.deepEqual(p.display, [1280 * dpr, 800 * dpr], 'display is the CSS viewport x devicePixelRatio');
  const r = p.rects;
  const eps = 0.5;
  for (const name of [...SHELL_RECTS, 'editor.note', 'field.patient_label', 'field.date_of_service', 'button.open_file']) {
    const q = r[name];
    assert.ok(q, `rect ${name} missing; have ${Object.keys(r).join(', ')}`);
    assert.ok(q.w > 0 && q.h > 0, `rect ${name} is empty: ${JSON.stringify(q)}`);
    assert.ok(q.x >= -eps && q.y >= -eps && q.x + q.w <= W + eps && q.y + q.h <= H + eps,
              `rect ${name} ${JSON.stringify(q)} is not inside the ${W}x${H} display`);
  }
  const panels = ['panel.worklist', 'panel.document', 'panel.codes', 'panel.findings'];
  for (let i = 0; i < panels.length; ++i) {
    for (let j = i + 1; j < panels.length; ++j) {
      assert.equal(overlapArea(r[panels[i]], r[panels[j]]), 0, `${panels[i]} overlaps ${panels[j]}`);
    }
    for (const bar of ['menubar', 'statusbar']) {
      assert.equal(overlapArea(r[panels[i]], r[bar]), 0, `${panels[i]} overlaps ${bar}`);
    }
  }
  const wl = r['panel.worklist'], doc = r['panel.document'], codes = r['panel.codes'], fnd = r['panel.findings'];
  const menu = r.menubar, status = r.statusbar, search = r.search;
  // Left to right: worklist, document, codes; findings below all three; the document panel is the widest.
  assert.ok(wl.x + wl.w <= doc.x + eps, 'worklist is left of document');
  assert.ok(doc.x + doc.w <= codes.x + eps, 'document is left of codes');
  assert.ok(doc.w > wl.w && doc.w > codes.w, 'the document panel is the widest');
  for (const top of [wl, doc, codes]) {
    assert.ok(top.y >= menu.y + menu.h - eps, 'top panels are below the menu bar');
    assert.ok(fnd.y >= top.y + top.h - eps, 'findings is below the top panels');
  }
  assert.ok(fnd.x <= wl.x + eps && fnd.x + fnd.w >= codes.x + codes.w - eps, 'findings spans the width of the three panels');
  // The workspace uses the window: no big empty margins.
  assert.ok(wl.x < 12 * dpr && W - (codes.x + codes.w) < 12 * dpr, 'panels reach the window sides');
  // Menu bar on top across the window, status bar at the very bottom across the window, below findings.
  assert.ok(menu.y <= eps && menu.w >= W - eps, `menu bar at the top, full width: ${JSON.stringify(menu)}`);
  assert.ok(Math.abs(status.y + status.h - H) <= 1 && status.w >= W - eps,
            `status bar at the bottom, full width: ${JSON.stringify(status)}`);
  assert.ok(status.y >= fnd.y + fnd.h - eps, 'status bar is below findings');
  // Search box in the menu bar, at its right end; the save indicator in the status bar.
  assert.ok(search.y >= menu.y - eps && search.y + search.h <= menu.y + menu.h + eps, 'search box is in the menu bar');
  assert.ok(search.x > W / 2, 'search box is on the right');
  const save = r['status.save'];
  assert.ok(save.y >= status.y - eps && save.y + save.h <= status.y + status.h + eps, 'save indicator is in the status bar');
  // The note editor and the encounter fields are inside the document panel.
  for (const name of ['editor.note', 'field.patient_label', 'field.date_of_service', 'button.open_file']) {
    const q = r[name];
    assert.ok(q.x >= doc.x - eps && q.y >= doc.y - eps && q.x + q.w <= doc.x + doc.w + eps && q.y + q.h <= doc.y + doc.h + eps,
              `${name} ${JSON.stringify(q)} is inside the document panel ${JSON.stringify(doc)}`);
  }
  assert.ok(r['editor.note'].h > doc.h / 2, 'the note editor takes most of the document panel');
  // Text is rasterised for the ratio (crisp): font size scales with dpr.
  assert.ok(p.font_size >= 12 * dpr && p.font_size <= 20 * dpr, `font_size ${p.font_size} at dpr ${dpr}`);
}

// An encounter with a realistic note open, the quickest way (frames are slow in software WebGL, much slower at dpr 2):
// a note file dropped on the page becomes a new encounter labelled with the file name.
async function openShellWithNote(t, dpr) {
  const session = await startApp(t, { dpr });
  await session.app.dropFile('Doe, Jane.txt', Buffer.from(REALISTIC_NOTE, 'utf8'));
  const p = await session.app.waitFor((q) => q.draft.note_text === REALISTIC_NOTE && q.rects['editor.note'],
                                      'the dropped note to be open');
  assert.equal(p.draft.patient_label, 'Doe, Jane', summarize(p));
  await session.app.waitSaved();
  // The status bar shows start-up work (the search index, the claim rules) while it runs: compare layouts after it.
  await session.app.waitFor((q) => q.code_sets_loaded && q.search.ready && q.scrub.ready,
                            'start-up work (code sets, search index, claim rules)', 60000);
  await session.app.frames(2);
  return session;
}

// The dpr 1 probe, kept for the dpr 2 comparison when the dpr 1 test ran first in this file (else it is re-made).
let dpr1Probe = null;

test('shell layout at devicePixelRatio 1 (screenshot shell-dpr1.png)', { timeout: TIMEOUT }, async (t) => {
  const { app } = await openShellWithNote(t, 1);
  const p = await app.probe();
  checkLayout(p, 1);
  console.log('screenshot: ' + await app.screenshot('shell-dpr1.png'));
  assert.equal(app.hasErrors(), false, app.errorSummary());
  dpr1Probe = p;
});

test('shell layout at devicePixelRatio 2: display doubled, rects about twice the dpr 1 ones (screenshot shell-dpr2.png)',
     { timeout: 2 * TIMEOUT }, async (t) => {
  const { app } = await openShellWithNote(t, 2);
  const p2 = await app.probe();
  checkLayout(p2, 2);
  console.log('screenshot: ' + await app.screenshot('shell-dpr2.png'));
  assert.equal(app.hasErrors(), false, app.errorSummary());
  await app.close();

  let p1 = dpr1Probe;
  if (!p1) p1 = await (await openShellWithNote(t, 1)).app.probe();
  assert.equal(p2.font_size, 2 * p1.font_size, 'font rasterised at twice the size');
  for (const name of [...SHELL_RECTS, 'editor.note', 'field.patient_label', 'field.date_of_service']) {
    const a = p1.rects[name], b = p2.rects[name];
    for (const k of ['x', 'y', 'w', 'h']) {
      const tol = Math.max(4, 0.03 * 2 * a[k]);
      assert.ok(Math.abs(b[k] - 2 * a[k]) <= tol,
                `${name}.${k}: dpr 2 has ${b[k]}, dpr 1 has ${a[k]} (expected about ${2 * a[k]} +- ${tol.toFixed(1)})`);
    }
  }
});
