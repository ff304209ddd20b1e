// The structs behind the C API's opaque handles.
#pragma once

#include "capi/discovery_caches.hpp"
#include "context/context.hpp"

struct forge_context {
    forge::context impl;
    forge::capi::discovery_caches discovery;  // evaluation caches kept across calls
};
