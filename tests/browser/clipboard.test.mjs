// clipboard.test.mjs: real paste events (system clipboard + Ctrl+V) into the note editor and into no field, and
// copying the note out (Ctrl+A, Ctrl+C -> system clipboard).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, assertNoPageErrors, bigNote, REALISTIC_NOTE, summarize } from './harness.mjs';

const TIMEOUT = 60000;

// Two ways a paste lands: with no text field focused (the text goes into the note), and a 50 KB paste into the
// focused note editor, which must arrive whole and stay editable.
test('paste: into no field it goes into the note; a 50 KB paste into the editor arrives whole and stays editable',
     { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  let p = await app.probe();
  assert.equal(p.want_text_input, false);
  assert.deepEqual(p.encounters, []);

  // 1. No field focused. Nothing open: a new encounter 'Pasted note' takes the text.
  const first = 'Chief complaint:\tcough × 5 days — febrile 38.2 °C\nLungs: crackles R base.';
  await app.paste(first);
  p = await app.waitFor((q) => q.encounters.length === 1 && q.draft.note_text === first, 'the pasted note in a new encounter');
  assert.equal(p.encounters[0].patient_label, 'Pasted note');
  assert.equal(p.selected_id, p.encounters[0].id);
  assert.equal(p.status.severity, 'i', JSON.stringify(p.status));
  assert.match(p.status.text, /Pasted/);

  // An encounter is open and no field is focused: the text is appended on a new line.
  p = await app.probe();
  assert.equal(p.want_text_input, false, 'still no field focused');
  const second = 'Plan: CXR, amoxicillin 1 g TID — réévaluer in 48 h.';
  await app.paste(second);
  p = await app.waitFor((q) => q.draft.note_text.length > first.length, 'the second paste');
  assert.equal(p.draft.note_text, first + '\n' + second);
  assert.equal(p.encounters.length, 1, 'no second encounter');

  // 2. A 50 KB note (non-ASCII, tabs, many lines) pasted into the focused editor of a new encounter.
  const note = bigNote(50 * 1024);
  assert.ok(Buffer.byteLength(note) >= 50 * 1024 && /—/.test(note) && /²/.test(note) && /é/.test(note) &&
            /\t/.test(note) && note.split('\n').length > 500, 'test data: 50 KB, non-ASCII, tabs, many lines');

  const pastedId = p.selected_id;
  await app.newEncounter();
  await app.paste(note);
  p = await app.waitFor((q) => q.draft.note_text.length >= note.length, 'the pasted note in the draft', 20000);
  assert.ok(p.draft.note_text === note,
            `pasted note differs: got ${p.draft.note_text.length} chars, want ${note.length}; first difference at ` +
            `${[...note].findIndex((c, i) => p.draft.note_text[i] !== c)}`);
  assert.equal(p.want_text_input, true, 'the editor keeps focus after the paste');

  // Still editable: jump to the start, then to the end, and type there.
  await app.press('Control+Home');
  await app.press('Control+End');
  await app.type(' END');
  p = await app.waitFor((q) => q.draft.note_text.length >= note.length + 4, 'the typed addendum');
  assert.ok(p.draft.note_text === note + ' END',
            `after typing at the end: tail is ${JSON.stringify(p.draft.note_text.slice(-40))}, length ` +
            `${p.draft.note_text.length} (want ${note.length + 4})`);

  await app.press('Control+S');
  p = await app.waitSaved();
  assert.equal(p.encounters.find((e) => e.id === p.selected_id).note_bytes, Buffer.byteLength(note + ' END'),
               'the whole note was saved');
  assert.equal(p.encounters.find((e) => e.id === pastedId).note_bytes, Buffer.byteLength(first + '\n' + second),
               'the first encounter is unchanged');
  assertNoPageErrors(assert, app);
});

test('Ctrl+A, Ctrl+C in the note editor copies the whole note to the system clipboard', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  await app.newEncounter();
  await app.paste(REALISTIC_NOTE);
  await app.waitFor((q) => q.draft.note_text === REALISTIC_NOTE, 'the pasted note');
  await app.setClipboard('(clipboard before copying)');

  await app.press('Control+A');
  await app.press('Control+C');
  let copied = null;
  const end = Date.now() + 5000;
  while (Date.now() < end && (copied = await app.readClipboard()) !== REALISTIC_NOTE) await app.frames(1);
  assert.equal(copied, REALISTIC_NOTE, 'the clipboard holds the note');
  const p = await app.probe();
  assert.equal(p.draft.note_text, REALISTIC_NOTE, 'copying changed nothing: ' + summarize(p));
  assertNoPageErrors(assert, app);
});
