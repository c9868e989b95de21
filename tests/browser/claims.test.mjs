// claims.test.mjs: issue 6's browser test, in headless Chromium with the real app and code-set pack: code an
// encounter (E11.9, 99213 at 125.00, 36415 at 75.00 on 2024-08-01) through the search box, enter the practice (Alt+S,
// Tab through the fields, Enter) and the patient (Claims view, Alt+C), Create claim (Alt+B), Export 837P (Alt+X: the
// download is captured and read), then build an 835 from the exported claim's CLM01 and SV1 values that pays line 1
// in part and denies line 2 (CO-97 with remark M80). A malformed 835 dropped on the page gives a positioned error and
// changes nothing; the good 835 imported through the file chooser (Alt+I) leaves the claim "partially paid" and the
// denied line in the worklist with its CARC text; Enter on it opens the encounter at that line. Screenshots of the
// settings dialog, the claim list and the worklist go to the artifacts folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startApp, summarize, assertNoPageErrors } from './harness.mjs';

const TIMEOUT = 600000;  // the machine running CI may be busy: each wait below has its own limit

async function assign(app, code) {
  await app.press('Control+K');
  await app.type(code.toLowerCase());
  await app.waitFor((q) => q.search.rows.length && q.search.rows[0].code === code, `${code} first in the results`, 20000);
  await app.press('Enter');
  await app.waitFor((q) => q.coding.diagnoses.includes(code) || q.coding.services.some((s) => s.code === code),
                    `${code} assigned`);
}

// Types `value` into the field that has the keyboard, replacing what is there, then Tab.
async function fill(app, value) {
  await app.press('Control+A');
  if (value) await app.type(value);
  await app.press('Tab');
}

// The claims and lines of an 837P, read segment by segment (separators from the ISA).
function read837(text) {
  const element = text[3], terminator = text[105];
  const component = text[104];
  const segments = text.split(terminator).map((s) => s.replace(/^[\r\n]+/, '')).filter((s) => s.length);
  const claims = [];
  for (const seg of segments) {
    const e = seg.split(element);
    if (e[0] === 'CLM') claims.push({ id: e[1], charge: e[2], lines: [] });
    if (e[0] === 'SV1') {
      const proc = e[1].split(component);
      claims[claims.length - 1].lines.push({ code: proc[1], modifiers: proc.slice(2), charge: e[2], units: e[4] });
    }
  }
  return { claims, segments: segments.length };
}

// An 835 (005010X221A1) for one claim: line 1 paid `paid1` with the rest a CO-45 contractual adjustment, line 2 denied
// CO-97 (included in another service) with remark M80. Balanced: CLP03 = sum SVC02, CLP04 = sum SVC03 = BPR02, and
// each SVC02 - SVC03 = its CAS amounts.
function make835(claim, paid1) {
  const [l1, l2] = claim.lines;
  const money = (x) => x.toFixed(2);
  const c1 = Number(l1.charge), c2 = Number(l2.charge);
  const proc = (l) => ['HC', l.code, ...l.modifiers].join(':');
  const body = [
    'ST*835*0001',
    `BPR*I*${money(paid1)}*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*011000015*DA*987654321*20261127`,
    'TRN*1*EFT0001*1512345678',
    'DTM*405*20261127',
    'N1*PR*MEDICARE PART B',
    'N3*PO BOX 1000',
    'N4*SPRINGFIELD*IL*627010000',
    'N1*PE*LAKESIDE FAMILY MEDICINE*XX*1234567893',
    'LX*1',
    `CLP*${claim.id}*1*${money(c1 + c2)}*${money(paid1)}**MB*PCN0001*11*1`,
    'NM1*QC*1*DOE*JANE****MI*1EG4TE5MK72',
    'DTM*232*20240801',
    `SVC*${proc(l1)}*${money(c1)}*${money(paid1)}**${l1.units}`,
    'DTM*472*20240801',
    `CAS*CO*45*${money(c1 - paid1)}`,
    `AMT*B6*${money(paid1)}`,
    `SVC*${proc(l2)}*${money(c2)}*0.00**${l2.units}`,
    'DTM*472*20240801',
    `CAS*CO*97*${money(c2)}`,
    'LQ*HE*M80',
  ];
  const st = [...body, `SE*${body.length + 1}*0001`];
  const isa = 'ISA*00*          *00*          *ZZ*MEDICAREB      *ZZ*LAKESIDE01     *261127*1500*^*00501*000000101*0*T*:';
  return [isa, 'GS*HP*MEDICAREB*LAKESIDE01*20261127*1500*101*X*005010X221A1', ...st, 'GE*1*101', 'IEA*1*000000101']
    .join('~\n') + '~\n';
}

test('claims: code, practice and patient, create, export 837P, import an 835 paying part with a denial',
     { timeout: TIMEOUT }, async (t) => {
  const { app } = await startApp(t);
  let p = await app.waitFor((q) => q.code_sets_loaded && q.search.ready, 'the pack and the search index', 90000);

  // --- code an encounter -------------------------------------------------------------------------------------
  await app.newEncounter();
  await app.click('field.date_of_service');
  await app.press('Control+A');
  await app.type('2024-08-01');
  await app.press('Tab');
  await app.waitFor((q) => q.draft.date_of_service === '2024-08-01', 'the DOS');
  // The claim header: POS, age, sex, billing NPI, taxonomy, rendering NPI, payer id (Tab between them).
  await app.click('claim.place_of_service');
  await app.type('11');
  for (const value of ['62', 'f', '1234567893', '207Q00000X', '', '00430']) {
    await app.press('Tab');
    if (value) await app.type(value);
  }
  await app.press('Tab');
  await app.type('Medicare Part B');
  await app.press('Escape');
  p = await app.waitFor((q) => q.claim.fields.payer_name.text === 'Medicare Part B' &&
                               q.claim.fields.payer_id.text === '00430', 'the claim header');
  await assign(app, 'E11.9');
  await assign(app, '99213');
  await assign(app, '36415');
  // Charges in the line editor: Up to line 1 (99213), Enter, Tab to Charge, type, Enter; then line 2.
  for (const [index, charge] of [[0, '125'], [1, '75']]) {
    for (let i = 0; i < 6 && (await app.probe()).coding.selection.index !== index; ++i) {
      const q = await app.probe();
      await app.press(q.coding.selection.service && q.coding.selection.index > index ? 'ArrowUp' : 'ArrowDown');
    }
    await app.waitFor((q) => q.coding.selection.service && q.coding.selection.index === index, `line ${index + 1}`);
    await app.press('Enter');
    await app.press('Tab');
    await app.type(charge);
    await app.press('Enter');
    await app.waitFor((q) => q.coding.services[index].charge === `${charge}.00`, `line ${index + 1}'s charge`);
  }

  // --- practice settings (Alt+S): Tab through the fields, Enter saves ---------------------------------------------
  await app.press('Alt+C');
  p = await app.waitFor((q) => q.claims.view === 'claims' && q.rects['panel.claims'], 'the Claims view');
  await app.press('Alt+S');
  p = await app.waitFor((q) => q.claims.practice_open && q.rects['window.practice'] && q.want_text_input,
                        'the Practice settings dialog with the keyboard in it');
  // Billing provider (name, NPI, TIN, taxonomy, address, city, state, ZIP, contact, phone), submitter, receiver,
  // receiver name,
  // then the first payer (name, payer id, filing indicator). The NPI first with a typo: its problem shows under it.
  await fill(app, 'Lakeside Family Medicine');
  await fill(app, '1234567890');
  p = await app.waitFor((q) => q.claims.practice_problems.some((x) => /billing\.npi$/.test(x.field)), 'the NPI problem');
  console.log('screenshot: ' + await app.screenshot('claims-settings-problem.png'));
  await app.press('Shift+Tab');
  await fill(app, '1234567893');
  for (const value of ['123456789', '207Q00000X', '100 Main St', 'Springfield', 'IL', '627011234', 'Billing Office',
    '2175550100', 'LAKESIDE01', 'CLEARHOUSE', 'Clearing House', 'Medicare Part B', '00430']) {
    await fill(app, value);
  }
  p = await app.waitFor((q) => !q.claims.practice_problems.some((x) => /billing\.npi$/.test(x.field)), 'the NPI fixed');
  console.log('practice problems left: ' + JSON.stringify(p.claims.practice_problems));
  console.log('screenshot: ' + await app.screenshot('claims-settings.png'));
  await app.press('Enter');
  p = await app.waitFor((q) => !q.claims.practice_open && q.claims.practice.billing.name === 'Lakeside Family Medicine',
                        'the practice saved');
  assert.equal(p.claims.practice.billing.npi, '1234567893');
  assert.equal(p.claims.practice.payers[0].payer_id, '00430', summarize(p));

  // --- the patient: a click in the first field, Tab through the rest ------------------------------------------------
  await app.click('patient.last_name');
  for (const value of ['Doe', 'Jane', '1962-04-01', 'F', '5 Oak Ave', 'Springfield', 'IL', '62701', '1EG4TE5MK72']) {
    await fill(app, value);
  }
  await app.press('Escape');
  p = await app.waitFor((q) => q.claims.patient.member_id === '1EG4TE5MK72' && q.claims.patient.sex === 'F',
                        'the patient entered');
  assert.equal(p.claims.patient.birth_date, '1962-04-01');
  p = await app.waitFor((q) => q.claims.problems.length === 0, 'no problems left on the claim', 5000)
    .catch(async () => { const q = await app.probe(); throw new Error('claim problems: ' + JSON.stringify(q.claims.problems)); });

  // --- Create claim (Alt+B) and Export 837P (Alt+X): the download is the file ----------------------------------------
  await app.press('Alt+B');
  p = await app.waitFor((q) => q.claims.rows.length === 1 && q.claims.rows[0].status === 'built', 'the claim built');
  const row = p.claims.rows[0];
  assert.equal(row.charge, '200.00');
  assert.equal(row.patient, 'Doe, Jane');
  assert.equal(row.date_of_service, '2024-08-01');
  assert.ok(Number(row.expected) > 0, `expected reimbursement from the fee schedule: ${row.expected}`);
  const downloading = app.page.waitForEvent('download', { timeout: 10000 });
  await app.press('Alt+X');
  const download = await downloading;
  const x837 = fs.readFileSync(await download.path(), 'latin1');
  assert.match(download.suggestedFilename(), /\.x12$/);
  p = await app.waitFor((q) => q.claims.rows[0].status === 'submitted', 'the claim submitted');
  assert.equal(p.claims.last_export.claims, 1);
  assert.equal(p.claims.last_export.bytes, x837.length);
  const sent = read837(x837);
  assert.equal(sent.claims.length, 1, x837);
  assert.equal(sent.claims[0].id, row.claim_id);
  assert.equal(Number(sent.claims[0].charge), 200);  // X12 amounts carry no trailing zeros ("200")
  assert.deepEqual(sent.claims[0].lines.map((l) => [l.code, Number(l.charge)]), [['99213', 125], ['36415', 75]]);
  console.log(`837P: ${x837.length} bytes, ${sent.segments} segments, claim ${row.claim_id}`);

  // --- a malformed 835 dropped on the page: a positioned error, nothing changed ---------------------------------------
  const good = make835(sent.claims[0], 80);
  const bad = good.replace(/CLP\*[^~]*~/, (clp) => clp.replace('*1*200.00*', '*1*2OO.00*'));
  const before = await app.probe();
  await app.dropFile('remit-bad.835', Buffer.from(bad, 'latin1'));
  p = await app.waitFor((q) => q.claims.last_import.file_name === 'remit-bad.835', 'the bad 835 read');
  assert.equal(p.claims.last_import.ok, false, summarize(p));
  assert.equal(p.status.severity, 'E');
  assert.match(p.claims.last_import.where + ' ' + p.claims.last_import.message, /segment \d+ \(CLP\)/);
  assert.deepEqual(p.claims.rows, before.claims.rows, 'nothing posted');
  assert.equal(p.encounters.length, before.encounters.length, 'the dropped X12 file did not open as a note');
  console.log('malformed 835: ' + p.status.text);

  // --- the 835 through the file chooser (Alt+I): partially paid, the denial in the worklist ---------------------------
  const chooser = app.page.waitForEvent('filechooser', { timeout: 10000 });
  await app.press('Alt+I');
  const fc = await chooser;
  await fc.setFiles({ name: 'remit-0001.835', mimeType: 'application/edi-x12', buffer: Buffer.from(good, 'latin1') });
  p = await app.waitFor((q) => q.claims.last_import.file_name === 'remit-0001.835', 'the 835 imported');
  assert.equal(p.claims.last_import.ok, true, summarize(p));
  assert.equal(p.claims.last_import.kind, '835');
  p = await app.waitFor((q) => q.claims.rows[0].status === 'partially paid', 'the claim partially paid');
  assert.equal(p.claims.rows[0].paid, '80.00');
  console.log('screenshot: ' + await app.screenshot('claims-list.png'));
  assert.equal(p.claims.denials.length, 1, JSON.stringify(p.claims.denials));
  const denial = p.claims.denials[0];
  assert.equal(denial.claim_id, row.claim_id);
  assert.equal(denial.line, 2);
  const carc = denial.adjustments.find((a) => a.carc === '97');
  assert.ok(carc, JSON.stringify(denial));
  assert.equal(carc.group, 'CO');
  assert.match(carc.text, /included in the (payment|allowance)/i, 'the CARC text from the code sets');
  assert.ok(denial.remarks.some((r) => r.code === 'M80' && r.text.length > 0), JSON.stringify(denial.remarks));
  console.log(`denial: ${JSON.stringify(denial)}`);

  // The worklist by keys: Right to the Denials list, Enter opens the encounter at the denied line.
  for (let i = 0; i < 4 && (await app.probe()).focused_panel !== 'claims'; ++i) await app.press('F6');
  await app.waitFor((q) => q.focused_panel === 'claims', 'the Claims panel focused');
  await app.press('ArrowRight');
  p = await app.waitFor((q) => q.claims.tab === 'denials' && q.rects['denials.row.0'], 'the Denials list');
  console.log('screenshot: ' + await app.screenshot('claims-denials.png'));
  await app.press('Enter');
  p = await app.waitFor((q) => q.claims.view === 'coding' && q.coding.selection.service && q.coding.selection.index === 1,
                        'the encounter open at line 2');
  assert.equal(p.selected_id, row.encounter_id);
  await app.waitSaved();

  // After a reload the claim, its amounts and the denial are still there.
  await app.reload();
  p = await app.waitFor((q) => q.claims.rows.length === 1, 'the claims after a reload', 30000);
  assert.equal(p.claims.rows[0].status, 'partially paid');
  assert.equal(p.claims.denials.length, 1);
  assertNoPageErrors(assert, app);
});
