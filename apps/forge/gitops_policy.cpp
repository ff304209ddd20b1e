// The environment policy of the deployment commands from a source repository's repo.cue, so that
// `forge deploy --repo .` honours what repo.cue declares, as `forge run` does.
#include <boost/json.hpp>
#include <filesystem>

#include "gitops_flags.hpp"

namespace forge_cli {

std::string policy_from_repo(forge_context *ctx, const std::string &repo) {
    const std::string path = (std::filesystem::path(repo) / ".forge" / "repo.cue").string();
    const char *paths[] = {path.c_str()};
    forge_cue_options o = FORGE_CUE_OPTIONS_INIT;
    char *out = nullptr, *errors = nullptr;
    int rc = forge_cue_export(&out, &errors, ctx, paths, 1, &o);
    std::string errors_text = errors != nullptr ? forge::api::take_string(errors) : std::string();
    if (rc != FORGE_OK) {
        std::string text = path + ": cannot read the environment policy";
        if (!errors_text.empty()) text += ": " + errors_text;
        throw std::runtime_error(text);
    }
    const auto config = boost::json::parse(forge::api::take_string(out));
    const auto *envs = config.is_object() ? config.as_object().if_contains("environments") : nullptr;
    return envs != nullptr ? boost::json::serialize(*envs) : std::string();
}

}  // namespace forge_cli
