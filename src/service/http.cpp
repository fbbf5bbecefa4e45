// The HTTP API (docs/http-api.md) and `akira device` itself.
#include <httplib.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <poll.h>
#include <pthread.h>
#include <thread>
#include <unistd.h>

#include "service/app_store.h"
#include "service/manager.h"
#include "service/service.h"

namespace akira::service {
namespace {
using json = nlohmann::json;

void send_json(httplib::Response& res, int status, const json& j) {
  res.status = status;
  res.set_content(j.dump(2) + "\n", "application/json");
}
void send_error(httplib::Response& res, int status, const std::string& msg) {
  send_json(res, status, json{{"error", msg}});
}

bool same_secret(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() != b.size();
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

}  // namespace

int run_device(const DeviceOptions& o) {
  if (o.store.empty()) {
    std::fprintf(stderr, "akira device: --store DIR is required\n");
    return 2;
  }
  size_t colon = o.listen.rfind(':');
  int port = -1;
  std::string host = colon == std::string::npos ? "" : o.listen.substr(0, colon);
  try {
    if (colon != std::string::npos) port = std::stoi(o.listen.substr(colon + 1));
  } catch (...) {}
  if (host.empty() || port < 0 || port > 65535) {
    std::fprintf(stderr, "akira device: --listen %s: expected HOST:PORT\n", o.listen.c_str());
    return 2;
  }

  // Signals are taken by one thread (sigwait); every other thread blocks them.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  ManagerOptions mo;
  mo.store = o.store;
  mo.default_max_memory = o.max_memory;
  mo.profile = o.profile;
  AppManager apps(mo);
  std::mutex upload_mu;  // serialises the choice of app names for uploads

  httplib::Server svr;
  svr.set_payload_max_length(o.max_upload + 64 * 1024);  // the file plus multipart framing
  svr.set_read_timeout(30, 0);
  svr.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (o.token.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string auth = req.get_header_value("Authorization");
    if (auth.rfind("Bearer ", 0) == 0 && same_secret(auth.substr(7), o.token))
      return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, "missing or wrong token");
    return httplib::Server::HandlerResponse::Handled;
  });

  svr.Post("/upload", [&](const httplib::Request& req, httplib::Response& res) {
    if (!req.is_multipart_form_data())
      return send_error(res, 400, "expected a multipart/form-data body with a 'file' field");
    if (!req.has_file("file")) return send_error(res, 400, "missing form field 'file'");
    httplib::MultipartFormData f = req.get_file_value("file");
    if (f.content.size() > o.max_upload)
      return send_error(res, 413,
                        "file of " + std::to_string(f.content.size()) + " bytes exceeds the limit of " +
                            std::to_string(o.max_upload));
    std::string name_field = req.has_file("name") ? req.get_file_value("name").content : "";
    if (name_field.empty() && req.has_param("name")) name_field = req.get_param_value("name");
    std::vector<uint8_t> bytes(f.content.begin(), f.content.end());
    std::unique_lock lk(upload_mu);
    auto target = classify_upload(f.filename, name_field, bytes, apps.names());
    lk.unlock();
    if (!target) return send_error(res, 400, target.error().message);
    const UploadTarget& t = target.value();
    if (Status st = write_atomic(std::filesystem::path(o.store) / t.name, t.file_name, bytes); !st)
      return send_error(res, 500, st.error().message);
    apps.installed(t.name);
    json j{{"name", t.name}, {"file", t.file_name}, {"bytes", bytes.size()}, {"kind", t.aot ? "aot" : "wasm"}};
    if (t.aot) j["arch"] = t.arch;
    send_json(res, 201, j);
  });
  svr.Get("/apps", [&](const httplib::Request&, httplib::Response& res) { send_json(res, 200, apps.list()); });
  svr.Get(R"(/apps/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    json j = apps.info(req.matches[1], true);
    if (j.is_null()) return send_error(res, 404, "no app '" + std::string(req.matches[1]) + "'");
    send_json(res, 200, j);
  });
  svr.Get(R"(/apps/([^/]+)/display\.png)", [&](const httplib::Request& req, httplib::Response& res) {
    std::string png = apps.display_png(req.matches[1]);
    if (png.empty()) return send_error(res, 404, "no app '" + std::string(req.matches[1]) + "'");
    res.set_content(png, "image/png");
  });
  auto action = [&](const char* what) {
    return [&apps, what](const httplib::Request& req, httplib::Response& res) {
      std::string name = req.matches[1];
      if (!apps.exists(name)) return send_error(res, 404, "no app '" + name + "'");
      Status st = std::string(what) == "start" ? apps.start(name) : apps.stop(name);
      if (!st) return send_error(res, 409, st.error().message);
      send_json(res, 200, apps.info(name, false));
    };
  };
  svr.Post(R"(/apps/([^/]+)/start)", action("start"));
  svr.Post(R"(/apps/([^/]+)/stop)", action("stop"));
  svr.Delete(R"(/apps/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::string name = req.matches[1];
    if (!apps.exists(name)) return send_error(res, 404, "no app '" + name + "'");
    if (Status st = apps.remove(name); !st) return send_error(res, 409, st.error().message);
    send_json(res, 200, json{{"name", name}, {"removed", true}});
  });
  svr.Post("/shell", [&](const httplib::Request& req, httplib::Response& res) {
    bool ok = true;
    std::string out = shell_exec(apps, req.body, ok);
    res.status = ok ? 200 : 400;
    res.set_content(out, "text/plain; charset=utf-8");
  });

  int bound = port == 0 ? svr.bind_to_any_port(host) : (svr.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    std::fprintf(stderr, "akira device: cannot listen on %s\n", o.listen.c_str());
    return 1;
  }
  std::printf("akira device: listening on http://%s:%d (store %s)\n", host.c_str(), bound, o.store.c_str());
  std::fflush(stdout);

  std::atomic<bool> done{false};
  std::thread sig_thread([&] {
    int sig = 0;
    sigwait(&sigs, &sig);
    if (!done.exchange(true)) svr.stop();
  });
  bool shell = o.shell == 1 || (o.shell == -1 && ::isatty(0));
  std::thread shell_thread;
  if (shell) {
    shell_thread = std::thread([&] {
      bool tty = ::isatty(0);
      std::string pending;
      if (tty) std::fputs("akira> ", stdout), std::fflush(stdout);
      while (!done.load()) {
        pollfd p{0, POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0) continue;
        char buf[1024];
        ssize_t n = ::read(0, buf, sizeof buf);
        if (n <= 0) break;
        pending.append(buf, size_t(n));
        for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
          std::string line = pending.substr(0, nl);
          pending.erase(0, nl + 1);
          if (line == "exit" || line == "quit") {
            n = 0;
            break;
          }
          bool ok = true;
          std::string out = shell_exec(apps, line, ok);
          std::fputs(out.c_str(), stdout);
          if (tty) std::fputs("akira> ", stdout);
          std::fflush(stdout);
        }
        if (n == 0) break;
      }
      if (!done.exchange(true)) svr.stop();
    });
  }

  svr.listen_after_bind();
  done.store(true);
  pthread_kill(sig_thread.native_handle(), SIGTERM);  // wakes sigwait
  sig_thread.join();
  if (shell_thread.joinable()) shell_thread.join();
  bool all = apps.shutdown(3000);
  std::printf("akira device: stopped\n");
  std::fflush(stdout);
  if (!all) {
    std::fprintf(stderr, "akira device: an app running native code did not stop; exiting anyway\n");
    std::fflush(stderr);
    ::_exit(0);
  }
  return 0;
}

}  // namespace akira::service
