// node_x12_peer.mjs: reads an X12 837P or 835 with node-x12 (npm, web/package.json) and prints what it found as one
// JSON line, for Medcode's interop tests (tests/interop) and its X12 benchmark (tools/bench/x12).
//
//   node node_x12_peer.mjs <file> [--stream] [--bench]
//
// 837P: {"kind":"837","claims":N,"charge_total":"…","lines":L,"line_total":"…","transactions":T,"segments":S}
//       claims = CLM segments, charge_total = sum of CLM02, lines = SV1 segments, line_total = sum of SV102.
// 835:  {"kind":"835","claims":N,"paid_total":"…","lines":L,"line_paid_total":"…","transactions":T,"segments":S}
//       claims = CLP segments, paid_total = sum of CLP04, lines = SVC segments, line_paid_total = sum of SVC03.
// Default: the whole file through `new X12Parser(true).parse(text)` (strict: it throws on a malformed ISA, a segment
// outside a group or transaction, SE01 / GE01 / IEA01 counts and control numbers that do not match), then the
// object model it builds (interchanges -> functionalGroups -> transactions -> segments, valueOf(n)). node-x12 knows
// envelopes, not loops, so claims and lines are counted by their segments within each transaction.
// --stream: the library's stream mode for large files (fs stream piped into an X12Parser; segments counted as they
// come, nothing kept), with the envelope checks done here: strict streaming stops after its first chunk (it checks
// every chunk as if it began with an ISA), so the stream parser runs non-strict and any diagnostic it records is an
// error. Amounts are summed in cents as BigInt. Errors: message on stderr, exit 1. --bench adds "ms" (wall, from the
// start of node), "cpu_ms" (user + system CPU of the process, GC threads included) and "peak_rss_bytes" (VmHWM).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { X12Parser } = require('node-x12');

const args = process.argv.slice(2);
const stream = args.includes('--stream');
const bench = args.includes('--bench');
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: node node_x12_peer.mjs <file> [--stream]');
  process.exit(2);
}

function Fail(message) {
  console.error(`node_x12_peer: ${file}: ${message}`);
  process.exit(1);
}

// "125.5" / "-12.34" / "100" -> cents as BigInt.
function Cents(value, where) {
  const m = /^(-?)(\d*)(?:\.(\d{0,2}))?$/.exec(value ?? '');
  if (!m || (m[2] === '' && !m[3])) Fail(`${where}: '${value}' is not an amount`);
  const c = BigInt(m[2] || '0') * 100n + BigInt((m[3] || '').padEnd(2, '0'));
  return m[1] === '-' ? -c : c;
}
function Money(c) {
  const sign = c < 0n ? '-' : '';
  if (c < 0n) c = -c;
  return `${sign}${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
}

const totals = { kind: '', claims: 0, claimCents: 0n, lines: 0, lineCents: 0n, transactions: 0, segments: 0 };
// Counts one segment (an X12Segment of node-x12: tag, valueOf(n) 1-based).
function Count(segment) {
  const tag = segment.tag;
  totals.segments++;
  if (tag === 'ST') {
    totals.transactions++;
    const kind = segment.valueOf(1);
    if (kind !== '837' && kind !== '835') Fail(`ST01 is ${kind}, not 837 or 835`);
    if (totals.kind && totals.kind !== kind) Fail(`transactions of both kinds (${totals.kind} and ${kind})`);
    totals.kind = kind;
  } else if (tag === (totals.kind === '837' ? 'CLM' : 'CLP')) {
    totals.claims++;
    totals.claimCents += Cents(segment.valueOf(totals.kind === '837' ? 2 : 4), `${tag} ${segment.valueOf(1)}`);
  } else if (tag === (totals.kind === '837' ? 'SV1' : 'SVC')) {
    totals.lines++;
    totals.lineCents += Cents(segment.valueOf(totals.kind === '837' ? 2 : 3), `${tag} of claim ${totals.claims}`);
  }
}

function Print() {
  if (!totals.transactions) Fail('no transaction found');
  const money = totals.kind === '837' ? ['charge_total', 'line_total'] : ['paid_total', 'line_paid_total'];
  const out = { kind: totals.kind, claims: totals.claims, [money[0]]: Money(totals.claimCents), lines: totals.lines,
    [money[1]]: Money(totals.lineCents), transactions: totals.transactions, segments: totals.segments };
  if (bench) {
    const cpu = process.cpuUsage();
    const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    out.ms = Math.round(performance.now() * 10) / 10;  // since the process started
    out.cpu_ms = Math.round((cpu.user + cpu.system) / 100) / 10;
    out.peak_rss_bytes = hwm ? Number(hwm[1]) * 1024 : 0;
  }
  console.log(JSON.stringify(out));
}

if (!stream) {
  let parsed;
  try {
    parsed = new X12Parser(true).parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    Fail(e.message);
  }
  const interchanges = parsed.interchanges ?? [parsed];  // X12FatInterchange when the file holds several
  for (const interchange of interchanges) {
    for (const group of interchange.functionalGroups) {
      for (const transaction of group.transactions) {
        Count(transaction.header);
        for (const segment of transaction.segments) Count(segment);
        totals.segments++;  // SE
      }
      totals.segments += 2;  // GS, GE
    }
    totals.segments += 2;  // ISA, IEA
  }
  Print();
} else {
  // Envelope checks on the stream (what strict parse() checks): SE01 = segments ST..SE, SE02 = ST02, GE01 = STs,
  // GE02 = GS06, IEA01 = GSs, IEA02 = ISA13; no segment outside its envelope.
  let isa = null, gs = null, st = null, inTransaction = 0, groupTransactions = 0, groups = 0;
  const parser = new X12Parser(false);
  parser.on('data', (segment) => {
    const tag = segment.tag;
    if (tag === 'ISA') {
      isa = segment, groups = 0;
    } else if (tag === 'GS') {
      if (!isa || gs) Fail(`GS at segment ${totals.segments + 1} outside an interchange or inside a group`);
      gs = segment, groupTransactions = 0, groups++;
    } else if (tag === 'ST') {
      if (!gs || st) Fail(`ST at segment ${totals.segments + 1} outside a group or inside a transaction`);
      st = segment, inTransaction = 0, groupTransactions++;
    } else if (tag === 'SE') {
      if (!st) Fail(`SE at segment ${totals.segments + 1} without ST`);
      if (parseInt(segment.valueOf(1), 10) !== inTransaction + 2) Fail(`SE01 ${segment.valueOf(1)} but ${inTransaction + 2} segments`);
      if (segment.valueOf(2) !== st.valueOf(2)) Fail(`SE02 ${segment.valueOf(2)} is not ST02 ${st.valueOf(2)}`);
      st = null;
    } else if (tag === 'GE') {
      if (!gs || st) Fail(`GE at segment ${totals.segments + 1} without GS or inside a transaction`);
      if (parseInt(segment.valueOf(1), 10) !== groupTransactions) Fail(`GE01 ${segment.valueOf(1)} but ${groupTransactions} transactions`);
      if (segment.valueOf(2) !== gs.valueOf(6)) Fail(`GE02 ${segment.valueOf(2)} is not GS06 ${gs.valueOf(6)}`);
      gs = null;
    } else if (tag === 'IEA') {
      if (!isa || gs) Fail(`IEA at segment ${totals.segments + 1} without ISA or inside a group`);
      if (parseInt(segment.valueOf(1), 10) !== groups) Fail(`IEA01 ${segment.valueOf(1)} but ${groups} groups`);
      if (parseInt(segment.valueOf(2), 10) !== parseInt(isa.valueOf(13), 10)) Fail(`IEA02 ${segment.valueOf(2)} is not ISA13`);
      isa = null;
    } else {
      if (!st) Fail(`${tag} at segment ${totals.segments + 1} outside a transaction`);
      inTransaction++;
    }
    Count(segment);
  });
  parser.on('error', (e) => Fail(e.message));
  parser.on('end', () => {
    if (isa || gs || st) Fail('the file ends inside an envelope');
    // Two diagnostics of node-x12 1.7.1's stream mode are spurious and checked above instead: every chunk after the
    // first is tested as if it began with an ISA ("not the correct length"), and the end of the stream always reports
    // "at least one functional group" (its _flush calls the check unconditionally).
    const spurious = /ISA segment is not the correct length|must contain at least one functional group/;
    const real = parser.diagnostics.filter((d) => !spurious.test(d.message));
    if (real.length) Fail(`node-x12 diagnostics: ${real.map((d) => d.message).slice(0, 3).join('; ')}`);
    Print();
  });
  fs.createReadStream(file).on('error', (e) => Fail(e.message)).pipe(parser);
}
