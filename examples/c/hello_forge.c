/* A minimal program against an installed libforge: prints the version and the adapters.
 * Build with CMake (find_package(forge)) or with pkg-config:
 *   cc hello_forge.c $(pkg-config --cflags --libs forge) -o hello_forge */
#include <stdio.h>

#include <forge/forge.h>

int main(void) {
    forge_context *ctx = NULL;
    char *adapters = NULL;
    if (forge_context_new(&ctx, NULL) != FORGE_OK) {
        fprintf(stderr, "forge_context_new: %s\n", forge_last_error());
        return 1;
    }
    if (forge_adapters_list(&adapters, ctx) != FORGE_OK) {
        fprintf(stderr, "forge_adapters_list: %s\n", forge_last_error());
        forge_context_free(ctx);
        return 1;
    }
    printf("libforge %s\nadapters: %s\n", forge_version(), adapters);
    forge_free(adapters);
    forge_context_free(ctx);
    return 0;
}
