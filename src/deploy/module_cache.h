// Loaded modules kept in memory, keyed by the content hash (BLAKE2b-256) of the bytes
// they were loaded from: a changed file has another key, so an entry is never stale.
// Holds the decoded and validated Module and, for a .aot, the loaded native image.
// Bounded in bytes; the least recently used entries are evicted. Thread-safe.
#pragma once
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "wasm/module.h"

namespace akira::deploy {

class ModuleCache {
 public:
  struct Entry {
    std::shared_ptr<const Module> module;
    std::shared_ptr<void> aot;  // the loaded .aot (aot::AotModule) or null for a .wasm
    size_t bytes = 0;           // what the entry is charged against the bound
  };

  explicit ModuleCache(size_t max_bytes = 64u << 20) : max_bytes_(max_bytes) {}

  // The entry for `key` (marked most recently used), or nothing.
  std::optional<Entry> get(const std::vector<uint8_t>& key);
  // Stores an entry, evicting least recently used ones beyond the bound. An entry larger
  // than the whole bound is not stored.
  void put(const std::vector<uint8_t>& key, Entry e);
  void clear();

  size_t bytes() const;
  size_t size() const;
  size_t max_bytes() const { return max_bytes_; }
  uint64_t hits() const;
  uint64_t misses() const;
  uint64_t evictions() const;
  // Called (outside the lock) with "module cache hit ...", "... miss", "... evicted ...".
  void set_log(std::function<void(const std::string&)> log);

 private:
  struct Node {
    std::vector<uint8_t> key;
    Entry entry;
  };
  mutable std::mutex mu_;
  size_t max_bytes_;
  size_t bytes_ = 0;
  uint64_t hits_ = 0, misses_ = 0, evictions_ = 0;
  std::list<Node> lru_;  // front: most recently used
  std::map<std::vector<uint8_t>, std::list<Node>::iterator> index_;
  std::function<void(const std::string&)> log_;
};

}  // namespace akira::deploy
