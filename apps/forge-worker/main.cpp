// forge-worker: Catalyst Forge worker: pulls discovery, CI, artifact, release and deployment jobs from NATS JetStream.
#include "common/service_main.hpp"

int main(int argc, char **argv) {
    return forge_app::service_main("forge-worker", "Catalyst Forge worker: pulls discovery, CI, artifact, release and deployment jobs from NATS JetStream", argc, argv);
}
