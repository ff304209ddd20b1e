// forge_exec_io: what a C executor callback receives to write output and check cancellation.
#pragma once

#include "ports/executor.hpp"

struct forge_exec_io {
    forge::ports::exec_sink *sink;
};
