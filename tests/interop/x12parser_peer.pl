#!/usr/bin/perl
# x12parser_peer.pl: reads an X12 837P or 835 with Perl's X12::Parser (Debian's libx12-parser-perl) and prints what
# it found as one JSON line, for Medcode's interop tests (tests/interop) and its X12 benchmark (tools/bench/x12).
#
#   x12parser_peer.pl [--bench] <file> [837|835]      (the kind is taken from the first ST01 when not given)
#
# 837P: {"kind":"837","claims":N,"charge_total":"…","lines":L,"line_total":"…","transactions":T,"segments":S}
#       claims = 2300 loops (CLM), charge_total = sum of CLM02, lines = 2400 loops, line_total = sum of SV102.
# 835:  {"kind":"835","claims":N,"paid_total":"…","lines":L,"line_paid_total":"…","transactions":T,"segments":S}
#       claims = 2100 loops (CLP), paid_total = sum of CLP04, lines = 2110 loops, line_paid_total = sum of SVC03.
# Everything comes from X12::Parser's loop API (get_next_loop / get_loop_segments) with the 5010 cf files beside this
# script (cf/: the package ships 4010 ones only). A CLM/CLP/SV1/SVC that X12::Parser puts in another loop than
# 2300/2100/2400/2110, or no transaction at all, is an error: exit 1 with a message on stderr. Amounts are summed
# in cents as integers (no floating point). --bench adds "ms" (wall, from the start of the script), "cpu_ms" (user +
# system CPU of the process) and "peak_rss_bytes" (VmHWM) for tools/bench/x12.
use strict;
use warnings;
use File::Basename qw(dirname);
use Time::HiRes qw(time);
use X12::Parser;

my $t0 = time;
my $bench = @ARGV && $ARGV[0] eq '--bench' ? shift @ARGV : undef;
my ($file, $kind) = @ARGV;
die "usage: x12parser_peer.pl <file> [837|835]\n" unless defined $file;

# The kind from ST01: the element separator is ISA's 4th byte.
if (!defined $kind) {
  open(my $fh, '<', $file) or die "x12parser_peer: cannot open $file: $!\n";
  read($fh, my $head, 4096);
  close($fh);
  my $sep = substr($head, 3, 1);
  die "x12parser_peer: $file does not start with ISA\n" unless substr($head, 0, 3) eq 'ISA';
  ($kind) = $head =~ /ST\Q$sep\E(83[57])\Q$sep\E/;
  die "x12parser_peer: no ST*837 or ST*835 in the first 4 KB of $file\n" unless defined $kind;
}
die "x12parser_peer: kind must be 837 or 835, not $kind\n" unless $kind eq '837' || $kind eq '835';

my $cf = dirname(__FILE__) . ($kind eq '837' ? '/cf/837_005010X222A1.cf' : '/cf/835_005010X221A1.cf');
my ($claim_loop, $claim_seg, $claim_el) = $kind eq '837' ? ('2300', 'CLM', 2) : ('2100', 'CLP', 4);
my ($line_loop, $line_seg, $line_el) = $kind eq '837' ? ('2400', 'SV1', 2) : ('2110', 'SVC', 3);

# "125.5" / "-12.34" / "100" -> cents; dies on anything else (more than 2 decimals included).
sub Cents {
  my ($v, $where) = @_;
  $v = '' unless defined $v;
  my ($sign, $int, $frac) = $v =~ /^(-?)(\d*)(?:\.(\d{0,2}))?$/
    or die "x12parser_peer: $where: '$v' is not an amount\n";
  die "x12parser_peer: $where: '$v' is not an amount\n" if $int eq '' && (!defined $frac || $frac eq '');
  $frac = '' unless defined $frac;
  my $c = ($int eq '' ? 0 : $int) * 100 + ($frac . '0' x (2 - length $frac));
  return $sign eq '-' ? -$c : $c;
}
sub Money {
  my $c = shift;
  my $sign = $c < 0 ? '-' : '';
  $c = -$c if $c < 0;
  return sprintf('%s%d.%02d', $sign, int($c / 100), $c % 100);
}

my $p = X12::Parser->new;
$p->parsefile(file => $file, conf => $cf);
my $es = quotemeta($p->get_element_separator);
my ($claims, $claim_cents, $lines, $line_cents, $transactions, $segments) = (0, 0, 0, 0, 0, 0);
while (my $loop = $p->get_next_loop) {
  my @segs = $p->get_loop_segments;
  $segments += @segs;
  for my $s (@segs) {
    $s =~ s/^\s+//;  # line breaks after a terminator
    my @e = split /$es/, $s, -1;
    my $id = $e[0];
    if ($id eq $claim_seg) {
      die "x12parser_peer: $claim_seg found in loop $loop, not $claim_loop\n" unless $loop eq $claim_loop;
      $claims++;
      $claim_cents += Cents($e[$claim_el], "$claim_seg " . ($e[1] // ''));
    } elsif ($id eq $line_seg) {
      die "x12parser_peer: $line_seg found in loop $loop, not $line_loop\n" unless $loop eq $line_loop;
      $lines++;
      $line_cents += Cents($e[$line_el], "$line_seg of claim $claims");
    } elsif ($id eq 'ST') {
      die "x12parser_peer: ST found in loop $loop\n" unless $loop eq 'ST';
      $transactions++;
    }
  }
}
die "x12parser_peer: no transaction found in $file\n" unless $transactions;
my $extra = '';
if ($bench) {
  my ($user, $system) = times;
  my $rss = 0;
  if (open(my $st, '<', '/proc/self/status')) {
    while (<$st>) { $rss = $1 * 1024 if /^VmHWM:\s+(\d+)/; }
    close($st);
  }
  $extra = sprintf(',"ms":%.1f,"cpu_ms":%.1f,"peak_rss_bytes":%d', (time - $t0) * 1000, ($user + $system) * 1000, $rss);
}
if ($kind eq '837') {
  printf("{\"kind\":\"837\",\"claims\":%d,\"charge_total\":\"%s\",\"lines\":%d,\"line_total\":\"%s\",\"transactions\":%d,\"segments\":%d%s}\n",
         $claims, Money($claim_cents), $lines, Money($line_cents), $transactions, $segments, $extra);
} else {
  printf("{\"kind\":\"835\",\"claims\":%d,\"paid_total\":\"%s\",\"lines\":%d,\"line_paid_total\":\"%s\",\"transactions\":%d,\"segments\":%d%s}\n",
         $claims, Money($claim_cents), $lines, Money($line_cents), $transactions, $segments, $extra);
}
