// forge-dispatcher: Catalyst Forge dispatcher: bridges Argo Workflows steps to worker jobs over NATS request-reply.
#include "common/service_main.hpp"

int main(int argc, char **argv) {
    return forge_app::service_main("forge-dispatcher", "Catalyst Forge dispatcher: bridges Argo Workflows steps to worker jobs over NATS request-reply", argc, argv);
}
