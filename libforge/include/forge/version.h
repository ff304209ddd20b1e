/* Catalyst Forge: version of this header set. The build reads these numbers. */
#ifndef FORGE_VERSION_H
#define FORGE_VERSION_H

#define FORGE_VERSION_MAJOR 0
#define FORGE_VERSION_MINOR 1
#define FORGE_VERSION_PATCH 0
#define FORGE_VERSION_STRING "0.1.0"

/* The ABI major: libforge.so.<FORGE_SOVERSION>. Bumped only when an exported symbol changes meaning. */
#define FORGE_SOVERSION 0

#endif
