/*
 * The platform schemas in CUE (package schema): #Repo, #Project, #Step, #Artifact, #Trigger,
 * the XR kinds (#Deployment, #Stateful, #Job, #CronJob, #Network, #Secrets, #ConfigMaps,
 * #Storage, #Database), #ReleasePointer and #EnvironmentConfig. See docs/schemas.md.
 */
#ifndef FORGE_SCHEMA_H
#define FORGE_SCHEMA_H

#include "forge/common.h"

FORGE_BEGIN_DECLS

/* The names of the schema files as a JSON array, e.g. ["common","gitops","project","repo","xr"]. @since 0.1 */
FORGE_API int forge_schema_list(char **out_json);

/* The CUE text of one schema file ("repo", "project", ...), or of all of them when name is NULL. @since 0.1 */
FORGE_API int forge_schema_get(char **out, const char *name);

FORGE_END_DECLS

#endif
