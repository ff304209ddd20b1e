#include "discovery/repository_source.hpp"

#include "discovery/directory_source.hpp"
#include "discovery/repository_name.hpp"
#include "git/remote_url.hpp"

namespace forge::discovery {

namespace fs = std::filesystem;

bool looks_like_url(std::string_view s) {
    if (s.find("://") != std::string_view::npos) return true;
    auto at = s.find('@');
    auto colon = s.find(':');
    auto slash = s.find('/');
    return at != std::string_view::npos && colon != std::string_view::npos && at < colon &&
           (slash == std::string_view::npos || colon < slash);
}

namespace {

// A URL without "user:password@".
std::string strip_credentials(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url);
    auto at = url.find('@', scheme + 3);
    auto slash = url.find('/', scheme + 3);
    if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) return std::string(url);
    return std::string(url.substr(0, scheme + 3)) + std::string(url.substr(at + 1));
}

// The nearest folder from `start` up to `stop` (inclusive) holding .forge/repo.cue; empty if none.
fs::path forge_root_at_or_above(fs::path start, const fs::path &stop) {
    std::error_code ec;
    for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(dir / ".forge" / "repo.cue", ec)) return dir;
        if (dir == stop || dir == dir.parent_path()) break;
    }
    return {};
}

}  // namespace

result<opened_source> open_source(const source_request &req) {
    if (req.repository.empty()) return make_error(status::invalid, "no repository given (a path or a URL)");
    opened_source out;
    const bool url = looks_like_url(req.repository);
    if (url) {
        if (req.work_tree)
            return make_error(status::invalid,
                              "local mode needs a local repository, not the URL " + strip_credentials(req.repository));
        if (req.clone_cache.empty())
            return make_error(status::invalid, "discovering " + strip_credentials(req.repository) +
                                                   " needs a cache directory to clone it into");
        FORGE_TRY_ASSIGN(auto repo, git::repository::open_or_clone_cached(req.repository, req.clone_cache));
        out.repo = std::make_unique<git::repository>(std::move(repo));
        out.display_url = strip_credentials(req.repository);
        out.fallback_name = name_from_url(out.display_url);
    } else {
        auto opened = git::repository::open(req.repository, true);
        if (!opened.ok() && req.work_tree) {
            // Local mode on a folder outside any git repository: read the directory itself.
            std::error_code ec;
            if (!fs::is_directory(req.repository, ec)) return std::move(opened).err();
            fs::path abs = fs::absolute(req.repository, ec).lexically_normal();
            out.display_url = abs.string();
            out.fallback_name = name_from_url(abs.string());
            out.tree = std::make_unique<directory_source>(abs);
            return out;
        }
        if (!opened.ok()) return std::move(opened).err();
        out.repo = std::make_unique<git::repository>(std::move(opened).value());
        std::error_code ec;
        fs::path abs = fs::absolute(req.repository, ec);
        out.display_url = ec ? req.repository : abs.lexically_normal().string();
        FORGE_TRY_ASSIGN(auto origin, git::remote_url(*out.repo, "origin"));
        fs::path dir = out.repo->work_dir().value_or(out.repo->git_dir());
        std::string dir_name = name_from_url(dir.lexically_normal().string());
        out.fallback_name = origin ? name_from_url(strip_credentials(*origin)) : dir_name;
        if (out.fallback_name.empty()) out.fallback_name = dir_name;
    }
    if (req.work_tree && !url) {
        // A forge repository kept in a folder of a larger git work tree (an example, a vendored
        // repository): the nearest folder at or above the path that holds .forge/repo.cue is the
        // root, when the git work tree's own root does not hold one.
        std::error_code ec;
        fs::path work = out.repo->work_dir().value_or(fs::path()).lexically_normal();
        fs::path root = forge_root_at_or_above(fs::absolute(req.repository, ec).lexically_normal(), work);
        if (!root.empty() && root != work && !fs::exists(work / ".forge" / "repo.cue", ec)) {
            out.display_url = root.string();
            out.fallback_name = name_from_url(root.string());
            out.tree = std::make_unique<directory_source>(root);
            out.repo.reset();
            return out;
        }
    }
    if (req.work_tree) {
        if (out.repo->is_bare())
            return make_error(status::invalid,
                              "local mode needs a work tree, and " + out.display_url + " is a bare repository");
        out.tree = std::make_unique<git::work_tree_source>(*out.repo);
        return out;
    }
    FORGE_TRY_ASSIGN(auto commit, out.repo->resolve(req.revision.empty() ? "HEAD" : req.revision));
    out.commit = commit.hex();
    out.tree = std::make_unique<git::commit_source>(*out.repo, commit);
    return out;
}

}  // namespace forge::discovery
