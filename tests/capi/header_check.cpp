// The public headers compile as C++ too, and the RAII wrapper with them.
#include "forge/forge.h"
#include "forge/forge.hpp"

int forge_header_check_cxx_dummy();
int forge_header_check_cxx_dummy() { return forge::api::check(FORGE_OK); }
