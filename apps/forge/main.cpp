// forge: the Catalyst Forge command line. Each subcommand lives in its own file and registers
// itself here; this file only wires them up.
#include "commands.hpp"

int main(int argc, char **argv) {
    CLI::App app{"Catalyst Forge: discover, run, release and deploy the projects of a repository", "forge"};
    forge_app::common_options opts;
    forge_app::add_common_flags(app, opts, "forge");
    app.require_subcommand(1);
    app.fallthrough();

    forge_cli::command_list commands;
    forge_cli::add_version_command(app, opts, commands);
    forge_cli::add_adapters_command(app, opts, commands);
    forge_cli::add_cue_command(app, opts, commands);
    forge_cli::add_schema_command(app, opts, commands);
    forge_cli::add_validate_command(app, opts, commands);
    forge_cli::add_discover_command(app, opts, commands);
    forge_cli::add_dag_command(app, opts, commands);
    forge_cli::add_deploy_command(app, opts, commands);
    forge_cli::add_promote_command(app, opts, commands);
    forge_cli::add_rollback_command(app, opts, commands);
    forge_cli::add_deployments_command(app, opts, commands);
    forge_cli::add_env_command(app, opts, commands);
    forge_cli::add_preview_command(app, opts, commands);
    forge_cli::add_diff_command(app, opts, commands);
    forge_cli::add_run_command(app, opts, commands);
    forge_cli::add_logs_command(app, opts, commands);
    forge_cli::add_release_command(app, opts, commands);
    forge_cli::add_oci_command(app, opts, commands);

    if (int rc = forge_app::parse(app, argc, argv); rc != 0) return rc < 0 ? 0 : rc;
    for (auto &[cmd, run] : commands)
        if (cmd->parsed()) return forge_app::run_guarded("forge", run);
    return forge_app::usage;
}
