// keyboard.test.mjs: typing reaches the search box and the note, Esc leaves a field, F6 / Shift+F6 move between
// panels, Up / Down move the worklist selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, assertNoPageErrors, summarize } from './harness.mjs';

const TIMEOUT = 60000;

test('Ctrl+K focuses the search box, typed text reaches it, Esc leaves it', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  let p = await app.probe();
  assert.equal(p.search.active, false);
  assert.equal(p.want_text_input, false);

  await app.press('Control+K');
  p = await app.waitFor((q) => q.search.active && q.want_text_input, 'Ctrl+K to focus the search box');
  await app.type('diab neuro');
  p = await app.waitFor((q) => q.search.text === 'diab neuro', "the search text 'diab neuro'");
  assert.equal(p.search.active, true);
  // Typing in the search box creates nothing.
  assert.deepEqual(p.encounters, []);

  await app.press('Escape');
  p = await app.waitFor((q) => !q.search.active, 'Esc to leave the search box');
  assert.equal(p.want_text_input, false, summarize(p));

  // Ctrl+K again focuses it again (the shortcut works more than once).
  await app.press('Control+K');
  await app.waitFor((q) => q.search.active && q.want_text_input, 'Ctrl+K a second time');
  assertNoPageErrors(assert, app);
});

// PRODUCT BUG (found by this test): Esc in the note editor (and in the patient / date fields) throws away everything
// typed since the field was entered: ImGui 1.86's InputText treats Esc as "cancel edit" and restores the text the
// field had when it was activated, and the Session then commits that restored text. Expected: Esc leaves the field
// and keeps the text (the shortcut list says "Esc: leave a field"). The test asserts the expected behaviour.
test('Esc leaves the note editor and keeps what was typed', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  await app.newEncounter();
  await app.type('Knee pain');
  await app.waitFor((q) => q.draft.note_text === 'Knee pain', 'the typed note');

  await app.press('Escape');
  let p = await app.waitFor((q) => !q.want_text_input, 'Esc to leave the note editor');
  assert.equal(p.draft.note_text, 'Knee pain', 'Esc must not discard the typed note');
  p = await app.waitSaved();
  assert.equal(p.draft.note_text, 'Knee pain', 'the saved note');
  assert.equal(p.encounters[0].note_bytes, 'Knee pain'.length);
  assertNoPageErrors(assert, app);
});

test('F6 / Shift+F6 cycle the panel focus; Up / Down move the worklist selection', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  for (let i = 0; i < 3; ++i) await app.newEncounter();
  let p = await app.probe();
  assert.equal(p.encounters.length, 3);
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
  assert.equal(p.draft.patient_label, '', 'the draft follows the selection');
  await app.press('ArrowDown');
  await app.waitFor((q) => q.selected_id === ids[2], 'Down to select the third encounter');
  await app.press('ArrowDown');
  await app.frames(3);
  p = await app.probe();
  assert.equal(p.selected_id, ids[2], 'Down on the last row keeps it selected');
  await app.press('ArrowUp');
  p = await app.waitFor((q) => q.selected_id === ids[1], 'Up to select the second encounter again');
  assert.equal(p.focused_panel, 'worklist');
  assertNoPageErrors(assert, app);
});

// PRODUCT BUG (found by this test): the keyboard queue in src/platform/web_main.cpp (ReplayInput) ends a batch at the
// release of a key pressed in the same batch only when the key is non-printable or Ctrl/Super is held. Alt is not
// in that list, so when the N press and release of Alt+N arrive within one frame, ImGui sees N down and up at once
// and IsKeyPressed(N) never fires: no encounter is created, and the lone Alt release that follows toggles ImGui's
// menu layer, which takes keyboard focus away from the note editor. With real keys this happens whenever a frame is
// slow (about 1 in 4 plain keyboard.press('Alt+N') calls in headless Chromium here). Expected: Alt+N always creates
// an encounter and focuses the note editor. The control (Ctrl+K sent the same way) shows the method is sound.
test('Alt+N pressed and released within one frame still creates an encounter', { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  // Control: Ctrl+K delivered within one frame focuses the search box.
  await app.chordInOneFrame(['Control', 'k']);
  await app.waitFor((q) => q.search.active, 'Ctrl+K (all key events within one frame) to focus the search box');
  await app.press('Escape');
  await app.waitFor((q) => !q.search.active && !q.want_text_input, 'Esc to leave the search box');

  await app.chordInOneFrame(['Alt', 'n']);
  await app.frames(6);
  const p = await app.probe();
  assert.equal(p.encounters.length, 1, 'Alt+N (all key events within one frame) creates an encounter: ' + summarize(p));
  assert.equal(p.want_text_input, true, 'and the note editor has keyboard focus');
  assertNoPageErrors(assert, app);
});
