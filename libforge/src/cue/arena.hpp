// The evaluator's bump allocator. Values, vertices and environments of one evaluation are allocated
// here and freed together; objects with non-trivial destructors are registered and destroyed in
// reverse order when the arena dies. Allocation is a pointer bump, which keeps the many small
// objects of a large configuration cheap and local.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace forge::cue {

class arena {
  public:
    arena() = default;
    arena(const arena &) = delete;
    arena &operator=(const arena &) = delete;
    ~arena() {
        for (auto it = dtors_.rbegin(); it != dtors_.rend(); ++it) it->fn(it->obj);
    }

    void *allocate(std::size_t size, std::size_t align) {
        std::size_t pad = (align - reinterpret_cast<std::uintptr_t>(cur_) % align) % align;
        if (cur_ == nullptr || pad + size > left_) grow(size + align);
        pad = (align - reinterpret_cast<std::uintptr_t>(cur_) % align) % align;
        cur_ += pad;
        void *p = cur_;
        cur_ += size;
        left_ -= pad + size;
        used_ += size + pad;
        return p;
    }

    template <class T, class... Args>
    T *make(Args &&...args) {
        T *p = new (allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
        if constexpr (!std::is_trivially_destructible_v<T>) {
            dtors_.push_back({p, [](void *o) { static_cast<T *>(o)->~T(); }});
        }
        return p;
    }

    template <class T>
    std::span<T const> copy(const std::vector<T> &v) {
        static_assert(std::is_trivially_destructible_v<T>);
        if (v.empty()) return {};
        T *p = static_cast<T *>(allocate(sizeof(T) * v.size(), alignof(T)));
        for (std::size_t i = 0; i < v.size(); ++i) new (p + i) T(v[i]);
        return {p, v.size()};
    }

    std::string_view copy(std::string_view s) {
        if (s.empty()) return {};
        char *p = static_cast<char *>(allocate(s.size(), 1));
        std::memcpy(p, s.data(), s.size());
        return {p, s.size()};
    }

    std::size_t bytes_used() const noexcept { return used_; }

  private:
    void grow(std::size_t at_least) {
        std::size_t want = blocks_.empty() ? 64 * 1024 : std::min<std::size_t>(blocks_.back().size * 2, 4u << 20);
        if (want < at_least) want = at_least;
        blocks_.push_back(block{std::unique_ptr<std::byte[]>(new std::byte[want]), want});  // no zero fill
        cur_ = blocks_.back().data.get();
        left_ = want;
    }
    struct block {
        std::unique_ptr<std::byte[]> data;
        std::size_t size;
    };
    struct dtor {
        void *obj;
        void (*fn)(void *);
    };
    std::vector<block> blocks_;
    std::vector<dtor> dtors_;
    std::byte *cur_ = nullptr;
    std::size_t left_ = 0;
    std::size_t used_ = 0;
};

}  // namespace forge::cue
