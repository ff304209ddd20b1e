// The adapters that ship with libforge, registered explicitly into each new context.
#include "adapters/env/env_secret_provider.hpp"
#include "adapters/file/file_secret_provider.hpp"
#include "context/context.hpp"

namespace forge {

status_result register_builtin_adapters(context &ctx) {
    FORGE_TRY(ctx.secret_providers().add("env", std::make_shared<adapters::env_secret_provider>()));
    FORGE_TRY(ctx.secret_providers().add("file", std::make_shared<adapters::file_secret_provider>()));
    return {};
}

}  // namespace forge
