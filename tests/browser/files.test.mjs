// files.test.mjs: opening local files through the file chooser (Ctrl+O and the 'Open file...' button) and by
// dropping them on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, assertNoPageErrors, bigNote, summarize } from './harness.mjs';

const TIMEOUT = 60000;

// One flow, three ways in: Ctrl+O with a large CRLF text file, the 'Open file...' button with a binary file, and a
// drop on the page. Each step checks its own result (the message says which step failed).
test('files: a chosen 50 KB CRLF text file opens with LF; a binary file is refused; a dropped file opens',
     { timeout: 2 * TIMEOUT }, async (t) => {
  const { app } = await startApp(t);

  // 1. Ctrl+O -> file chooser -> a 50 KB text file with CRLF line ends: a new encounter labelled with the file name.
  const text = bigNote(50 * 1024);  // LF
  const crlf = Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
  assert.ok(crlf.length >= 50 * 1024 && crlf.includes('\r\n'));
  let chooser = app.page.waitForEvent('filechooser', { timeout: 10000 });
  await app.page.keyboard.press('Control+O');
  let fc = await chooser;
  await fc.setFiles({ name: 'clinic-note.txt', mimeType: 'text/plain', buffer: crlf });

  let p = await app.waitFor((q) => q.encounters.length === 1 && q.draft.note_text.length > 0, 'the chosen file to open', 15000);
  assert.ok(!p.draft.note_text.includes('\r'), 'no CR left in the note');
  assert.ok(p.draft.note_text === text, `note differs from the file with LF line ends: ${p.draft.note_text.length} vs ` +
            `${text.length} chars`);
  assert.equal(p.encounters[0].patient_label, 'clinic-note', 'labelled with the file name without extension');
  assert.equal(p.selected_id, p.encounters[0].id);
  assert.equal(p.status.severity, 'i', JSON.stringify(p.status));
  assert.match(p.status.text, /clinic-note\.txt/);
  p = await app.waitSaved();
  assert.equal(p.encounters[0].note_bytes, Buffer.byteLength(text), 'the whole note was saved');
  const before = p;

  // 2. The 'Open file...' button -> a binary file (NUL bytes): an error naming the file, nothing changed.
  const binary = Buffer.concat([Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1'), Buffer.alloc(64, 0),
                                Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])]);
  chooser = app.page.waitForEvent('filechooser', { timeout: 10000 });
  await app.click('button.open_file');
  fc = await chooser;
  await fc.setFiles({ name: 'scan-0042.pdf', mimeType: 'application/pdf', buffer: binary });
  p = await app.waitFor((q) => q.status.severity === 'E', 'an error in the status bar for the binary file', 10000);
  assert.match(p.status.text, /scan-0042\.pdf/, 'the error names the file');
  assert.deepEqual(p.encounters, before.encounters, 'binary file: no encounter added or changed');
  assert.equal(p.selected_id, before.selected_id);
  assert.deepEqual(p.draft, before.draft, 'binary file: the open note is unchanged');
  assert.equal(p.committed_revision, before.committed_revision, 'binary file: nothing was written');

  // 3. A text file dropped on the page while the open encounter has a note: a new encounter labelled with its name.
  const dropped = 'Follow-up: glucose log reviewed.\r\nFeet: no ulcers — monofilament intact.\r\n';
  await app.dropFile('follow-up.md', Buffer.from(dropped, 'utf8'), 'text/markdown');
  p = await app.waitFor((q) => q.encounters.length === 2, 'the dropped file to open', 10000);
  assert.notEqual(p.selected_id, before.selected_id, 'a new encounter is open');
  assert.equal(p.draft.patient_label, 'follow-up');
  assert.equal(p.draft.note_text, 'Follow-up: glucose log reviewed.\nFeet: no ulcers — monofilament intact.\n');
  assert.match(p.status.text, /follow-up\.md/);
  const first = p.encounters.find((e) => e.id === before.selected_id);
  assert.equal(first.note_bytes, Buffer.byteLength(text), 'the first encounter keeps its note: ' + summarize(p));
  await app.waitSaved();
  assertNoPageErrors(assert, app);
});
