// Secret provider "env": {provider: "env", name: "VAR"} -> the process environment's VAR.
#pragma once

#include "ports/secret_provider.hpp"

namespace forge::adapters {

class env_secret_provider final : public ports::secret_provider {
  public:
    result<std::string> resolve(const ports::secret_ref &ref) override;
};

}  // namespace forge::adapters
