// forge::context: the configuration, logger and adapter registries of one embedding of libforge.
// Nothing in libforge is global: every module receives the context it works for.
#pragma once

#include "context/config.hpp"
#include "core/log.hpp"
#include "ports/executor.hpp"
#include "ports/message_queue.hpp"
#include "ports/object_store.hpp"
#include "ports/registry.hpp"
#include "ports/secret_provider.hpp"

namespace forge {

class context {
  public:
    context();
    context(const context &) = delete;
    context &operator=(const context &) = delete;

    log::logger &logger() noexcept { return logger_; }
    forge::config &config() noexcept { return config_; }

    ports::registry<ports::secret_provider> &secret_providers() noexcept { return secret_providers_; }
    ports::registry<ports::executor> &executors() noexcept { return executors_; }
    ports::registry<ports::object_store> &object_stores() noexcept { return object_stores_; }
    ports::registry<ports::message_queue> &message_queues() noexcept { return message_queues_; }

    // Resolves a secret through the registered provider and teaches the logger to mask it.
    result<std::string> resolve_secret(const ports::secret_ref &ref);

  private:
    log::logger logger_;
    forge::config config_;
    ports::registry<ports::secret_provider> secret_providers_{"secret provider"};
    ports::registry<ports::executor> executors_{"executor"};
    ports::registry<ports::object_store> object_stores_{"object store"};
    ports::registry<ports::message_queue> message_queues_{"message queue"};
};

// Registers the adapters that ship with libforge. Explicit (not static self-registration) so that
// linking libforge as a static library cannot silently drop an adapter.
status_result register_builtin_adapters(context &ctx);

}  // namespace forge
