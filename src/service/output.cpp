#include "service/output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace akira::service {

void LogBuffer::append(std::string_view s) {
  std::lock_guard lk(mu_);
  buf_.append(s);
  total_ += s.size();
  if (buf_.size() > cap_) {
    size_t cut = buf_.size() - cap_;
    size_t nl = buf_.find('\n', cut);
    buf_.erase(0, nl != std::string::npos && nl - cut < 256 ? nl + 1 : cut);
  }
}

std::string LogBuffer::tail(size_t n) {
  std::lock_guard lk(mu_);
  return buf_.size() <= n ? buf_ : buf_.substr(buf_.size() - n);
}

uint64_t LogBuffer::total() {
  std::lock_guard lk(mu_);
  return total_;
}

namespace {

// Reads a pipe into the log until every writer has closed it.
void pump(int fd, LogBuffer* log) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    log->append(std::string_view(buf, size_t(n)));
  }
  ::close(fd);
}

}  // namespace

Result<std::unique_ptr<OutputCapture>> OutputCapture::open(LogBuffer& log) {
  int pfd[2];
  if (::pipe2(pfd, O_CLOEXEC) != 0) return make_error(ErrorKind::Io, std::string("pipe: ") + std::strerror(errno));
  std::unique_ptr<OutputCapture> c(new OutputCapture);
  c->write_fd_ = pfd[1];
  c->null_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  c->reader_ = std::thread(pump, pfd[0], &log);
  return c;
}

void OutputCapture::close() {
  if (write_fd_ >= 0) ::close(write_fd_);
  if (null_fd_ >= 0) ::close(null_fd_);
  write_fd_ = null_fd_ = -1;
  if (reader_.joinable()) reader_.join();
}

}  // namespace akira::service
