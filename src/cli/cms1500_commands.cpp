// cms1500_commands.cpp: `medcode claim 1500 <billing-claim.json> [--data-only] [--fields] --out FILE.pdf`: reads one
// BillingClaim (JSON of engine/billing.h), writes its CMS-1500 (02/12) as a PDF (engine/cms1500.h) and reports what
// it cut to fit. --fields prints the form's field list (box -> value, JSON) to standard output.
#include "cli/cms1500_commands.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/billing.h"
#include "engine/cms1500.h"
#include "engine/text.h"

namespace medcode::cli {

namespace {

// Reads a whole JSON file, refusing one over engine::kMaxDocumentBytes.
engine::Result<std::string> ReadClaimFile(const std::string& path) {
  std::error_code size_error;
  const std::uintmax_t size = std::filesystem::file_size(path, size_error);
  if (!size_error) {
    if (engine::Status fits = engine::CheckDocumentSize(size, path); !fits.ok()) return fits.error();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int open_errno = errno;
    return engine::MakeError(open_errno == ENOENT ? engine::ErrorCode::kNotFound : engine::ErrorCode::kIo,
                             std::string("Cannot open the file: ") + std::strerror(open_errno) + ".", path);
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return engine::MakeError(engine::ErrorCode::kIo, "Cannot read the file.", path);
  return bytes.str();
}

}  // namespace

ExitCode RunClaim1500(const Invocation& invocation) {
  std::vector<std::string> positionals;
  std::string out_path;
  bool data_only = false, fields = false;
  for (size_t i = 0; i < invocation.args.size(); ++i) {
    const std::string& a = invocation.args[i];
    if (a == "--data-only") {
      data_only = true;
    } else if (a == "--fields") {
      fields = true;
    } else if (a == "--out") {
      if (i + 1 >= invocation.args.size()) return UsageError(invocation, "option --out needs a file name");
      out_path = invocation.args[++i];
    } else if (a.rfind("--", 0) == 0) {
      return UsageError(invocation, "unknown option " + a);
    } else {
      positionals.push_back(a);
    }
  }
  if (positionals.size() != 1) return UsageError(invocation, "expected one <billing-claim.json>");
  if (out_path.empty() && !fields) return UsageError(invocation, "--out FILE.pdf is required (or --fields)");

  const std::string& path = positionals[0];
  auto text = ReadClaimFile(path);
  if (!text) {
    invocation.err << "medcode " << invocation.command.name << ": " << text.error().ToString() << '\n';
    return ExitCode::kFailed;
  }
  auto claim = engine::BillingClaimFromJson(*text, path);
  if (!claim) {
    invocation.err << "medcode " << invocation.command.name << ": " << claim.error().ToString() << '\n';
    return ExitCode::kFailed;
  }

  const engine::Cms1500Form form = engine::Cms1500Fill(*claim);
  for (const std::string& warning : form.warnings) invocation.err << "medcode claim 1500: " << warning << '\n';
  if (fields) invocation.out << engine::Cms1500FieldsJson(form) << '\n';
  if (out_path.empty()) return ExitCode::kOk;

  const auto variant = data_only ? engine::Cms1500Variant::kDataOnly : engine::Cms1500Variant::kPlainPaper;
  const std::string pdf = engine::Cms1500Pdf(form, variant);
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
  out.close();
  if (!out) {
    invocation.err << "medcode claim 1500: cannot write " << engine::QuoteForMessage(out_path, 1000) << ".\n";
    return ExitCode::kFailed;
  }
  if (!fields) {
    invocation.out << out_path << ": " << form.pages.size() << (form.pages.size() == 1 ? " page" : " pages") << ", "
                   << (data_only ? "data only" : "plain paper") << ", " << pdf.size() << " bytes\n";
  }
  return ExitCode::kOk;
}

}  // namespace medcode::cli
