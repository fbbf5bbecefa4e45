#include "deploy/module_cache.h"

#include "deploy/pack.h"

namespace akira::deploy {

namespace {
std::string short_key(const std::vector<uint8_t>& key) { return hex(key).substr(0, 16); }
}  // namespace

std::optional<ModuleCache::Entry> ModuleCache::get(const std::vector<uint8_t>& key) {
  std::optional<Entry> out;
  std::function<void(const std::string&)> log;
  {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) {
      ++misses_;
    } else {
      ++hits_;
      lru_.splice(lru_.begin(), lru_, it->second);
      out = it->second->entry;
    }
    log = log_;
  }
  if (log) log(std::string("module cache ") + (out ? "hit " : "miss ") + short_key(key));
  return out;
}

void ModuleCache::put(const std::vector<uint8_t>& key, Entry e) {
  std::vector<std::string> lines;
  std::function<void(const std::string&)> log;
  {
    std::lock_guard lock(mu_);
    log = log_;
    if (auto it = index_.find(key); it != index_.end()) {
      bytes_ -= it->second->entry.bytes;
      lru_.erase(it->second);
      index_.erase(it);
    }
    if (e.bytes > max_bytes_) {
      lines.push_back("module cache: " + short_key(key) + " (" + std::to_string(e.bytes) +
                      " bytes) is larger than the cache; not kept");
    } else {
      while (!lru_.empty() && bytes_ + e.bytes > max_bytes_) {
        Node& last = lru_.back();
        lines.push_back("module cache evicted " + short_key(last.key) + " (" + std::to_string(last.entry.bytes) +
                        " bytes)");
        bytes_ -= last.entry.bytes;
        index_.erase(last.key);
        lru_.pop_back();
        ++evictions_;
      }
      bytes_ += e.bytes;
      lru_.push_front(Node{key, std::move(e)});
      index_[key] = lru_.begin();
      lines.push_back("module cache stored " + short_key(key) + " (" + std::to_string(lru_.front().entry.bytes) +
                      " bytes; " + std::to_string(bytes_) + " of " + std::to_string(max_bytes_) + " used)");
    }
  }
  if (log)
    for (const auto& l : lines) log(l);
}

void ModuleCache::clear() {
  std::lock_guard lock(mu_);
  lru_.clear();
  index_.clear();
  bytes_ = 0;
}

size_t ModuleCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}
size_t ModuleCache::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}
uint64_t ModuleCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}
uint64_t ModuleCache::misses() const {
  std::lock_guard lock(mu_);
  return misses_;
}
uint64_t ModuleCache::evictions() const {
  std::lock_guard lock(mu_);
  return evictions_;
}
void ModuleCache::set_log(std::function<void(const std::string&)> log) {
  std::lock_guard lock(mu_);
  log_ = std::move(log);
}

}  // namespace akira::deploy
