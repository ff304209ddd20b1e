// forge_buf: the byte buffer a caller-provided callback fills (see forge/common.h).
#pragma once

#include <string>

struct forge_buf {
    std::string bytes;
};
