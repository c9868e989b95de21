// storage.test.mjs: work survives a reload and a browser restart (IndexedDB via IDBFS), a damaged database is kept
// aside and replaced, and the theme setting persists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, assertNoPageErrors, summarize } from './harness.mjs';

const TIMEOUT = 60000;

test('an encounter entered in the UI survives a reload and a browser restart', { timeout: 2 * TIMEOUT }, async (t) => {
  const session = await startApp(t);
  let app = session.app;
  const label = 'Lee, Al';
  const dos = '2024-02-29';
  const note = 'Knee pain.\nOK';

  await app.newEncounter();
  await app.click('field.patient_label');
  await app.type(label);
  await app.waitFor((q) => q.draft.patient_label === label, 'the typed patient label');
  await app.click('field.date_of_service');
  await app.press('Control+A');
  await app.type(dos);
  await app.waitFor((q) => q.draft.date_of_service === dos, 'the typed date of service');
  await app.click('editor.note');
  await app.type(note);
  await app.waitFor((q) => q.draft.note_text === note, 'the typed note (Enter gives a new line)');
  await app.press('Control+S');
  let p = await app.waitSaved();
  const id = p.selected_id;

  const check = (q, when) => {
    assert.equal(q.encounters.length, 1, `${when}: ${summarize(q)}`);
    assert.deepEqual({ ...q.encounters[0], status: undefined },
                     { id, patient_label: label, date_of_service: dos, note_bytes: Buffer.byteLength(note), status: undefined },
                     `${when}: the worklist row`);
    assert.equal(q.selected_id, id, `${when}: the encounter is open`);
    assert.deepEqual(q.draft, { patient_label: label, date_of_service: dos, note_text: note, dirty: false }, `${when}: the draft`);
    assert.equal(q.save_state, 'Saved', when);
  };

  await app.reload();
  check(await app.probe(), 'after reload');
  assertNoPageErrors(assert, app);

  app = await session.relaunch();
  p = await app.probe();
  check(p, 'after a browser restart');
  assertNoPageErrors(assert, app);
});

test('a damaged database is kept aside and a new one started; new work is saved', { timeout: 2 * TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  await app.newEncounter();
  await app.waitSaved();

  // Damage the database file in IndexedDB, as a broken disk or an interrupted write might.
  const garbage = Array.from({ length: 8192 }, (_, i) => (i * 131 + 7) & 0xff);
  await app.page.evaluate(async (bytes) => {
    FS.writeFile('/data/medcode.db', new Uint8Array(bytes));
    await new Promise((resolve, reject) => FS.syncfs(false, (err) => (err ? reject(err) : resolve())));
  }, garbage);
  await app.reload();

  let p = await app.probe();
  assert.equal(p.store_ready, true);
  const recovered = p.findings.find((f) => f.rule === 'storage.recovered');
  assert.ok(recovered, 'a storage.recovered finding: ' + JSON.stringify(p.findings));
  assert.equal(recovered.severity, 'W');
  assert.equal(p.status.severity, 'W', JSON.stringify(p.status));
  const m = /\/data\/medcode\.db\.damaged-\d+/.exec(p.status.text);
  assert.ok(m, 'the status names the kept .damaged- file: ' + p.status.text);
  assert.deepEqual(p.encounters, [], 'a new, empty database');
  assert.notEqual(p.save_state, 'Not saving (see Findings)');
  // The damaged file is kept byte for byte.
  const kept = await app.page.evaluate((path) => Array.from(FS.readFile(path)), m[0]);
  assert.deepEqual(kept, garbage, 'the kept file is the damaged database, unchanged');

  // The app is usable: a new encounter is created and saved, and is there after a reload.
  await app.newEncounter();
  await app.type('OK 2');
  await app.waitFor((q) => q.draft.note_text === 'OK 2', 'the typed note');
  await app.press('Control+S');
  p = await app.waitSaved();
  assert.equal(p.encounters.length, 1);
  await app.reload();
  p = await app.probe();
  assert.equal(p.encounters.length, 1, summarize(p));
  assert.equal(p.draft.note_text, 'OK 2');
  assert.equal(p.findings.some((f) => f.rule.startsWith('storage.')), false, 'no storage problem after recovery');
  const files = await app.page.evaluate(() => FS.readdir('/data'));
  assert.ok(files.includes(m[0].slice('/data/'.length)), 'the damaged file is still kept: ' + files.join(', '));
  assert.deepEqual(app.pageErrors, [], app.errorSummary());
});

test('View > Dark theme switches the theme and it survives a reload', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  let p = await app.probe();
  assert.equal(p.theme, 'light');

  await app.chooseMenuItem('view', 'dark_theme');
  p = await app.waitFor((q) => q.theme === 'dark', 'the dark theme');
  assert.equal(await app.page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'the page follows');
  await app.waitSaved();

  await app.reload();
  p = await app.probe();
  assert.equal(p.theme, 'dark', 'dark after reload');
  assert.equal(await app.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assertNoPageErrors(assert, app);
});
