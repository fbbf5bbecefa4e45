#include "script.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "values.h"

extern char** environ;

namespace akira::wast {

const char* kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::Malformed: return "malformed";
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::Unlinkable: return "unlinkable";
    case ErrorKind::Trap: return "trap";
    case ErrorKind::Exhaustion: return "exhaustion";
    case ErrorKind::Io: return "error";
    case ErrorKind::Unsupported: return "unsupported";
    case ErrorKind::Exit: return "exit";
  }
  return "error";
}

namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs `wast2json wast -o json`, its output going to `log`. Returns "" or an error.
std::string run_wast2json(const std::string& wast, const std::string& json_path, const std::string& log) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> argv_s = {"wast2json", wast, "-o", json_path};
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawnp(&pid, "wast2json", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return std::string("cannot run wast2json: ") + std::strerror(rc) + " (install wabt)";
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return std::string("waitpid: ") + std::strerror(errno);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  std::string out = read_text(log);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return "wast2json failed on " + wast + (out.empty() ? "" : ":\n" + out);
}

bool message_matches(const std::string& expected, const std::string& actual) {
  if (expected.empty()) return true;
  return actual.rfind(expected, 0) == 0 || actual.find(expected) != std::string::npos;
}

std::string describe(const Error& e) { return std::string(kind_name(e.kind)) + ": " + e.describe(); }

struct Outcome {
  bool ok;
  std::string message;
};

class ScriptRunner {
 public:
  ScriptRunner(Engine& engine, const std::string& dir, const std::string& file, const ScriptOptions& opts,
               Reporter& rep)
      : engine_(engine), dir_(dir), file_(file), opts_(opts), rep_(rep) {}

  Outcome run(const json& cmd) {
    const std::string type = cmd.at("type").get<std::string>();
    line_ = cmd.value("line", 0);
    if (opts_.print_results) return print(cmd, type);
    if (type == "module") return module(cmd);
    if (type == "register") return do_register(cmd);
    if (type == "action") {
      auto r = action(cmd.at("action"));
      if (!r.ok()) return fail("action failed: " + describe(r.error()));
      return pass();
    }
    if (type == "assert_return") return assert_return(cmd);
    if (type == "assert_trap") return assert_action_error(cmd, false);
    if (type == "assert_exhaustion") return assert_action_error(cmd, true);
    if (type == "assert_malformed") return assert_load_error(cmd, ErrorKind::Malformed);
    if (type == "assert_invalid") return assert_load_error(cmd, ErrorKind::Invalid);
    if (type == "assert_unlinkable") return assert_instantiate_error(cmd, false);
    if (type == "assert_uninstantiable") return assert_instantiate_error(cmd, true);
    return fail("unknown command type \"" + type + "\"");
  }

 private:
  static Outcome pass(std::string m = {}) { return {true, std::move(m)}; }
  static Outcome fail(std::string m) { return {false, std::move(m)}; }

  std::string wasm_path(const json& cmd) const {
    return (fs::path(dir_) / cmd.at("filename").get<std::string>()).string();
  }

  void check_text(const json& cmd, const std::string& actual) {
    if (!opts_.verbose) return;
    std::string expected = cmd.value("text", std::string());
    if (!message_matches(expected, actual))
      rep_.note(file_ + ":" + std::to_string(line_) + ": message differs: expected \"" + expected + "\", got \"" +
                actual + "\"");
  }

  // --print-results: what happened, as one line; the outcome always passes.
  Outcome print(const json& cmd, const std::string& type) {
    if (type == "module") {
      module(cmd);  // its failure message is for assertions; last_error_ is the bare error
      return pass(current_ ? "module: ok" : "module: " + last_error_);
    }
    if (type == "register") {
      Outcome o = do_register(cmd);
      return pass(o.ok ? "register: ok" : "register: " + o.message);
    }
    if (!cmd.contains("action")) return pass({});  // assert_invalid and friends: nothing to run
    const json& act = cmd.at("action");
    std::string head = act.value("type", std::string("invoke")) + " " + action_name(cmd) + ": ";
    auto r = action(act);
    if (!r.ok()) return pass(head + describe(r.error()));
    std::string out = head + "ok";
    for (size_t i = 0; i < r.value().values.size(); i++)
      out += " " + format_raw(r.value().types[i], r.value().values[i]);
    return pass(out);
  }

  Outcome module(const json& cmd) {
    current_ = nullptr;  // a module that fails leaves no current module
    auto m = engine_.load(wasm_path(cmd));
    if (!m.ok()) {
      last_error_ = describe(m.error());
      return fail("module did not load: " + last_error_);
    }
    std::string name = cmd.value("name", std::string());
    auto inst = engine_.instantiate(m.value(), name);
    if (!inst.ok()) {
      last_error_ = describe(inst.error());
      return fail("module did not instantiate: " + last_error_);
    }
    current_ = inst.value();
    if (!name.empty()) named_[name] = current_;
    return pass();
  }

  Outcome do_register(const json& cmd) {
    Instance* inst = current_;
    if (cmd.contains("name")) {
      auto it = named_.find(cmd.at("name").get<std::string>());
      inst = it == named_.end() ? nullptr : it->second;
    }
    if (!inst) return fail("register: no such module");
    engine_.register_instance(cmd.at("as").get<std::string>(), *inst);
    return pass();
  }

  Result<TypedValues> action(const json& act) {
    Instance* inst = current_;
    if (act.contains("module")) {
      std::string name = act.at("module").get<std::string>();
      auto it = named_.find(name);
      if (it == named_.end()) return make_error(ErrorKind::Io, "unknown module " + name);
      inst = it->second;
    }
    if (!inst) return make_error(ErrorKind::Io, "no module to act on");
    std::string type = act.at("type").get<std::string>();
    std::string field = act.at("field").get<std::string>();
    if (type == "get") return engine_.get(*inst, field);
    if (type != "invoke") return make_error(ErrorKind::Io, "unknown action type " + type);
    TypedValues args;
    for (const json& a : act.value("args", json::array())) parse_arg(a, args);
    return engine_.invoke(*inst, field, args);
  }

  // The export's name, quoted, with control characters escaped.
  std::string action_name(const json& cmd) const {
    const json& act = cmd.at("action");
    std::string out = "\"";
    for (unsigned char c : act.value("field", std::string())) {
      if (c < 0x20 || c == 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
    return out + "\"";
  }

  Outcome assert_return(const json& cmd) {
    auto r = action(cmd.at("action"));
    if (!r.ok()) return fail(action_name(cmd) + ": " + describe(r.error()));
    const json& exps = cmd.at("expected");
    const TypedValues& got = r.value();
    bool ok = got.values.size() == exps.size();
    for (size_t i = 0; ok && i < exps.size(); i++) ok = matches(exps[i], got.types[i], got.values[i]);
    if (ok) return pass();
    return fail(action_name(cmd) + ": expected " + format_expected_list(exps) + ", got " + format_values(got, &exps));
  }

  Outcome assert_action_error(const json& cmd, bool exhaustion) {
    auto r = action(cmd.at("action"));
    const char* want = exhaustion ? "call stack exhaustion" : "a trap";
    if (r.ok()) return fail(action_name(cmd) + ": expected " + want + ", got " + format_values(r.value()));
    const Error& e = r.error();
    bool ok = exhaustion ? e.kind == ErrorKind::Exhaustion : e.kind == ErrorKind::Trap;
    if (!ok) return fail(action_name(cmd) + ": expected " + want + ", got " + describe(e));
    check_text(cmd, e.message);
    return pass();
  }

  Outcome assert_load_error(const json& cmd, ErrorKind want) {
    auto m = engine_.load(wasm_path(cmd));
    const char* what = want == ErrorKind::Malformed ? "a malformed" : "an invalid";
    if (m.ok())
      return fail(std::string("expected ") + what + " module, but it " +
                  (want == ErrorKind::Malformed ? "decoded" : "validated"));
    if (m.error().kind != want)
      return fail(std::string("expected ") + what + " module (\"" + cmd.value("text", std::string()) + "\"), got " +
                  describe(m.error()));
    check_text(cmd, m.error().message);
    return pass();
  }

  Outcome assert_instantiate_error(const json& cmd, bool uninstantiable) {
    auto m = engine_.load(wasm_path(cmd));
    if (!m.ok()) return fail("module did not load: " + describe(m.error()));
    auto inst = engine_.instantiate(m.value(), {});
    const char* want = uninstantiable ? "a trap during instantiation" : "a link error";
    if (inst.ok()) return fail(std::string("expected ") + want + ", but it instantiated");
    const Error& e = inst.error();
    bool ok = uninstantiable ? (e.kind == ErrorKind::Trap || e.kind == ErrorKind::Exhaustion)
                             : e.kind == ErrorKind::Unlinkable;
    if (!ok)
      return fail(std::string("expected ") + want + " (\"" + cmd.value("text", std::string()) + "\"), got " +
                  describe(e));
    check_text(cmd, e.message);
    return pass();
  }

  Engine& engine_;
  std::string dir_, file_;
  const ScriptOptions& opts_;
  Reporter& rep_;
  std::map<std::string, Instance*> named_;
  Instance* current_ = nullptr;
  std::string last_error_;  // why the last module command failed
  int line_ = 0;
};

CmdKind classify(const json& cmd) {
  std::string type = cmd.value("type", std::string());
  if (type == "assert_malformed" && cmd.value("module_type", std::string()) == "text") return CmdKind::Skipped;
  if (type.rfind("assert_", 0) == 0) return CmdKind::Assertion;
  return CmdKind::Command;
}

}  // namespace

void run_script(const std::string& wast_path, const std::string& tmpdir, const ScriptOptions& opts, Reporter& rep) {
  const std::string file = fs::path(wast_path).filename().string();
  const std::string stem = fs::path(wast_path).stem().string();
  std::string json_path = (fs::path(tmpdir) / (stem + ".json")).string();
  std::string module_dir = tmpdir;
  if (fs::path(wast_path).extension() == ".json") {
    json_path = wast_path;
    module_dir = fs::path(wast_path).parent_path().string();
    if (module_dir.empty()) module_dir = ".";
  } else {
    std::string err = run_wast2json(wast_path, json_path, (fs::path(tmpdir) / "wast2json.log").string());
    if (!err.empty()) return rep.file_error(err);
  }

  json doc;
  try {
    std::ifstream in(json_path);
    doc = json::parse(in);
  } catch (const std::exception& e) { return rep.file_error("cannot parse " + json_path + ": " + e.what()); }
  if (!doc.contains("commands") || !doc["commands"].is_array())
    return rep.file_error("no commands in the output of wast2json");
  const json& cmds = doc["commands"];

  std::vector<PlannedCommand> plan;
  plan.reserve(cmds.size());
  for (const json& c : cmds) plan.push_back({c.value("line", 0), classify(c), c.value("type", std::string())});
  rep.plan(plan);

  auto engine = make_engine(opts.engine);
  if (!engine.ok()) return rep.file_error(engine.error().message);

  ScriptRunner runner(*engine.value(), module_dir, file, opts, rep);
  for (size_t i = 0; i < cmds.size(); i++) {
    if (plan[i].kind == CmdKind::Skipped) {
      rep.result(i, true, "not run: text-format module");
      continue;
    }
    Outcome o;
    try {
      o = runner.run(cmds[i]);
    } catch (const std::exception& e) { o = {false, std::string("runner error: ") + e.what()}; }
    rep.result(i, o.ok, o.message);
  }
}

}  // namespace akira::wast
