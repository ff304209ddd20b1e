#include "support/htpasswd.hpp"

#include <crypt.h>

#include <cerrno>
#include <cstring>

#include "support/fixture_error.hpp"

namespace forge::test {

std::string htpasswd_line(const std::string& user, const std::string& password) {
  // Cost 5 keeps start-up fast; the registry (Go's bcrypt) accepts any cost from 4.
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  if (::crypt_gensalt_rn("$2b$", 5, nullptr, 0, salt, sizeof salt) == nullptr) {
    throw fixture_error(std::string("bcrypt salt generation failed: ") + std::strerror(errno));
  }
  crypt_data data{};
  const char* hash = ::crypt_r(password.c_str(), salt, &data);
  if (hash == nullptr || hash[0] == '*') throw fixture_error("bcrypt hashing failed (libcrypt without bcrypt?)");
  return user + ":" + hash;
}

}  // namespace forge::test
