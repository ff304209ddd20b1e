#include "context/context.hpp"

namespace forge {

context::context() = default;

result<std::string> context::resolve_secret(const ports::secret_ref &ref) {
    FORGE_TRY_ASSIGN(auto provider, secret_providers_.get(ref.provider));
    auto value = provider->resolve(ref);
    if (!value) return std::move(value).err().wrap("resolving a \"" + ref.provider + "\" secret");
    logger_.secrets().add(*value);
    return value;
}

}  // namespace forge
