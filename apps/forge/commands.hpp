// The subcommands of `forge`: each add_* function (one file each) adds its CLI11 subcommand and the
// function that runs it when parsed.
#pragma once

#include <functional>
#include <utility>
#include <vector>

#include "common/app.hpp"

namespace forge_cli {

using command_list = std::vector<std::pair<CLI::App *, std::function<int()>>>;

void add_version_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_adapters_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_cue_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_schema_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_validate_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_discover_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_dag_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_deploy_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_promote_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_rollback_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_deployments_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_env_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_preview_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_diff_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_run_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_logs_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_release_command(CLI::App &app, forge_app::common_options &opts, command_list &out);
void add_oci_command(CLI::App &app, forge_app::common_options &opts, command_list &out);

}  // namespace forge_cli
