#include "objstore/objstore.hpp"

#include <filesystem>

#include "adapters/fs/fs_object_store.hpp"
#include "adapters/s3/s3_config.hpp"

namespace forge::objstore {

result<std::shared_ptr<ports::object_store>> object_store_for(context &ctx) {
    std::string name = ctx.config().get_or("objstore.adapter", "fs");
    auto found = ctx.object_stores().get(name);
    if (found || (name != "fs" && name != "s3")) return found;
    if (name == "s3") {
        auto made = adapters::s3_object_store_from_config(ctx);
        if (!made) return std::move(made).err().wrap("configuring the s3 object store");
        auto store = std::move(made).value();
        auto added = ctx.object_stores().add_new("s3", [&] { return store; });
        if (!added && added.err().code != status::conflict) return std::move(added).err();
        return ctx.object_stores().get("s3");
    }
    std::string root = ctx.config().get_or("objstore.fs.root", "");
    if (root.empty()) {
        std::string state_dir = ctx.config().get_or("state_dir", "");
        if (state_dir.empty())
            return make_error(status::invalid,
                              "the fs object store needs objstore.fs.root or state_dir to be configured");
        root = (std::filesystem::path(state_dir) / "objects").string();
    }
    // Another thread may have created it meanwhile: a conflict then just means "use theirs".
    auto added = ctx.object_stores().add_new("fs", [&] { return std::make_shared<adapters::fs_object_store>(root); });
    if (!added && added.err().code != status::conflict) return std::move(added).err();
    return ctx.object_stores().get("fs");
}

std::string key_segment(std::string_view name) {
    std::string out(name);
    for (char &c : out)
        if (c == '/' || c == '\\' || c == '\0') c = '_';
    if (out.empty() || out == "." || out == "..") return "_";
    if (out.rfind(".forge-tmp-", 0) == 0) out[0] = '_';
    return out;
}

std::string log_key(std::string_view run_id, std::string_view phase, std::string_view project, std::string_view step) {
    return "pipeline-runs/" + key_segment(run_id) + "/logs/" + key_segment(phase) + "/" + key_segment(project) + "/" +
           key_segment(step) + ".log";
}

}  // namespace forge::objstore
