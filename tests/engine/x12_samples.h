// x12_samples.h: small X12 interchanges written by hand from the implementation guides (837P 005010X222A1, 835
// 005010X221A1, 999 005010X231A1, 277CA 005010X214), correct per the guides, for the reader and validator tests, the
// robustness test and (as files) the fuzz seed corpus tests/fuzz/corpus/x12/. Segment numbers of the 837P are
// listed so that tests can name exact positions.
#pragma once

#include <string>
#include <vector>

namespace medcode::test {

// The 106-byte ISA with the default separators ('*' element, '^' repetition, ':' component, '~' terminator).
inline std::string X12Isa(const std::string& control = "000000001") {
  return "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *250101*1253*^*00501*" + control +
         "*0*T*:~";
}

// ISA, GS, ST, the body, SE (with the right count), GE, IEA, one segment a line.
inline std::string X12Interchange(const std::string& gs01, const std::string& st01, const std::string& reference,
                                  const std::vector<std::string>& body) {
  std::string out = X12Isa() + "\n";
  out += "GS*" + gs01 + "*SUBMITTER*RECEIVER*20250101*1253*1*X*" + reference + "~\n";
  out += "ST*" + st01 + "*0001*" + reference + "~\n";
  for (const std::string& segment : body) out += segment + "~\n";
  out += "SE*" + std::to_string(body.size() + 2) + "*0001~\n";
  out += "GE*1*1~\nIEA*1*000000001~\n";
  return out;
}

// Changes the default separators to others (ISA11 and ISA16 included, since they are the '^' and ':' characters).
inline std::string X12Translate(std::string text, char element, char repetition, char component, char terminator) {
  for (char& c : text) {
    if (c == '*') c = element;
    else if (c == '^') c = repetition;
    else if (c == ':') c = component;
    else if (c == '~') c = terminator;
  }
  return text;
}

// 837P: one claim of two lines (100.00 + 50.00 = CLM02 150.00). Segment numbers: ISA 1, GS 2, ST 3, BHT 4,
// NM1*41 5, PER 6, NM1*40 7, HL*1 8, PRV 9, NM1*85 10, N3 11, N4 12, REF 13, HL*2 14, SBR 15, NM1*IL 16, N3 17,
// N4 18, DMG 19, NM1*PR 20, CLM 21, HI 22, LX 23, SV1 24, DTP 25, LX 26, SV1 27, DTP 28, SE 29 (SE01 27), GE 30,
// IEA 31.
inline std::string Sample837P() {
  return X12Interchange("HC", "837", "005010X222A1",
                        {
                            "BHT*0019*00*REF47517*20250101*1253*CH",
                            "NM1*41*2*MEDCODE CLINIC*****46*TGJ23",
                            "PER*IC*JERRY*TE*3055552222",
                            "NM1*40*2*PAYER CLEARINGHOUSE*****46*66783JJT",
                            "HL*1**20*1",
                            "PRV*BI*PXC*207Q00000X",
                            "NM1*85*2*MEDCODE CLINIC*****XX*1234567893",
                            "N3*123 MAIN ST",
                            "N4*SPRINGFIELD*IL*627011234",
                            "REF*EI*123456789",
                            "HL*2*1*22*0",
                            "SBR*P*18*GRP01******CI",
                            "NM1*IL*1*DOE*JOHN****MI*ABC123456",
                            "N3*1 ELM ST",
                            "N4*SPRINGFIELD*IL*62701",
                            "DMG*D8*19700101*M",
                            "NM1*PR*2*ACME HEALTH*****PI*12345",
                            "CLM*PATIENT1*150***11:B:1*Y*A*Y*Y",
                            "HI*ABK:E119*ABF:I10",
                            "LX*1",
                            "SV1*HC:99213*100*UN*1***1:2",
                            "DTP*472*D8*20250101",
                            "LX*2",
                            "SV1*HC:36415*50*UN*1***1",
                            "DTP*472*D8*20250101",
                        });
}

// 835: one claim (charge 150, paid 100) with two lines, each balanced by its CAS; a PLB of -30 (money to the
// provider), so BPR02 = 100 - (-30) = 130. Segment numbers: ISA 1, GS 2, ST 3, BPR 4, TRN 5, DTM 6, N1*PR 7, N3 8,
// N4 9, PER 10, N1*PE 11, LX 12, CLP 13, NM1 14, SVC 15, DTM 16, CAS 17, CAS 18, SVC 19, DTM 20, CAS 21, CAS 22,
// PLB 23, SE 24.
inline std::string Sample835() {
  return X12Interchange("HP", "835", "005010X221A1",
                        {
                            "BPR*I*130*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20250115",
                            "TRN*1*12345*1512345678",
                            "DTM*405*20250114",
                            "N1*PR*ACME HEALTH",
                            "N3*PO BOX 1",
                            "N4*CHICAGO*IL*60601",
                            "PER*BL*TECH*TE*8005551212",
                            "N1*PE*MEDCODE CLINIC*XX*1234567893",
                            "LX*1",
                            "CLP*PATIENT1*1*150*100*25*12*CLAIM123*11*1",
                            "NM1*QC*1*DOE*JOHN****MI*ABC123456",
                            "SVC*HC:99213*100*80**1",
                            "DTM*472*20250101",
                            "CAS*CO*45*15",
                            "CAS*PR*1*5",
                            "SVC*HC:36415*50*20**1",
                            "DTM*472*20250101",
                            "CAS*CO*45*10",
                            "CAS*PR*2*20",
                            "PLB*1234567893*20251231*WO:ABC*-30",
                        });
}

// 999: two 837s acknowledged, one accepted, one rejected (IK3/CTX/IK4 name the error). Segment numbers: ISA 1,
// GS 2, ST 3, AK1 4, AK2 5, IK5 6, AK2 7, IK3 8, CTX 9, IK4 10, IK5 11, AK9 12, SE 13.
inline std::string Sample999() {
  return X12Interchange("FA", "999", "005010X231A1",
                        {
                            "AK1*HC*1*005010X222A1",
                            "AK2*837*0001*005010X222A1",
                            "IK5*A",
                            "AK2*837*0002*005010X222A1",
                            "IK3*CLM*19*2300*8",
                            "CTX*CLM01:PATIENT2",
                            "IK4*2*782*7*ZZ",
                            "IK5*R*5",
                            "AK9*P*2*2*1",
                        });
}

// 277CA: the information source, receiver, billing provider and one patient's claim accepted (STC A2, 150.00).
// Segment numbers: ISA 1, GS 2, ST 3, BHT 4, HL*1 5, NM1*PR 6, TRN 7, DTP 8, DTP 9, HL*2 10, NM1*41 11, TRN 12,
// STC 13, QTY 14, AMT 15, HL*3 16, NM1*85 17, HL*4 18, NM1*QC 19, TRN 20, STC 21, REF 22, DTP 23, SE 24.
inline std::string Sample277CA() {
  return X12Interchange("HN", "277", "005010X214",
                        {
                            "BHT*0085*08*ACK1*20250102*0900*TH",
                            "HL*1**20*1",
                            "NM1*PR*2*ACME HEALTH*****PI*12345",
                            "TRN*1*BATCH1",
                            "DTP*050*D8*20250102",
                            "DTP*009*D8*20250102",
                            "HL*2*1*21*1",
                            "NM1*41*2*MEDCODE CLINIC*****46*TGJ23",
                            "TRN*2*REF47517",
                            "STC*A1:19:PR*20250102*WQ*150",
                            "QTY*90*1",
                            "AMT*YU*150",
                            "HL*3*2*19*1",
                            "NM1*85*2*MEDCODE CLINIC*****XX*1234567893",
                            "HL*4*3*PT",
                            "NM1*QC*1*DOE*JOHN****MI*ABC123456",
                            "TRN*2*PATIENT1",
                            "STC*A2:20:PR*20250102*WQ*150",
                            "REF*1K*CLAIM123",
                            "DTP*472*RD8*20250101-20250101",
                        });
}

}  // namespace medcode::test
