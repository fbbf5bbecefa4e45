// akira-wast: runs WebAssembly spec scripts (.wast) and counts their assertions.
//
// Counting: every assert_* command is one assertion (passed or failed). module,
// register and action commands are not counted when they succeed; one that fails is
// counted as one failure (its own line can be listed as a known failure). Text-format
// assert_malformed commands are not run and appear only in the "skipped" column.
//
// Each script runs in a child process (unless --no-fork), so a crash or a hang in one
// script is reported as failures of that script and the run goes on. The child streams
// its plan and each command's outcome through a pipe; commands it never reported are
// failures: the first one crashed, the assertions after it did not run.
//
// --print-results asserts nothing: it prints one line per module and action command
// (results as exact bits, or the error) and how each script ended; fuzz/diff compares
// these lines across engines.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "known_failures.h"
#include "script.h"

namespace fs = std::filesystem;
using namespace akira;
using namespace akira::wast;

namespace {

struct CmdRecord {
  PlannedCommand plan;
  int state = -1;  // -1 not reported, 0 failed, 1 passed
  std::string message;
};

struct Failure {
  int line;
  std::string type;
  std::string message;
  bool known = false;
};

struct FileRun {
  std::string path;
  std::string name;  // file name without directory: the key of known failures
  std::vector<CmdRecord> cmds;
  std::vector<std::string> notes;
  std::vector<std::string> file_errors;
  std::string abnormal;  // how the child ended when it did not finish
  bool done = false;     // the child reported the end of the script

  int passed = 0, failed = 0, skipped = 0;
  std::vector<Failure> failures;
};

// Collects a script's outcome in this process.
class Collector : public Reporter {
 public:
  explicit Collector(FileRun& run) : run_(run) {}
  void plan(const std::vector<PlannedCommand>& cmds) override {
    run_.cmds.clear();
    for (const auto& p : cmds) run_.cmds.push_back({p, -1, {}});
  }
  void result(size_t i, bool ok, const std::string& message) override {
    if (i >= run_.cmds.size()) return;
    run_.cmds[i].state = ok ? 1 : 0;
    run_.cmds[i].message = message;
  }
  void note(const std::string& text) override { run_.notes.push_back(text); }
  void file_error(const std::string& text) override { run_.file_errors.push_back(text); }

 private:
  FileRun& run_;
};

// --- the pipe protocol: one message per line, fields separated by tabs ---------------
std::string escape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    if (c == '\\')
      o += "\\\\";
    else if (c == '\n')
      o += "\\n";
    else if (c == '\t')
      o += "\\t";
    else
      o += c;
  }
  return o;
}

std::string unescape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char c = s[++i];
      o += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      o += s[i];
    }
  }
  return o;
}

std::vector<std::string> split_tabs(const std::string& s) {
  std::vector<std::string> f;
  size_t b = 0;
  for (;;) {
    size_t t = s.find('\t', b);
    f.push_back(s.substr(b, t == std::string::npos ? std::string::npos : t - b));
    if (t == std::string::npos) break;
    b = t + 1;
  }
  return f;
}

class PipeReporter : public Reporter {
 public:
  explicit PipeReporter(int fd) : fd_(fd) {}
  void plan(const std::vector<PlannedCommand>& cmds) override {
    std::string s = "N\t" + std::to_string(cmds.size()) + "\n";
    for (const auto& p : cmds)
      s += "P\t" + std::to_string(p.line) + "\t" + static_cast<char>(p.kind) + "\t" + escape(p.type) + "\n";
    send(s);
  }
  void result(size_t i, bool ok, const std::string& message) override {
    send("R\t" + std::to_string(i) + "\t" + (ok ? "1" : "0") + "\t" + escape(message) + "\n");
  }
  void note(const std::string& text) override { send("V\t" + escape(text) + "\n"); }
  void file_error(const std::string& text) override { send("E\t" + escape(text) + "\n"); }
  void done() { send("D\n"); }

 private:
  void send(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      ssize_t n = ::write(fd_, s.data() + off, s.size() - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        _exit(3);  // the parent is gone
      }
      off += static_cast<size_t>(n);
    }
  }
  int fd_;
};

void apply_message(FileRun& run, const std::string& line) {
  auto f = split_tabs(line);
  if (f.empty() || f[0].empty()) return;
  Collector c(run);
  switch (f[0][0]) {
    case 'N':
      run.cmds.clear();
      if (f.size() > 1) run.cmds.reserve(std::strtoul(f[1].c_str(), nullptr, 10));
      break;
    case 'P':
      if (f.size() >= 4) {
        PlannedCommand p;
        p.line = std::atoi(f[1].c_str());
        p.kind = static_cast<CmdKind>(f[2].empty() ? 'C' : f[2][0]);
        p.type = unescape(f[3]);
        run.cmds.push_back({p, -1, {}});
      }
      break;
    case 'R':
      if (f.size() >= 4) c.result(std::strtoul(f[1].c_str(), nullptr, 10), f[2] == "1", unescape(f[3]));
      break;
    case 'V':
      if (f.size() >= 2) c.note(unescape(f[1]));
      break;
    case 'E':
      if (f.size() >= 2) c.file_error(unescape(f[1]));
      break;
    case 'D': run.done = true; break;
  }
}

// --- running files ------------------------------------------------------------------
std::string make_tmpdir(const std::string& stem) {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/akira-wast-" + stem + "-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) return {};
  return buf.data();
}

void remove_tmpdir(const std::string& dir) {
  std::error_code ec;
  if (!dir.empty()) fs::remove_all(dir, ec);
}

void run_in_process(FileRun& run, const ScriptOptions& opts) {
  std::string dir = make_tmpdir(fs::path(run.path).stem().string());
  if (dir.empty()) {
    run.file_errors.push_back(std::string("cannot create a temporary directory: ") + std::strerror(errno));
    return;
  }
  Collector c(run);
  run_script(run.path, dir, opts, c);
  run.done = true;
  remove_tmpdir(dir);
}

struct Child {
  size_t file = 0;
  pid_t pid = -1;
  int fd = -1;
  std::string dir;
  std::string buf;
  std::chrono::steady_clock::time_point deadline;
  bool timed_out = false;
};

bool start_child(FileRun& run, size_t index, const ScriptOptions& opts, int timeout_s, Child& ch) {
  ch = Child{};
  ch.file = index;
  ch.dir = make_tmpdir(fs::path(run.path).stem().string());
  if (ch.dir.empty()) {
    run.file_errors.push_back(std::string("cannot create a temporary directory: ") + std::strerror(errno));
    return false;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    run.file_errors.push_back(std::string("pipe: ") + std::strerror(errno));
    remove_tmpdir(ch.dir);
    return false;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    run.file_errors.push_back(std::string("fork: ") + std::strerror(errno));
    close(fds[0]);
    close(fds[1]);
    remove_tmpdir(ch.dir);
    return false;
  }
  if (pid == 0) {
    close(fds[0]);
    signal(SIGPIPE, SIG_DFL);
    PipeReporter rep(fds[1]);
    run_script(run.path, ch.dir, opts, rep);
    rep.done();
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(0);
  }
  close(fds[1]);
  ch.pid = pid;
  ch.fd = fds[0];
  ch.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s > 0 ? timeout_s : 1);
  return true;
}

void finish_child(FileRun& run, Child& ch, int timeout_s) {
  if (!ch.buf.empty()) apply_message(run, ch.buf);
  close(ch.fd);
  int status = 0;
  while (waitpid(ch.pid, &status, 0) < 0 && errno == EINTR) {}
  remove_tmpdir(ch.dir);
  if (ch.timed_out) {
    run.abnormal = "timed out after " + std::to_string(timeout_s) + " s";
  } else if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    run.abnormal = std::string("crashed (signal ") + std::to_string(sig) + ", " + strsignal(sig) + ")";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    run.abnormal = "exited with status " + std::to_string(WEXITSTATUS(status));
  } else if (!run.done) {
    run.abnormal = "ended without finishing the script";
  }
}

void run_forked(std::vector<FileRun>& runs, const ScriptOptions& opts, int jobs, int timeout_s, bool progress) {
  std::vector<Child> children;
  size_t next = 0, finished = 0;
  auto report_progress = [&](const FileRun& r) {
    finished++;
    if (progress) std::fprintf(stderr, "\r\033[K[%zu/%zu] %s", finished, runs.size(), r.name.c_str());
  };
  while (next < runs.size() || !children.empty()) {
    while (next < runs.size() && static_cast<int>(children.size()) < jobs) {
      Child ch;
      size_t i = next++;
      if (start_child(runs[i], i, opts, timeout_s, ch))
        children.push_back(std::move(ch));
      else
        report_progress(runs[i]);
    }
    std::vector<pollfd> pfds;
    for (auto& ch : children) pfds.push_back({ch.fd, POLLIN, 0});
    int rc = poll(pfds.data(), pfds.size(), 500);
    if (rc < 0 && errno != EINTR) {
      std::perror("poll");
      std::exit(2);
    }
    auto now = std::chrono::steady_clock::now();
    for (size_t k = 0; k < children.size();) {
      Child& ch = children[k];
      bool eof = false;
      if (rc > 0 && (pfds[k].revents & (POLLIN | POLLHUP | POLLERR))) {
        char buf[65536];
        ssize_t n = read(ch.fd, buf, sizeof buf);
        if (n > 0) {
          ch.buf.append(buf, static_cast<size_t>(n));
          size_t start = 0;
          for (size_t nl; (nl = ch.buf.find('\n', start)) != std::string::npos; start = nl + 1)
            apply_message(runs[ch.file], ch.buf.substr(start, nl - start));
          ch.buf.erase(0, start);
        } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
          eof = true;
        }
      }
      if (!eof && timeout_s > 0 && !ch.timed_out && now > ch.deadline) {
        ch.timed_out = true;
        kill(ch.pid, SIGKILL);
      }
      if (eof) {
        finish_child(runs[ch.file], ch, timeout_s);
        report_progress(runs[ch.file]);
        children.erase(children.begin() + static_cast<long>(k));
        pfds.erase(pfds.begin() + static_cast<long>(k));
      } else {
        k++;
      }
    }
  }
  if (progress) std::fprintf(stderr, "\r\033[K");
}

// Turns the collected outcome into counts and failures.
void tally(FileRun& run, const KnownFailures& known) {
  bool first_missing = true;
  for (const auto& c : run.cmds) {
    const auto& p = c.plan;
    if (p.kind == CmdKind::Skipped) {
      run.skipped++;
      continue;
    }
    if (c.state == 1) {
      if (p.kind == CmdKind::Assertion) run.passed++;
      continue;
    }
    std::string msg = c.message;
    if (c.state == -1) {
      // Never reported: the first such command is where the script stopped.
      if (first_missing) {
        msg = run.abnormal.empty() ? "not run" : run.abnormal;
        first_missing = false;
      } else {
        if (p.kind != CmdKind::Assertion) continue;
        msg = "not run (the script stopped earlier)";
      }
    }
    run.failed++;
    run.failures.push_back({p.line, p.type, msg, known.contains(run.name, p.line)});
  }
  // A script that could not be run at all, or ended abnormally before its plan.
  std::string whole;
  for (const auto& e : run.file_errors) whole += (whole.empty() ? "" : "; ") + e;
  if (run.cmds.empty() && whole.empty() && !run.abnormal.empty()) whole = run.abnormal;
  if (!whole.empty()) {
    run.failed++;
    run.failures.push_back({0, "script", whole, known.contains(run.name, 0)});
  }
}

std::vector<std::string> collect_files(const std::vector<std::string>& args, std::string& err) {
  std::vector<std::string> files;
  for (const auto& a : args) {
    std::error_code ec;
    if (fs::is_directory(a, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::directory_iterator(a, ec))
        if (e.is_regular_file() && e.path().extension() == ".wast") found.push_back(e.path().string());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(a, ec)) {
      files.push_back(a);
    } else {
      err = "no such file or directory: " + a;
      return {};
    }
  }
  return files;
}

std::string one_line(std::string s, size_t max) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  if (s.size() > max) s = s.substr(0, max) + "...";
  return s;
}

// --print-results: each script's command lines, then "end: ok" or how the script stopped
// (a crash or a timeout belongs to the first command that printed nothing).
// Returns 0 when every script ran to its end.
int print_runs(const std::vector<FileRun>& runs) {
  bool all_ended = true;
  for (const auto& r : runs) {
    if (runs.size() > 1) std::printf("== %s\n", r.name.c_str());
    for (const auto& e : r.file_errors) std::printf("error: %s\n", one_line(e, 4096).c_str());
    for (const auto& c : r.cmds) {
      if (c.state == -1) break;
      if (c.state == 0)
        std::printf("error: %s\n", one_line(c.message, 4096).c_str());
      else if (!c.message.empty())
        std::printf("%s\n", one_line(c.message, 4096).c_str());
    }
    bool ended = r.abnormal.empty() && r.done && r.file_errors.empty();
    all_ended = all_ended && ended;
    std::printf("end: %s\n", ended ? "ok" : r.abnormal.empty() ? "incomplete" : r.abnormal.c_str());
  }
  std::fflush(stdout);
  return all_ended ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"akira-wast: runs WebAssembly spec scripts (.wast) against Akira"};
  std::string mode = "interp";
  std::string known_path, write_known_path, akirac_flags;
  bool verbose = false, no_fork = false, print_results = false;
  int jobs = 1, timeout_s = 600;
  std::vector<std::string> inputs;
  app.add_option("--mode", mode, "Execution mode: interp or aot")
      ->check(CLI::IsMember({"interp", "aot"}))
      ->capture_default_str();
  app.add_option("--known-failures", known_path, "File listing known failures (FILE.wast:LINE per line, # comments)");
  app.add_option("--write-known-failures", write_known_path,
                 "Write this run's failures to FILE (entries for files not run are kept)");
  app.add_option("--akirac-flags", akirac_flags, "Extra flags for akirac (aot mode)");
  app.add_flag("-v,--verbose", verbose, "Show known failures and message-text mismatches");
  app.add_option("-j,--jobs", jobs, "Scripts to run at once (each in its own process)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--timeout", timeout_s, "Seconds allowed per script, 0 for no limit")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_flag("--print-results", print_results,
               "Assert nothing: print what each module and action command did, value bits exact "
               "(FILES may be wast2json .json output)");
  app.add_flag("--no-fork", no_fork, "Run scripts in this process, one after another (for debugging)");
  app.add_option("FILES_OR_DIRS", inputs, ".wast files, or directories whose *.wast files are run")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);  // prints help or the error
    return rc == 0 ? 0 : 2;
  }

  ScriptOptions opts;
  opts.engine.mode = mode;
  opts.engine.akirac_flags = akirac_flags;
  opts.verbose = verbose;
  opts.print_results = print_results;
  {
    auto probe = make_engine(opts.engine);
    if (!probe.ok()) {
      std::fprintf(stderr, "akira-wast: %s\n", probe.error().message.c_str());
      return 2;
    }
  }

  KnownFailures known;
  if (!known_path.empty()) {
    std::string err = known.load(known_path);
    if (!err.empty()) {
      std::fprintf(stderr, "akira-wast: %s\n", err.c_str());
      return 2;
    }
  }

  std::string err;
  std::vector<std::string> files = collect_files(inputs, err);
  if (!err.empty()) {
    std::fprintf(stderr, "akira-wast: %s\n", err.c_str());
    return 2;
  }
  if (files.empty()) {
    std::fprintf(stderr, "akira-wast: no .wast files to run\n");
    return 2;
  }

  std::vector<FileRun> runs(files.size());
  for (size_t i = 0; i < files.size(); i++) {
    runs[i].path = files[i];
    runs[i].name = fs::path(files[i]).filename().string();
  }

  if (no_fork) {
    for (auto& r : runs) run_in_process(r, opts);
  } else {
    run_forked(runs, opts, jobs, timeout_s, isatty(2) && files.size() > 1);
  }

  if (print_results) return print_runs(runs);

  // Report.
  std::set<std::string> run_names;
  std::map<std::string, std::map<int, std::string>> fresh;
  long passed = 0, failed = 0, skipped = 0, unexpected = 0, known_count = 0, stale = 0;
  std::vector<std::string> stale_lines;
  for (auto& r : runs) {
    tally(r, known);
    run_names.insert(r.name);
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
    std::set<int> failed_lines;
    for (const auto& f : r.failures) {
      failed_lines.insert(f.line);
      std::string where = r.name + ":" + std::to_string(f.line);
      fresh[r.name][f.line] = where + "  # " + f.type + ": " + one_line(f.message, 100);
      if (f.known) {
        known_count++;
        if (verbose) std::printf("known failure %s: %s: %s\n", where.c_str(), f.type.c_str(), f.message.c_str());
      } else {
        unexpected++;
        std::printf("FAIL %s: %s: %s\n", where.c_str(), f.type.c_str(), f.message.c_str());
      }
    }
    if (verbose)
      for (const auto& n : r.notes) std::printf("note %s\n", n.c_str());
    auto it = known.entries.find(r.name);
    if (it != known.entries.end())
      for (const auto& [line, text] : it->second)
        if (!failed_lines.count(line))
          stale_lines.push_back("stale known failure: " + r.name + ":" + std::to_string(line) +
                                " (remove it from the list)");
  }

  bool wrote = false;
  if (!write_known_path.empty()) {
    std::string werr = write_known_failures(write_known_path, mode, known, run_names, fresh);
    if (!werr.empty()) {
      std::fprintf(stderr, "akira-wast: %s\n", werr.c_str());
      return 2;
    }
    wrote = true;
  } else {
    for (const auto& s : stale_lines) std::printf("%s\n", s.c_str());
    stale = static_cast<long>(stale_lines.size());
  }

  size_t width = 20;
  for (const auto& r : runs) width = std::max(width, r.name.size());
  std::printf("\n%-*s %8s %8s %8s\n", static_cast<int>(width), "file", "passed", "failed", "skipped");
  for (const auto& r : runs)
    std::printf("%-*s %8d %8d %8d\n", static_cast<int>(width), r.name.c_str(), r.passed, r.failed, r.skipped);
  std::printf("%-*s %8ld %8ld %8ld\n", static_cast<int>(width), "total", passed, failed, skipped);
  std::printf("\nmode %s: %ld known failure%s, %ld unexpected failure%s, %ld stale known-failure entr%s\n",
              mode.c_str(), known_count, known_count == 1 ? "" : "s", unexpected, unexpected == 1 ? "" : "s", stale,
              stale == 1 ? "y" : "ies");
  if (wrote) std::printf("wrote %ld failure%s to %s\n", failed, failed == 1 ? "" : "s", write_known_path.c_str());
  std::printf("%ld passed, %ld failed\n", passed, failed);
  std::fflush(stdout);
  if (wrote) return 0;
  return unexpected == 0 && stale == 0 ? 0 : 1;
}
