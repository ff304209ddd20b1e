// Secret provider "file": {provider: "file", path: "/run/secrets/token", key?: "field"}.
// Without `key` the whole file is the secret (one trailing newline dropped); with `key` the file
// is a flat JSON object and the secret is that member (a mounted Kubernetes Secret style).
#pragma once

#include "ports/secret_provider.hpp"

namespace forge::adapters {

class file_secret_provider final : public ports::secret_provider {
  public:
    result<std::string> resolve(const ports::secret_ref &ref) override;
};

}  // namespace forge::adapters
