#include "core/thread_error.hpp"

namespace forge::thread_error {
namespace {
thread_local error t_error{status::ok, ""};
}

void clear() noexcept {
    t_error.code = status::ok;
    t_error.message.clear();
}

void set(status code, std::string_view message) noexcept {
    t_error.code = code;
    try {
        t_error.message.assign(message);
    } catch (...) {
        t_error.message.clear();
    }
}

const error &get() noexcept { return t_error; }

}  // namespace forge::thread_error
