// Runs fn(i) for i in [0, n) on up to `threads` threads (the calling thread is one of them). Work
// is handed out one index at a time, so uneven items balance. fn must not throw.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace forge::discovery {

template <class F>
void parallel_for(std::size_t n, unsigned threads, F &&fn) {
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) fn(i);
    };
    unsigned extra = threads > 1 ? static_cast<unsigned>(std::min<std::size_t>(threads - 1, n > 0 ? n - 1 : 0)) : 0;
    std::vector<std::thread> pool;
    pool.reserve(extra);
    for (unsigned t = 0; t < extra; ++t) pool.emplace_back(worker);
    worker();
    for (auto &t : pool) t.join();
}

}  // namespace forge::discovery
