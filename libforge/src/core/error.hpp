// The one error type of libforge: a status (mapping 1:1 to the C API's forge_status) and a message.
// Functions that can fail return forge::result<T>; exceptions are kept for bugs and out-of-memory,
// because an exception unwinding through libgit2, NATS.c or libpq callback frames is undefined.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace forge {

enum class status : int {
    ok = 0,
    internal = -1,
    invalid = -2,
    not_found = -3,
    io = -4,
    conflict = -5,
    auth = -6,
    permission = -7,
    timeout = -8,
    cancelled = -9,
    unsupported = -10,
    no_memory = -11,
    limit = -12,
    integrity = -13,
};

const char *status_name(status s) noexcept;

struct error {
    status code = status::internal;
    std::string message;

    error() = default;
    error(status c, std::string m) : code(c), message(std::move(m)) {}

    // Adds context in front: "reading repo.cue: <message>".
    error &wrap(std::string_view what) {
        message.insert(0, std::string(what) + ": ");
        return *this;
    }
};

inline error make_error(status code, std::string message) { return error(code, std::move(message)); }

template <class T>
class [[nodiscard]] result {
  public:
    result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    result(error e) : v_(std::in_place_index<1>, std::move(e)) {}

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T &value() & { return std::get<0>(v_); }
    const T &value() const & { return std::get<0>(v_); }
    T &&value() && { return std::get<0>(std::move(v_)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const error &err() const & { return std::get<1>(v_); }
    error &&err() && { return std::get<1>(std::move(v_)); }

  private:
    std::variant<T, error> v_;
};

template <>
class [[nodiscard]] result<void> {
  public:
    result() = default;
    result(error e) : err_(std::move(e)), failed_(true) {}

    bool ok() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return ok(); }
    const error &err() const & { return err_; }
    error &&err() && { return std::move(err_); }

  private:
    error err_;
    bool failed_ = false;
};

using status_result = result<void>;

}  // namespace forge

// Propagates a failed result out of the enclosing function that returns a forge::result.
#define FORGE_CONCAT_INNER(a, b) a##b
#define FORGE_CONCAT(a, b) FORGE_CONCAT_INNER(a, b)
#define FORGE_TRY(expr)                                                     \
    do {                                                                    \
        auto &&forge_try_r_ = (expr);                                       \
        if (!forge_try_r_.ok()) return std::move(forge_try_r_).err();       \
    } while (0)
#define FORGE_TRY_ASSIGN_IMPL(tmp, lhs, expr)                               \
    auto tmp = (expr);                                                      \
    if (!tmp.ok()) return std::move(tmp).err();                             \
    lhs = std::move(tmp).value()
#define FORGE_TRY_ASSIGN(lhs, expr) FORGE_TRY_ASSIGN_IMPL(FORGE_CONCAT(forge_try_v_, __LINE__), lhs, expr)
