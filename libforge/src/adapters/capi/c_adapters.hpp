// Adapters backed by the C structs of function pointers in forge/adapters.h, so that callers of
// the C API (and the Python bindings) can plug their own implementation into any port.
#pragma once

#include <memory>

#include "forge/adapters.h"
#include "ports/executor.hpp"
#include "ports/message_queue.hpp"
#include "ports/object_store.hpp"
#include "ports/secret_provider.hpp"

namespace forge::adapters::capi {

// Owns the payload of a C adapter and releases it with free_payload when the last user goes.
class c_payload {
  public:
    c_payload(void *payload, void (*free_payload)(void *)) : payload_(payload), free_(free_payload) {}
    ~c_payload() {
        if (free_) free_(payload_);
    }
    c_payload(const c_payload &) = delete;
    c_payload &operator=(const c_payload &) = delete;
    void *get() const noexcept { return payload_; }

  private:
    void *payload_;
    void (*free_)(void *);
};

std::shared_ptr<ports::secret_provider> make_secret_provider(const forge_secret_provider &c);
std::shared_ptr<ports::executor> make_executor(const forge_executor &c);
std::shared_ptr<ports::object_store> make_object_store(const forge_object_store &c);
std::shared_ptr<ports::message_queue> make_message_queue(const forge_message_queue &c);

}  // namespace forge::adapters::capi
