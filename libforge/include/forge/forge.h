/* Catalyst Forge: the whole public C API. */
#ifndef FORGE_FORGE_H
#define FORGE_FORGE_H

#include "forge/adapters.h"
#include "forge/cmp.h"
#include "forge/common.h"
#include "forge/context.h"
#include "forge/cue.h"
#include "forge/discovery.h"
#include "forge/gitops.h"
#include "forge/oci.h"
#include "forge/pipeline.h"
#include "forge/release.h"
#include "forge/schema.h"
#include "forge/secrets.h"
#include "forge/version.h"

#endif
