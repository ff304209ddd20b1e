// The evaluator's bump allocator. Values, vertices and environments of one evaluation are allocated
// here and freed together; objects with non-trivial destructors are registered and destroyed in
// reverse order when the arena dies. Allocation is a pointer bump, which keeps the many small
// objects of a large configuration cheap and local.
#pragma once

#include <cstddef>
#include <cstdint>
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

    // For objects whose destructor has nothing to do in this instance (a value without a heap
    // number): no destructor registration. track() registers it later if that changes.
    template <class T, class... Args>
    T *make_untracked(Args &&...args) {
        return new (allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
    }
    template <class T>
    void track(T *p) {
        if constexpr (!std::is_trivially_destructible_v<T>)
            dtors_.push_back({p, [](void *o) { static_cast<T *>(o)->~T(); }});
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

// A growable array whose storage lives in an arena: trivially destructible, so objects holding
// it (vertices) need no destructor registration, and 16 bytes instead of std::vector's 24. Growing
// abandons the old storage to the arena. A copy shares the elements but gets no spare capacity, so
// appending to either side never shows up in the other (appends to a copy reallocate).
template <class T>
class avec {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

  public:
    avec() = default;
    avec(const avec &o) noexcept : p_(o.p_), n_(o.n_), cap_(o.n_) {}
    avec &operator=(const avec &o) noexcept {
        p_ = o.p_;
        n_ = o.n_;
        cap_ = o.n_;
        return *this;
    }

    void push_back(arena &a, const T &x) {
        if (n_ == cap_) grow(a);
        p_[n_++] = x;
    }
    void clear() noexcept { n_ = 0; }

    std::size_t size() const noexcept { return n_; }
    bool empty() const noexcept { return n_ == 0; }
    T *begin() noexcept { return p_; }
    T *end() noexcept { return p_ + n_; }
    const T *begin() const noexcept { return p_; }
    const T *end() const noexcept { return p_ + n_; }
    T &operator[](std::size_t i) noexcept { return p_[i]; }
    const T &operator[](std::size_t i) const noexcept { return p_[i]; }
    T &front() noexcept { return p_[0]; }
    const T &front() const noexcept { return p_[0]; }
    T &back() noexcept { return p_[n_ - 1]; }
    const T &back() const noexcept { return p_[n_ - 1]; }

  private:
    void grow(arena &a) {
        std::uint32_t cap = cap_ ? cap_ * 2 : 2;
        T *p = static_cast<T *>(a.allocate(sizeof(T) * cap, alignof(T)));
        if (n_) std::memcpy(static_cast<void *>(p), static_cast<const void *>(p_), sizeof(T) * n_);
        p_ = p;
        cap_ = cap;
    }
    T *p_ = nullptr;
    std::uint32_t n_ = 0, cap_ = 0;
};

}  // namespace forge::cue
