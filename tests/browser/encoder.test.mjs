// encoder.test.mjs: the encoder in headless Chromium, keyboard only: Ctrl+K, words typed, Down to a result, Enter
// assigns it to the open encounter (Codes panel), saved across a reload; a code that needs a 7th character opens the
// builder; a CPT code becomes a service line; Alt+Up resequences and Delete removes in the Codes panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, summarize, assertNoPageErrors } from './harness.mjs';

const TIMEOUT = 120000;

test('type, arrow down, Enter: the code is assigned to the encounter, shown in the Codes panel and saved', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  await app.waitFor((q) => q.code_sets_loaded, 'the code-set pack', 20000);
  await app.newEncounter();

  await app.press('Control+K');
  await app.type('type 2 diabetes neuropathy');
  let p = await app.waitFor((q) => q.search.ready && q.search.rows.some((r) => r.code === 'E11.40'),
                            'E11.40 among the results', 30000);
  console.log(`search index built in ${p.search.index_build_ms.toFixed(0)} ms (wasm, on the main thread)`);
  const target = p.search.rows.findIndex((r) => r.code === 'E11.40');
  assert.ok(target >= 0 && target < 5, summarize(p));
  assert.equal(p.search.selection, 0);
  assert.ok((await app.rect('search.row.0')).h > 0, 'the results are drawn');
  for (let i = 0; i < target; ++i) await app.press('ArrowDown');
  p = await app.waitFor((q) => q.search.selection === target, `the selection on row ${target}`);
  console.log('screenshot: ' + await app.screenshot('encoder-results.png'));
  await app.press('Enter');
  p = await app.waitFor((q) => q.coding.diagnoses.includes('E11.40'), 'E11.40 assigned');
  assert.match(p.status.text, /^Assigned E11.40 as diagnosis 1\./);
  assert.equal(p.detail.code, 'E11.40');
  assert.equal(p.focused_panel, 'codes', 'focus moves to the Codes panel');
  assert.ok((await app.rect('codes.dx.0')).h > 0, 'the diagnosis is drawn in the Codes panel');

  // A code needing a 7th character: the builder opens, typing the character assigns the full code.
  await app.press('Control+K');
  await app.type('s72.001');
  await app.waitFor((q) => q.search.rows.length && q.search.rows[0].code === 'S72.001', 'S72.001 first');
  await app.press('Enter');
  p = await app.waitFor((q) => q.search.seventh_builder && q.search.seventh_builder.code === 'S72.001', 'the builder');
  assert.ok(p.search.seventh_builder.options >= 10);
  console.log('screenshot: ' + await app.screenshot('encoder-seventh.png'));
  await app.type('a');
  p = await app.waitFor((q) => q.coding.diagnoses.includes('S72.001A'), 'S72.001A assigned');
  assert.equal(p.search.seventh_builder, undefined);

  // A CPT code: a service line pointing at the primary diagnosis.
  await app.press('Control+K');
  await app.type('99213');
  await app.waitFor((q) => q.search.rows.length && q.search.rows[0].code === '99213', '99213 first');
  await app.press('Enter');
  p = await app.waitFor((q) => q.coding.services.length === 1, 'the service line');
  assert.deepEqual(p.coding.services[0], { code: '99213', modifiers: [], units: 1, charge: '', date_of_service: '', pointers: [1] });

  // In the Codes panel: select S72.001A, move it up to primary; the service's pointer follows E11.40 (now 2).
  await app.click('codes.dx.1');
  await app.press('Alt+ArrowUp');
  p = await app.waitFor((q) => q.coding.diagnoses[0] === 'S72.001A', 'S72.001A moved up');
  assert.deepEqual(p.coding.services[0].pointers, [2]);
  console.log('screenshot: ' + await app.screenshot('encoder-codes.png'));
  await app.waitSaved();

  await app.reload();
  p = await app.waitFor((q) => q.coding.diagnoses.length === 2, 'the codes after a reload', 20000);
  assert.deepEqual(p.coding.diagnoses, ['S72.001A', 'E11.40']);
  assert.equal(p.coding.services[0].code, '99213');

  // Delete removes the selected code.
  await app.click('codes.dx.1');
  await app.press('Delete');
  p = await app.waitFor((q) => q.coding.diagnoses.length === 1, 'E11.40 removed');
  assert.deepEqual(p.coding.diagnoses, ['S72.001A']);
  assert.match(p.status.text, /^Removed E11.40/);

  // An empty search box lists the codes used recently.
  await app.press('Control+K');
  p = await app.waitFor((q) => q.search.rows.length >= 3 && q.search.rows[0].group === 'Recent', 'recent codes');
  assert.ok(p.search.rows.some((r) => r.code === 'S72.001A'), summarize(p));
  await app.press('Escape');
  assertNoPageErrors(assert, app);
});
