// catalyst-forge-cmp: Catalyst Forge Config Management Plugin for Argo CD: renders a ReleasePointer into Kubernetes manifests.
#include "common/service_main.hpp"

int main(int argc, char **argv) {
    return forge_app::service_main("catalyst-forge-cmp", "Catalyst Forge Config Management Plugin for Argo CD: renders a ReleasePointer into Kubernetes manifests", argc, argv);
}
