// files.test.mjs: opening local files through the file chooser (Ctrl+O and the 'Open file...' button) and by
// dropping them on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, assertNoPageErrors, bigNote, REALISTIC_NOTE, summarize } from './harness.mjs';

const TIMEOUT = 60000;

test('a 50 KB CRLF text file chosen with Ctrl+O opens as a new encounter with LF line ends', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  const text = bigNote(50 * 1024);  // LF
  const crlf = Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
  assert.ok(crlf.length >= 50 * 1024 && crlf.includes('\r\n'));

  const chooser = app.page.waitForEvent('filechooser', { timeout: 10000 });
  await app.page.keyboard.press('Control+O');
  const fc = await chooser;
  await fc.setFiles({ name: 'clinic-note.txt', mimeType: 'text/plain', buffer: crlf });

  let p = await app.waitFor((q) => q.encounters.length === 1 && q.draft.note_text.length > 0, 'the file to open', 15000);
  assert.ok(!p.draft.note_text.includes('\r'), 'no CR left in the note');
  assert.ok(p.draft.note_text === text, `note differs from the file with LF line ends: ${p.draft.note_text.length} vs ` +
            `${text.length} chars`);
  assert.equal(p.encounters[0].patient_label, 'clinic-note', 'labelled with the file name without extension');
  assert.equal(p.selected_id, p.encounters[0].id);
  assert.equal(p.status.severity, 'i', JSON.stringify(p.status));
  assert.match(p.status.text, /clinic-note\.txt/);
  p = await app.waitSaved();
  assert.equal(p.encounters[0].note_bytes, Buffer.byteLength(text), 'the whole note was saved');
  assertNoPageErrors(assert, app);
});

test('a binary file chosen with the Open file button is refused with an error naming it, changing nothing',
     { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  await app.newEncounter();
  await app.paste('Existing note — keep me.');
  await app.waitFor((q) => q.draft.note_text === 'Existing note — keep me.', 'the pasted note');
  await app.press('Control+S');
  const before = await app.waitSaved();

  const binary = Buffer.concat([Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1'), Buffer.alloc(64, 0),
                                Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])]);
  const chooser = app.page.waitForEvent('filechooser', { timeout: 10000 });
  await app.click('button.open_file');
  const fc = await chooser;
  await fc.setFiles({ name: 'scan-0042.pdf', mimeType: 'application/pdf', buffer: binary });

  const p = await app.waitFor((q) => q.status.severity === 'E', 'an error in the status bar', 10000);
  assert.match(p.status.text, /scan-0042\.pdf/, 'the error names the file');
  assert.deepEqual(p.encounters, before.encounters, 'no encounter added or changed');
  assert.equal(p.selected_id, before.selected_id);
  assert.deepEqual(p.draft, before.draft, 'the open note is unchanged');
  assert.equal(p.committed_revision, before.committed_revision, 'nothing was written');
  assertNoPageErrors(assert, app);
});

test('text files dropped on the page open: into a new encounter each time the open one has a note',
     { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  await app.dropFile('visit-2024-03-01.txt', Buffer.from(REALISTIC_NOTE, 'utf8'));
  let p = await app.waitFor((q) => q.encounters.length === 1 && q.draft.note_text === REALISTIC_NOTE,
                            'the dropped file to open');
  assert.equal(p.draft.patient_label, 'visit-2024-03-01');
  const firstId = p.selected_id;

  const second = 'Follow-up: glucose log reviewed.\r\nFeet: no ulcers.\r\n';
  await app.dropFile('follow-up.md', Buffer.from(second, 'utf8'), 'text/markdown');
  p = await app.waitFor((q) => q.encounters.length === 2, 'the second dropped file to open', 10000);
  assert.notEqual(p.selected_id, firstId, 'a new encounter is open');
  assert.equal(p.draft.patient_label, 'follow-up');
  assert.equal(p.draft.note_text, 'Follow-up: glucose log reviewed.\nFeet: no ulcers.\n');
  const first = p.encounters.find((e) => e.id === firstId);
  assert.equal(first.note_bytes, Buffer.byteLength(REALISTIC_NOTE), 'the first encounter keeps its note: ' + summarize(p));
  await app.waitSaved();
  assertNoPageErrors(assert, app);
});
