#pragma once
// The one exception type of the test harness. Fixtures throw it when a server cannot be started or
// answers wrongly; Catch2 and the launcher print its message, which carries the server's log tail.
#include <stdexcept>
#include <string>

namespace forge::test {

class fixture_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace forge::test
