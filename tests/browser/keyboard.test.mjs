// keyboard.test.mjs: typing reaches the search box and the fields, Esc leaves a field and keeps its text, Alt+N
// creates encounters however fast it is typed, F6 / Shift+F6 move between panels, Up / Down move the worklist
// selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, assertNoPageErrors, summarize } from './harness.mjs';

const TIMEOUT = 60000;

// The Esc part is a regression test for a product bug this suite found (fixed in 2e0d50e): Esc in the note editor
// (and in the patient and date fields) threw away everything typed since the field was entered, because ImGui
// 1.86's InputText treats Esc as "cancel edit" and restores the text the field had when it was activated; the
// Session then saved that.
test('Ctrl+K search box takes typed text and Esc leaves it; Esc leaves the note and patient field keeping the text',
     { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  let p = await app.probe();
  assert.equal(p.search.active, false);
  assert.equal(p.want_text_input, false);

  // Search box.
  await app.press('Control+K');
  p = await app.waitFor((q) => q.search.active && q.want_text_input, 'Ctrl+K to focus the search box');
  await app.type('diab neuro');
  p = await app.waitFor((q) => q.search.text === 'diab neuro', "the search text 'diab neuro'");
  assert.equal(p.search.active, true);
  assert.deepEqual(p.encounters, [], 'typing in the search box creates nothing');
  await app.press('Escape');
  p = await app.waitFor((q) => !q.search.active, 'Esc to leave the search box');
  assert.equal(p.want_text_input, false, summarize(p));

  // Note editor.
  await app.newEncounter();
  await app.type('Knee pain');
  await app.waitFor((q) => q.draft.note_text === 'Knee pain', 'the typed note');
  await app.press('Escape');
  p = await app.waitFor((q) => !q.want_text_input, 'Esc to leave the note editor');
  assert.equal(p.draft.note_text, 'Knee pain', 'Esc must not discard the typed note');
  p = await app.waitSaved();
  assert.equal(p.encounters[0].note_bytes, 'Knee pain'.length, 'the typed note is saved');

  // Patient field.
  await app.click('field.patient_label');
  await app.type('Ng');
  await app.waitFor((q) => q.draft.patient_label === 'Ng', 'the typed patient label');
  await app.press('Escape');
  p = await app.waitFor((q) => !q.want_text_input, 'Esc to leave the patient field');
  assert.equal(p.draft.patient_label, 'Ng', 'Esc must not discard the typed patient label');
  p = await app.waitSaved();
  assert.equal(p.encounters[0].patient_label, 'Ng');

  // Ctrl+K works again afterwards.
  await app.press('Control+K');
  await app.waitFor((q) => q.search.active && q.want_text_input, 'Ctrl+K a second time');
  assertNoPageErrors(assert, app);
});

// The second Alt+N is a regression test for a product bug this suite found (fixed in 949a9fe): the keyboard queue
// in src/platform/web_main.cpp (ReplayInput) ended a batch at the release of a key pressed in the same batch only
// when the key was non-printable or Ctrl/Super was held. With Alt not in that list, when the N press and release of
// Alt+N arrived within one frame ImGui saw N down and up at once and never reported the press: no encounter was
// created, and the lone Alt release that followed toggled ImGui's menu layer, taking keyboard focus from the note
// editor. With real keys that happened whenever a frame was slow (about 1 in 4 keyboard.press('Alt+N') here); the
// key events are sent within one JS task to make it deterministic.
test('Alt+N (also within one frame) adds encounters; F6 / Shift+F6 cycle panels; Up / Down move the selection',
     { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  await app.newEncounter();
  await app.frames(2);
  await app.chordInOneFrame(['Alt', 'n']);
  let p = await app.waitFor((q) => q.encounters.length === 2, 'Alt+N with all key events within one frame', 5000)
    .catch(async (e) => assert.fail(`Alt+N within one frame was lost: ${summarize(await app.probe())}`));
  p = await app.waitFor((q) => q.want_text_input, 'the note editor to have focus after Alt+N within one frame', 3000);
  assert.equal(p.focused_panel, 'document', 'Alt+N focuses the document panel');
  const ids = p.encounters.map((e) => e.id);  // worklist order, top to bottom
  assert.equal(p.selected_id, ids[0], 'the new encounter is selected (newest first)');

  // F6 forward through all four panels and back to the start; the note editor is left on the way.
  for (const want of ['codes', 'findings', 'worklist', 'document']) {
    await app.press('F6');
    p = await app.waitFor((q) => q.focused_panel === want, `F6 to focus ${want}`);
    // Focusing the document panel puts the cursor in the note; the other panels have no text field.
    if (want !== 'document') assert.equal(p.want_text_input, false, `no text field active after F6 to ${want}`);
  }
  await app.press('Shift+F6');
  p = await app.waitFor((q) => q.focused_panel === 'worklist', 'Shift+F6 to go back to the worklist');

  // In the worklist: Down moves to the next row, stops at the last one; Up moves back.
  const rowY = async () => (await app.rect('worklist.selected')).y;
  const y0 = await rowY();
  await app.press('ArrowDown');
  p = await app.waitFor((q) => q.selected_id === ids[1], 'Down to select the second encounter');
  const y1 = await rowY();
  assert.ok(y1 > y0, `the highlighted row moved down (${y0} -> ${y1})`);
  await app.press('ArrowDown');
  await app.frames(3);
  p = await app.probe();
  assert.equal(p.selected_id, ids[1], 'Down on the last row keeps it selected');
  await app.press('ArrowUp');
  p = await app.waitFor((q) => q.selected_id === ids[0], 'Up to select the first encounter again');
  assert.ok((await rowY()) < y1, 'the highlighted row moved up');
  assert.equal(p.focused_panel, 'worklist');
  assertNoPageErrors(assert, app);
});
