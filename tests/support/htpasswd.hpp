#pragma once
// htpasswd lines for the registry's basic authentication. The registry accepts only bcrypt entries;
// libxcrypt (glibc's libcrypt on Debian) computes them, so apache2-utils is not needed.
#include <string>

namespace forge::test {

// "user:$2b$..." with a bcrypt hash of `password`; throws fixture_error if bcrypt is unavailable.
std::string htpasswd_line(const std::string& user, const std::string& password);

}  // namespace forge::test
