// forge-api: Catalyst Forge Platform API: the REST API over PostgreSQL (runs, releases, deployments, approvals).
#include "common/service_main.hpp"

int main(int argc, char **argv) {
    return forge_app::service_main("forge-api", "Catalyst Forge Platform API: the REST API over PostgreSQL (runs, releases, deployments, approvals)", argc, argv);
}
