/* The checks of the C API test programs: each counts, reports a failure with the library's last
 * error, and carries on, so that one run lists every failing check. Included once per program. */
#ifndef FORGE_CAPI_CHECK_H
#define FORGE_CAPI_CHECK_H

#include <stdio.h>

#include "forge/forge.h"

static int passed, failed;

#define CHECK(cond)                                                                                  \
    do {                                                                                             \
        if (cond) {                                                                                  \
            ++passed;                                                                                \
        } else {                                                                                     \
            ++failed;                                                                                \
            fprintf(stderr, "%s:%d: CHECK(%s) failed (last error: %s)\n", __FILE__, __LINE__, #cond, \
                    forge_last_error());                                                             \
        }                                                                                            \
    } while (0)

#endif
