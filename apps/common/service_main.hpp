// The entry point of a service executable whose serving modes are added by later releases:
// it answers --help and --version and refuses to pretend to serve.
#pragma once

#include <iostream>

#include "common/app.hpp"

namespace forge_app {

inline int service_main(const char *name, const char *description, int argc, char **argv) {
    CLI::App app{description, name};
    common_options opts;
    add_common_flags(app, opts, name);
    if (int rc = parse(app, argc, argv); rc != 0) return rc < 0 ? 0 : rc;
    std::cerr << name << ": this build has no serving mode yet; see --help\n" << app.help();
    return usage;
}

}  // namespace forge_app
