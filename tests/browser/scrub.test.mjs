// scrub.test.mjs: live claim findings in headless Chromium, keyboard only: the claim header typed in the Codes panel,
// two codes forming an NCCI PTP pair (29881 / 29875, modifier indicator 1, practitioner 2024 Q3) assigned through the
// search box on DOS 2024-08-01, the finding appears, F6 to the Findings panel, Down to it, Enter marks its line in
// the Codes panel, F asks to add the modifier, Enter confirms, the finding clears and the change is saved; then F6
// back to the Codes panel, Enter into the line's fields, Tab to Charge, 125, Enter: claim.charge.missing clears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, summarize, assertNoPageErrors } from './harness.mjs';

const TIMEOUT = 180000;
const PTP_RULE = 'ncci.ptp.modifier_needed';

async function assign(app, code) {
  await app.press('Control+K');
  await app.type(code.toLowerCase());
  await app.waitFor((q) => q.search.rows.length && q.search.rows[0].code === code, `${code} first in the results`, 20000);
  await app.press('Enter');
  await app.waitFor((q) => q.coding.diagnoses.includes(code) || q.coding.services.some((s) => s.code === code),
                    `${code} assigned`);
}

test('a PTP pair: the finding appears, its line is marked, the modifier is added after confirming, the finding clears',
     { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  let p = await app.waitFor((q) => q.code_sets_loaded && q.search.ready && q.scrub.ready,
                            'the pack, the search index and the claim rules', 90000);
  console.log(`claim rules loaded in ${p.scrub.load_ms.toFixed(0)} ms (wasm, on the main thread)`);
  await app.newEncounter();

  await app.click('field.date_of_service');
  await app.press('Control+A');
  await app.type('2024-08-01');
  await app.press('Tab');
  await app.waitFor((q) => q.draft.date_of_service === '2024-08-01', 'the DOS');

  // The claim header, by keyboard: a click into the POS field, then Tab on through age and sex to the billing NPI.
  await app.click('claim.place_of_service');
  await app.type('11');
  await app.press('Tab');
  await app.type('54');
  await app.press('Tab');
  await app.type('m');
  await app.press('Tab');
  await app.type('1234567890');  // a typo: the check digit is 3
  p = await app.waitFor((q) => q.claim.fields.billing_npi.text === '1234567890', 'the NPI typed');
  assert.equal(p.claim.fields.place_of_service.note, 'Office');
  assert.equal(p.claim.fields.patient_age.text, '54');
  assert.equal(p.claim.fields.patient_sex.text, 'M');
  assert.match(p.claim.fields.billing_npi.problem, /check digit/);
  console.log('screenshot: ' + await app.screenshot('scrub-header.png'));
  await app.press('Backspace');
  await app.type('3');
  p = await app.waitFor((q) => q.claim.fields.billing_npi.text === '1234567893', 'the NPI corrected');
  assert.equal(p.claim.fields.billing_npi.problem, '');
  await app.press('Escape');

  await assign(app, 'M23.221');
  await assign(app, '29881');
  await assign(app, '29875');
  p = await app.waitFor((q) => q.scrub.findings.some((f) => f.rule === PTP_RULE), 'the PTP finding');
  const index = p.scrub.findings.findIndex((f) => f.rule === PTP_RULE);
  const finding = p.scrub.findings[index];
  assert.equal(finding.severity, 'E');
  assert.equal(finding.line, 1, summarize(p));
  assert.match(finding.action, /line 2/);
  assert.ok(p.rects[`findings.row.${index}`], 'the finding is drawn');
  const severities = p.scrub.findings.map((f) => 'EWi'.indexOf(f.severity));
  assert.deepEqual(severities, [...severities].sort(), 'errors, then warnings, then info');

  // F6 to the Findings panel, Down to the finding, Enter marks its line in the Codes panel.
  for (let i = 0; i < 4 && (await app.probe()).focused_panel !== 'findings'; ++i) await app.press('F6');
  await app.waitFor((q) => q.focused_panel === 'findings', 'the Findings panel focused');
  for (let i = 0; i < index; ++i) await app.press('ArrowDown');
  p = await app.waitFor((q) => q.scrub.selection === index, `finding ${index} selected`);
  await app.press('Enter');
  p = await app.waitFor((q) => q.coding.selection.service && q.coding.selection.index === 1, 'line 2 selected');
  assert.ok(p.rects['codes.target'], 'the line shows it is the finding\'s target');
  assert.ok(p.rects['findings.fix'], 'the fix is offered');

  // F asks what will change; Enter confirms.
  await app.type('f');
  p = await app.waitFor((q) => q.scrub.pending_fix, 'the confirmation');
  assert.match(p.scrub.pending_fix.change, /^Line 2 \(29875\) gets modifier/);
  assert.match(p.scrub.pending_fix.caution, /documentation supports distinct services/);
  assert.equal(p.coding.services[1].modifiers.length, 0, 'nothing changes before confirming');
  console.log('screenshot: ' + await app.screenshot('scrub-confirm.png'));
  await app.press('Enter');
  p = await app.waitFor((q) => q.coding.services[1].modifiers.length === 1 && !q.scrub.pending_fix, 'the modifier added');
  const modifier = p.coding.services[1].modifiers[0];
  p = await app.waitFor((q) => !q.scrub.findings.some((f) => f.rule === PTP_RULE), 'the finding cleared');
  assert.match(p.status.text, new RegExp(`^Added modifier ${modifier} to 29875 \\(line 2\\)`));
  console.log(`modifier ${modifier} added; findings now: ${p.scrub.findings.map((f) => f.rule).join(', ') || 'none'}`);
  console.log('screenshot: ' + await app.screenshot('scrub-fixed.png'));

  // The line editor: F6 to the Codes panel (line 2 stays selected), Enter into Units, Tab to Charge, type, Enter.
  const chargeMissingOnLine2 = (q) => q.scrub.findings.some((f) => f.rule === 'claim.charge.missing' && f.line === 1);
  assert.ok(chargeMissingOnLine2(p), summarize(p));
  for (let i = 0; i < 4 && (await app.probe()).focused_panel !== 'codes'; ++i) await app.press('F6');
  p = await app.waitFor((q) => q.focused_panel === 'codes' && q.line.index === 1, 'the Codes panel on line 2');
  assert.ok(p.rects['line.charge'], 'the line editor is drawn');
  await app.press('Enter');
  await app.press('Tab');
  await app.type('125');
  await app.press('Enter');
  p = await app.waitFor((q) => q.coding.services[1].charge === '125.00', 'the charge saved');
  p = await app.waitFor((q) => !chargeMissingOnLine2(q), 'claim.charge.missing cleared on line 2');
  assert.equal(p.line.fields.charge.text, '125.00');
  assert.equal(p.line.fields.charge.problem, '');
  console.log('screenshot: ' + await app.screenshot('scrub-line.png'));
  await app.waitSaved();

  await app.reload();
  p = await app.waitFor((q) => q.coding.services.length === 2 && q.scrub.ready, 'the claim after a reload', 90000);
  assert.deepEqual(p.coding.services[1].modifiers, [modifier]);
  assert.equal(p.claim.fields.billing_npi.text, '1234567893');
  assert.equal(p.coding.services[1].charge, '125.00');
  assert.equal(p.scrub.findings.some((f) => f.rule === PTP_RULE), false);
  assertNoPageErrors(assert, app);
});
