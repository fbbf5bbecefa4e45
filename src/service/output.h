// An app's captured output: what it writes to stdout and stderr (and what the service
// logs about it) kept as the newest bytes, for `app info` and GET /apps/NAME. Capturing
// is plumbing of its own — a pipe, a reader thread, a /dev/null stdin — apart from the
// app's lifecycle.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "common/error.h"

namespace akira::service {

// The newest `cap` bytes appended, cut at a line start when trimmed. Thread-safe.
class LogBuffer {
 public:
  explicit LogBuffer(size_t cap) : cap_(cap) {}
  void append(std::string_view s);
  std::string tail(size_t n);
  uint64_t total();  // bytes ever appended

 private:
  std::mutex mu_;
  std::string buf_;
  size_t cap_;
  uint64_t total_ = 0;
};

// A pipe whose read end a thread pumps into a LogBuffer: give output_fd() to the app as
// its stdout and stderr, stdin_fd() (/dev/null) as its stdin. close() (or the destructor)
// closes the app's ends and waits until everything written has reached the log; call it
// once nothing writes to output_fd() any more.
class OutputCapture {
 public:
  static Result<std::unique_ptr<OutputCapture>> open(LogBuffer& log);
  ~OutputCapture() { close(); }
  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;

  int output_fd() const { return write_fd_; }
  int stdin_fd() const { return null_fd_ >= 0 ? null_fd_ : 0; }
  void close();

 private:
  OutputCapture() = default;
  int write_fd_ = -1, null_fd_ = -1;
  std::thread reader_;
};

}  // namespace akira::service
