// codesets.test.mjs: the code-set pack in the browser: fetched and opened at start (the status bar names its
// editions), a code typed into the search box shows its description, hierarchy and validity on the encounter's
// date of service, and a missing pack becomes a finding instead of a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, summarize } from './harness.mjs';

const TIMEOUT = 60000;

test('the pack loads and a typed code shows its description and validity on the date of service', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  let p = await app.waitFor((q) => q.code_sets_loaded, 'the code-set pack', 20000);
  assert.match(p.code_sets, /^Code sets: ICD-10-CM FY2024-FY2026/);
  const ms = await app.page.evaluate(() => [window.Medcode.codeSetsLoadMs, window.Medcode.codeSetsBytes]);
  console.log(`code-set pack: ${ms[1]} bytes fetched and opened in ${ms[0].toFixed(0)} ms`);

  await app.newEncounter();
  await app.click('field.date_of_service');
  await app.press('Control+A');
  await app.type('03/04/2025');
  await app.press('Tab');
  await app.waitFor((q) => q.draft.date_of_service === '03/04/2025' || q.draft.date_of_service === '2025-03-04', 'the DOS');
  await app.press('Control+K');
  await app.type('e119');
  p = await app.waitFor((q) => q.search.rows.length && q.search.rows[0].code === 'E11.9', 'the lookup of e119', 20000);
  assert.equal(p.search.rows[0].description, 'Type 2 diabetes mellitus without complications');
  assert.ok(p.search.rows[0].badges.includes('Billable'), summarize(p));
  const r = p.search.preview;
  assert.equal(r.code, 'E11.9');
  assert.match(r.breadcrumb[0], /^Chapter 4 {2}Endocrine/);
  assert.equal(r.billable_at_dos, true, summarize(p));
  assert.match(r.at_date_of_service, /FY2025/);
  assert.ok((await app.rect('search.results')).h > 0);

  await app.press('Backspace');  // "e11": a header
  p = await app.waitFor((q) => q.search.preview && q.search.preview.code === 'E11', 'the lookup of e11');
  assert.equal(p.search.preview.billable_at_dos, false);
  assert.ok(p.search.preview.children >= 9);
  assert.ok(p.search.rows[0].badges.includes('Header'), summarize(p));
});

test('a pack that cannot be fetched becomes a finding; the app keeps working', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t, { goto: false });
  await app.page.route('**/codesets.pack', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await app.open();
  const p = await app.waitFor((q) => q.findings.some((f) => f.rule === 'codesets.unavailable'), 'the finding', 20000);
  assert.equal(p.code_sets_loaded, false);
  assert.equal(p.code_sets, 'Code sets: not loaded (see Findings)');
  await app.newEncounter();
  await app.type('still works');
  await app.waitFor((q) => q.draft.note_text === 'still works', 'typing without code sets');
});

test('Enter opens the code detail; a licensed CPT file is imported, shown after a reload, and removed', { timeout: 2 * TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  await app.waitFor((q) => q.code_sets_loaded, 'the code-set pack', 20000);
  await app.newEncounter();

  // ICD-10-CM: Enter in the search box assigns the code and shows it in the Codes panel, keyboard only.
  await app.press('Control+K');
  await app.type('e119');
  await app.waitFor((q) => q.search.rows.length && q.search.rows[0].code === 'E11.9', 'the lookup of e119', 20000);
  await app.press('Enter');
  let p = await app.waitFor((q) => q.detail && q.detail.code === 'E11.9', 'E11.9 in the code detail');
  assert.equal(p.detail.kind, 'ICD-10-CM');
  assert.ok(p.detail.badges.includes('Billable'), summarize(p));
  assert.ok((await app.rect('detail.code')).w > 0, 'the detail is drawn in the Codes panel');
  assert.ok(p.detail.badges.includes('HCC 38 (V28)'), summarize(p));
  const excludes = p.detail.notes.find((n) => n.kind === 'Excludes1' && /type 1 diabetes/.test(n.text));
  assert.ok(excludes && excludes.from === 'E11' && excludes.links.includes('E10'), JSON.stringify(p.detail.notes));
  console.log('screenshot: ' + await app.screenshot('code-detail-e119.png'));
  // The excluded code opens with a click; Alt+Left goes back.
  await app.scrollIntoView('detail.link.E10', 'panel.codes');
  await app.click('detail.link.E10');
  p = await app.waitFor((q) => q.detail && q.detail.code === 'E10', 'E10 opened from the Excludes1 note');
  assert.equal(p.detail.can_go_back, true);
  await app.press('Alt+ArrowLeft');
  await app.waitFor((q) => q.detail && q.detail.code === 'E11.9', 'back to E11.9 with Alt+Left');

  // CPT: the number only (AMA licence) until the user imports a file they hold a licence for.
  await app.press('Control+K');
  await app.press('Control+A');
  await app.type('99213');
  await app.waitFor((q) => q.search.rows.length && q.search.rows[0].code === '99213', 'the lookup of 99213');
  await app.press('Enter');
  p = await app.waitFor((q) => q.detail && q.detail.code === '99213', '99213 in the code detail');
  assert.equal(p.detail.kind, 'CPT');
  assert.match(p.detail.description, /AMA/);
  assert.equal(p.detail.can_go_back, true);
  assert.ok(p.detail.facts.some((f) => f.label === 'MUE practitioner' && /^2 units, MAI 3/.test(f.value)), summarize(p));

  const chooser = app.page.waitForEvent('filechooser', { timeout: 10000 });
  await app.chooseMenuItem('file', 'import_cpt');
  const fc = await chooser;
  // Made-up text: real CPT descriptors are © AMA and never appear in the repository.
  await fc.setFiles({ name: 'our-cpt-licence.txt', mimeType: 'text/plain',
                      buffer: Buffer.from('CPT Code\tLong Descriptor\r\n99213\tClinic licensed text for 99213\r\n') });
  p = await app.waitFor((q) => q.detail && q.detail.description === 'Clinic licensed text for 99213', 'the imported descriptor', 10000);
  assert.equal(p.cpt_descriptors, 1);
  assert.match(p.status.text, /Imported 1 CPT descriptors/);
  console.log('screenshot: ' + await app.screenshot('code-detail-cpt.png'));
  await app.waitSaved();

  await app.reload();
  await app.waitFor((q) => q.code_sets_loaded && q.cpt_descriptors === 1, 'the import after a reload', 20000);
  await app.press('Control+K');
  await app.type('99213');
  p = await app.waitFor((q) => q.search.rows.length && q.search.rows[0].description === 'Clinic licensed text for 99213',
                        'the imported descriptor in the search box', 20000);
  await app.press('Escape');

  await app.chooseMenuItem('file', 'remove_cpt');
  await app.waitFor((q) => q.rects['menuitem.remove_cpt_yes'], 'the confirmation item');
  await app.click('menuitem.remove_cpt_yes');
  p = await app.waitFor((q) => q.cpt_descriptors === 0, 'the descriptors removed');
  assert.match(p.status.text, /removed/);
});
