// The device shell: the same commands on a terminal and through POST /shell.
#include <sstream>
#include <vector>

#include "service/manager.h"
#include "service/service.h"

namespace akira::service {

namespace {

const char* kHelp =
    "commands:\n"
    "  app list            installed apps and their states\n"
    "  app info NAME       state, files, mode, manifest and the tail of its output\n"
    "  app start NAME      run NAME's _start on its own thread\n"
    "  app stop NAME       stop NAME (running code at once, interpreted or native; a host call when it returns)\n"
    "  app remove NAME     stop NAME and delete its files\n"
    "  akira_perf [APP]    mode, load/instantiate/run times, memory, traps and (interpreter) the hot functions\n"
    "  help                this text\n";

}  // namespace

std::string shell_exec(AppManager& apps, const std::string& line, bool& ok) {
  std::istringstream in(line);
  std::vector<std::string> w;
  for (std::string s; in >> s;) w.push_back(s);
  ok = true;
  if (w.empty()) return "";
  auto fail = [&](std::string msg) {
    ok = false;
    return msg + "\n";
  };
  if (w[0] == "help" || w[0] == "?") return kHelp;
  if (w[0] == "akira_perf") {
    if (w.size() > 2) return fail("usage: akira_perf [APP]");
    std::string out = apps.perf(w.size() == 2 ? w[1] : "");
    if (out.rfind("akira_perf: no app", 0) == 0) ok = false;
    return out;
  }
  if (w[0] != "app") return fail("unknown command '" + w[0] + "' (try: help)");
  if (w.size() == 2 && w[1] == "list") {
    std::ostringstream o;
    auto list = apps.list();
    if (list.empty()) o << "no apps installed\n";
    for (const auto& j : list) {
      o << j["name"].get<std::string>() << "  " << j["state"].get<std::string>();
      if (j.contains("message")) o << "  (" << j["message"].get<std::string>() << ")";
      o << "  [";
      bool first = true;
      for (const auto& f : j["files"]) {
        o << (first ? "" : ", ") << f.get<std::string>();
        first = false;
      }
      o << "]\n";
    }
    return o.str();
  }
  if (w.size() != 3) return fail("usage: app list|info NAME|start NAME|stop NAME|remove NAME");
  const std::string& name = w[2];
  if (w[1] == "info") {
    auto j = apps.info(name, true);
    if (j.is_null()) return fail("no app '" + name + "'");
    std::string log = j.value("log", "");
    j.erase("log");
    return j.dump(2) + "\n--- output (tail) ---\n" + log + (log.empty() || log.back() == '\n' ? "" : "\n");
  }
  Status st;
  if (w[1] == "start")
    st = apps.start(name);
  else if (w[1] == "stop")
    st = apps.stop(name);
  else if (w[1] == "remove")
    st = apps.remove(name);
  else
    return fail("unknown app command '" + w[1] + "'");
  if (!st) return fail(st.error().message);
  auto j = apps.info(name, false);
  return name + ": " + (j.is_null() ? std::string("removed") : j["state"].get<std::string>()) + "\n";
}

}  // namespace akira::service
