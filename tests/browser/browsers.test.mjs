// browsers.test.mjs: the index browser (Ctrl+I) and the tabular browser (Alt+T) in Chromium, keyboard only: a main
// term typed, an arrow to a code, Enter, and the code is in the Code detail; the tabular opens at the code shown,
// expanded down to it with its notes, and a note's code link moves it. Screenshots of both windows go to ARTIFACTS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, summarize, assertNoPageErrors } from './harness.mjs';

const TIMEOUT = 90000;

test('index browser: Ctrl+I, type a main term, arrow to a code, Enter shows it in the Code detail; Esc closes', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  await app.waitFor((q) => q.code_sets_loaded, 'the code-set pack', 20000);
  await app.newEncounter();

  await app.press('Control+I');
  let p = await app.waitFor((q) => q.browsers.index.open && q.rects['index.window'] && q.rects['index.filter'],
                            'the index browser to open');
  await app.type('appendicitis');
  p = await app.waitFor((q) => q.browsers.index.filter === 'appendicitis' && q.browsers.index.rows > 0,
                        'the filter to list Appendicitis');
  assert.equal(p.browsers.index.first_rows[0].term, 'Appendicitis', summarize(p));

  // Down into the list (the only match is open already), Right to its first subterm, Down to one with a code.
  await app.press('ArrowDown');
  p = await app.waitFor((q) => q.browsers.index.selected_row === 0 && q.browsers.index.tree_keys, 'the first row selected');
  assert.equal(p.browsers.index.selected_code, 'K37');
  assert.equal(p.browsers.index.selected.expanded, true);
  await app.press('ArrowRight');
  p = await app.waitFor((q) => q.browsers.index.selected_row === 1, 'Right to the first subterm');
  let code = '';
  for (let i = 0; i < 12 && !code; ++i) {
    const row = p.browsers.index.selected_row;
    await app.press('ArrowDown');
    p = await app.waitFor((q) => q.browsers.index.selected_row === row + 1, `row ${row + 1}`);
    if (p.browsers.index.selected.depth >= 1) code = p.browsers.index.selected_code;
  }
  assert.ok(code && code !== 'K37', `a subterm with a code: ${summarize(p)}`);
  console.log(`index: ${p.browsers.index.selected.term} -> ${code}`);
  console.log('screenshot: ' + await app.screenshot('index-browser.png'));
  await app.press('Enter');
  p = await app.waitFor((q) => q.detail && q.detail.code === code, `${code} in the Code detail`);
  assert.equal(p.browsers.index.open, true, 'the browser stays open for the next code');
  assert.ok(p.coding.diagnoses.includes(code), `Enter assigns ${code}: ${summarize(p)}`);

  // The Drug Table: rows with their six code columns; Tab moves to the next printed column, Enter takes it.
  await app.click('index.tree.3');
  p = await app.waitFor((q) => q.browsers.index.tree === 'Drug Table', 'the Drug Table');
  await app.frames(2);
  await app.type('aspirin');
  p = await app.waitFor((q) => q.browsers.index.filter === 'aspirin' && q.browsers.index.rows > 0, 'aspirin listed');
  await app.press('ArrowDown');
  p = await app.waitFor((q) => q.browsers.index.selected_row === 0 && q.browsers.index.selected_column === 1, 'Aspirin, column 1');
  assert.equal(p.browsers.index.selected.term, 'Aspirin');
  await app.press('Tab');
  await app.press('Tab');
  await app.press('Tab');
  await app.press('Tab');
  p = await app.waitFor((q) => q.browsers.index.selected_column === 5, 'the adverse-effect column');
  const adverse = p.browsers.index.selected_code;
  assert.match(adverse, /^T39\.015/);
  console.log('screenshot: ' + await app.screenshot('index-browser-drug-table.png'));
  await app.press('Enter');
  await app.waitFor((q) => q.detail && q.detail.code.startsWith('T39.015'), `${adverse} in the Code detail`);
  // The table prints T39.015 without its 7th character: the 7th-character builder asks for it.
  await app.waitFor((q) => q.search.seventh_builder && q.search.seventh_builder.code === 'T39.015', 'the builder');
  await app.type('a');
  p = await app.waitFor((q) => q.coding.diagnoses.includes('T39.015A'), 'T39.015A assigned');
  assert.equal(p.browsers.index.open, true);

  // Esc closes it and the keyboard goes back to the Document.
  await app.press('Escape');
  p = await app.waitFor((q) => !q.browsers.index.open && !q.rects['index.window'], 'the index browser to close');
  assert.equal(p.focused_panel, 'document', summarize(p));
  assertNoPageErrors(assert, app);
});

test('tabular browser: Alt+T opens at the code shown, expanded with every level\'s notes; links move it', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  await app.waitFor((q) => q.code_sets_loaded, 'the code-set pack', 20000);
  await app.newEncounter();
  await app.press('Control+K');
  await app.type('e1142');
  await app.waitFor((q) => q.search.rows.length && q.search.rows[0].code === 'E11.42', 'the lookup of e1142', 20000);
  await app.press('Enter');
  await app.waitFor((q) => q.detail && q.detail.code === 'E11.42', 'E11.42 in the Code detail');

  await app.press('Alt+T');
  let p = await app.waitFor((q) => q.browsers.tabular.open && q.rects['tabular.selected'] &&
                                   q.browsers.tabular.selected_code === 'E11.42', 'the tabular at E11.42');
  assert.deepEqual(p.browsers.tabular.path, ['4', 'E08-E13', 'E11', 'E11.4', 'E11.42']);
  assert.equal(p.browsers.tabular.selected.status, 'Billable');
  assert.ok(p.browsers.tabular.selected.notes.some((n) => n.kind === 'Inclusion terms' && /neuralgia/.test(n.text)),
            JSON.stringify(p.browsers.tabular.selected));
  const rows = p.rects['tabular.rows'], sel = p.rects['tabular.selected'];
  assert.ok(sel.y >= rows.y && sel.y + sel.h <= rows.y + rows.h, 'the code is scrolled into view');
  // Every level above is drawn open: the chapter's, the category's notes with their links.
  for (const name of ['tabular.row.4', 'tabular.row.E08-E13', 'tabular.row.E11', 'tabular.row.E11.4', 'tabular.link.E11.E10', 'tabular.link.E11.Z79.4']) {
    assert.ok(p.rects[name], `${name} drawn; has ${Object.keys(p.rects).filter((k) => k.startsWith('tabular')).join(', ')}`);
  }
  console.log('screenshot: ' + await app.screenshot('tabular-browser.png'));

  await app.press('ArrowUp');
  await app.waitFor((q) => q.browsers.tabular.selected_code === 'E11.41', 'Up to E11.41');
  await app.press('Enter');
  await app.waitFor((q) => q.detail && q.detail.code === 'E11.41', 'E11.41 in the Code detail');

  // A code named in E11's Excludes1 moves the browser there; Backspace comes back.
  await app.scrollIntoView('tabular.link.E11.E10', 'tabular.rows');
  await app.click('tabular.link.E11.E10');
  p = await app.waitFor((q) => q.browsers.tabular.selected_code === 'E10', 'the tabular at E10');
  assert.deepEqual(p.browsers.tabular.path, ['4', 'E08-E13', 'E10']);
  await app.press('Backspace');
  await app.waitFor((q) => q.browsers.tabular.selected_code === 'E11.41', 'Back to E11.41');

  // Ctrl+I from here opens the index at the tabular's code, with the entries that lead to it.
  await app.press('Control+I');
  p = await app.waitFor((q) => q.browsers.index.open && q.browsers.index.code === 'E11.41' &&
                               q.browsers.index.selected && q.browsers.index.selected.target, 'the index at E11.41');
  console.log(`index entries for E11.41: ${p.browsers.index.message}`);
  console.log('screenshot: ' + await app.screenshot('index-browser-at-code.png'));
  await app.press('Escape');
  await app.waitFor((q) => !q.browsers.index.open && q.browsers.tabular.open, 'the index closed, the tabular still open');
  await app.press('Escape');
  await app.waitFor((q) => !q.browsers.tabular.open, 'the tabular closed');
  assertNoPageErrors(assert, app);
});
