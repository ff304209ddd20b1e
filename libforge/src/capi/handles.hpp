// The structs behind the C API's opaque handles.
#pragma once

#include "context/context.hpp"

struct forge_context {
    forge::context impl;
};
