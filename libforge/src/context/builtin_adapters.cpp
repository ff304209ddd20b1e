// The adapters that ship with libforge, registered explicitly into each new context.
// (The "fs" object store depends on configuration and is created on first use: objstore/objstore.hpp.)
#include "adapters/earthly/earthly_executor.hpp"
#include "adapters/env/env_secret_provider.hpp"
#include "adapters/file/file_secret_provider.hpp"
#include "adapters/shell/shell_executor.hpp"
#include "context/context.hpp"

namespace forge {

status_result register_builtin_adapters(context &ctx) {
    FORGE_TRY(ctx.secret_providers().add("env", std::make_shared<adapters::env_secret_provider>()));
    FORGE_TRY(ctx.secret_providers().add("file", std::make_shared<adapters::file_secret_provider>()));
    FORGE_TRY(ctx.executors().add("shell", std::make_shared<adapters::shell_executor>()));
    // A value is a secret when the redactor would mask it: the context taught it every resolved one.
    log::redactor *secrets = &ctx.logger().secrets();
    FORGE_TRY(ctx.executors().add(
        "earthly", std::make_shared<adapters::earthly_executor>([secrets](std::string_view value) {
            return !value.empty() && secrets->mask(value) != value;
        })));
    return {};
}

}  // namespace forge
