// Fetching and pushing. Network remotes go through libgit2's transports with our callbacks;
// pushes to a local repository (a path or file://) are done here, because libgit2's local
// transport force-writes the remote ref without checking that it is unchanged, which would let two
// concurrent writers silently overwrite each other.
#include <unistd.h>

#include "git/internal.hpp"

namespace forge::git {

using namespace detail;

namespace {

int acquire_credentials(git_credential **out, const char *, const char *username_from_url, unsigned allowed,
                        void *payload) {
    auto *session = static_cast<remote_session *>(payload);
    if (!session->creds || session->creds->token.empty() || !(allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
        return GIT_PASSTHROUGH;
    // libgit2 asks again after the server refused: refusing the second time ends the loop.
    if (session->credential_attempts++ > 0) {
        git_error_set_str(GIT_ERROR_NET, "the server refused the credentials");
        return GIT_EAUTH;
    }
    const std::string &user = !session->creds->username.empty() ? session->creds->username
                              : username_from_url                ? std::string(username_from_url)
                                                                 : std::string("x-access-token");
    return git_credential_userpass_plaintext_new(out, user.c_str(), session->creds->token.c_str());
}

int collect_remote_output(const char *text, int len, void *payload) {
    auto *session = static_cast<remote_session *>(payload);
    if (len > 0 && session->remote_output.size() < 16 * 1024) session->remote_output.append(text, std::size_t(len));
    return 0;
}

int collect_ref_status(const char *refname, const char *status, void *payload) {
    auto *session = static_cast<remote_session *>(payload);
    if (status) session->rejected.emplace_back(refname ? refname : "", status);
    return 0;
}

}  // namespace

git_remote_callbacks detail::callbacks_for(remote_session &session) {
    git_remote_callbacks cb;
    git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
    cb.credentials = acquire_credentials;
    cb.sideband_progress = collect_remote_output;
    cb.push_update_reference = collect_ref_status;
    cb.payload = &session;
    return cb;
}

namespace {

// The remote's own lines, trimmed of progress chatter, for messages.
std::string remote_said(const std::string &output) {
    std::string lines;
    std::size_t start = 0;
    while (start < output.size()) {
        auto end = output.find_first_of("\r\n", start);
        if (end == std::string::npos) end = output.size();
        std::string line = output.substr(start, end - start);
        start = end + 1;
        if (line.empty() || line.find("Counting objects") != std::string::npos ||
            line.find("Compressing objects") != std::string::npos)
            continue;
        if (!lines.empty()) lines += "; ";
        lines += line;
    }
    return lines;
}

struct resolved_remote {
    remote_ptr remote;
    std::string url;   // as configured (may carry credentials: never printed)
    bool named = false;
};

result<resolved_remote> lookup_remote(git_repository *repo, std::string_view remote, const std::string &repo_name) {
    std::string spec(remote);
    git_remote *raw = nullptr;
    int valid = 0;
    git_remote_name_is_valid(&valid, spec.c_str());
    if (valid) {
        int rc = git_remote_lookup(&raw, repo, spec.c_str());
        if (rc == 0) {
            resolved_remote r{remote_ptr(raw), git_remote_url(raw) ? git_remote_url(raw) : "", true};
            return r;
        }
        if (rc != GIT_ENOTFOUND) return libgit_error(rc, "reading remote '" + spec + "' of " + repo_name);
        git_error_clear();
        // A plain word that is no configured remote and no existing path is a missing remote.
        if (spec.find('/') == std::string::npos && spec.find(':') == std::string::npos)
            return make_error(status::not_found, "no remote named '" + spec + "' in " + repo_name);
    }
    if (int rc = git_remote_create_anonymous(&raw, repo, spec.c_str()); rc < 0)
        return libgit_error(rc, "remote " + redact_url(spec));
    return resolved_remote{remote_ptr(raw), spec, false};
}

std::filesystem::path local_path_of(const std::string &url) {
    if (url.starts_with("file://")) return url.substr(7);
    return url;
}

status_result push_to_local(git_repository *repo, const std::string &repo_name, const std::string &url,
                            const std::string &branch, const git_oid &new_tip) {
    const std::string refname = "refs/heads/" + branch;
    const std::string target = redact_url(url);
    const std::string what = "pushing branch '" + branch + "' to " + target;
    git_repository *raw_remote = nullptr;
    if (int rc = git_repository_open_ext(&raw_remote, local_path_of(url).c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                         nullptr);
        rc < 0)
        return libgit_error(rc, what + ": opening the remote repository");
    repository_ptr remote(raw_remote);
    if (!git_repository_is_bare(remote.get()))
        return make_error(status::unsupported, what + ": the remote has a work tree; push to a bare repository");

    git_oid old_tip;
    bool has_old = false;
    int rc = git_reference_name_to_id(&old_tip, remote.get(), refname.c_str());
    if (rc == 0) {
        has_old = true;
    } else if (rc == GIT_ENOTFOUND) {
        git_error_clear();
    } else {
        return libgit_error(rc, what + ": reading the remote branch");
    }
    if (has_old && git_oid_equal(&old_tip, &new_tip)) return {};

    auto rejected = [&](const std::string &why) {
        return make_error(status::conflict, what + " was rejected: " + why);
    };
    if (has_old) {
        git_odb *raw_odb = nullptr;
        if (int orc = git_repository_odb(&raw_odb, repo); orc < 0) return libgit_error(orc, what);
        odb_ptr odb(raw_odb);
        if (!git_odb_exists(odb.get(), &old_tip) || git_graph_descendant_of(repo, &new_tip, &old_tip) != 1) {
            git_error_clear();
            return rejected("not a fast-forward (the remote branch has commits " + repo_name +
                            " does not; fetch and retry)");
        }
    }

    // Send what the remote lacks: everything reachable from the new tip but not from the old one.
    git_packbuilder *raw_pb = nullptr;
    if (int prc = git_packbuilder_new(&raw_pb, repo); prc < 0) return libgit_error(prc, what);
    packbuilder_ptr pb(raw_pb);
    git_revwalk *raw_walk = nullptr;
    if (int wrc = git_revwalk_new(&raw_walk, repo); wrc < 0) return libgit_error(wrc, what);
    revwalk_ptr walk(raw_walk);
    if (int wrc = git_revwalk_push(walk.get(), &new_tip); wrc < 0) return libgit_error(wrc, what);
    if (has_old)
        if (int wrc = git_revwalk_hide(walk.get(), &old_tip); wrc < 0) return libgit_error(wrc, what);
    if (int wrc = git_packbuilder_insert_walk(pb.get(), walk.get()); wrc < 0)
        return libgit_error(wrc, what + ": collecting objects");
    if (git_packbuilder_object_count(pb.get()) > 0) {
        std::string pack_dir = std::string(git_repository_path(remote.get())) + "objects/pack";
        if (int wrc = git_packbuilder_write(pb.get(), pack_dir.c_str(), 0, nullptr, nullptr); wrc < 0)
            return libgit_error(wrc, what + ": writing objects");
    }

    // Compare-and-swap on the remote ref (under git's own ref lock): if another writer moved it in
    // the meantime, nothing is overwritten.
    git_reference *raw_ref = nullptr;
    const std::string log = "push from " + repo_name;
    rc = has_old ? git_reference_create_matching(&raw_ref, remote.get(), refname.c_str(), &new_tip, 1, &old_tip,
                                                 log.c_str())
                 : git_reference_create(&raw_ref, remote.get(), refname.c_str(), &new_tip, 0, log.c_str());
    reference_ptr ref(raw_ref);
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
        git_error_clear();
        return rejected("the remote branch changed while pushing (another writer); fetch and retry");
    }
    if (rc < 0) return libgit_error(rc, what + ": updating the remote branch");
    return {};
}

}  // namespace

status_result repository::fetch(std::string_view remote, const credentials *creds) {
    FORGE_TRY_ASSIGN(auto r, lookup_remote(repo_.get(), remote, name_));
    if (!r.named) return make_error(status::invalid, "fetch needs a configured remote name, not " + redact_url(remote));
    remote_session session;
    session.creds = creds;
    git_fetch_options opts;
    git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
    opts.callbacks = callbacks_for(session);
    opts.prune = GIT_FETCH_PRUNE;
    if (int rc = git_remote_fetch(r.remote.get(), nullptr, &opts, "forge: fetch"); rc < 0)
        return libgit_error(rc, "fetching " + redact_url(r.url) + " into " + name_);
    return {};
}

result<object_id> repository::fetch_branch(std::string_view remote, std::string_view branch,
                                           const credentials *creds) {
    FORGE_TRY_ASSIGN(auto r, lookup_remote(repo_.get(), remote, name_));
    const std::string b(branch);
    // Named remotes keep their tracking ref; then the local branch follows it.
    const std::string tracking =
        r.named ? "refs/remotes/" + std::string(git_remote_name(r.remote.get())) + "/" + b : "refs/forge/fetched/" + b;
    std::string refspec = "+refs/heads/" + b + ":" + tracking;
    char *specs[] = {refspec.data()};
    git_strarray refspecs{specs, 1};
    remote_session session;
    session.creds = creds;
    git_fetch_options opts;
    git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
    opts.callbacks = callbacks_for(session);
    opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    // A stale tracking ref must not pass for the remote's tip when the branch is gone there.
    git_reference *raw_old = nullptr;
    if (git_reference_lookup(&raw_old, repo_.get(), tracking.c_str()) == 0) {
        reference_ptr old(raw_old);
        git_reference_delete(old.get());
    }
    git_error_clear();
    if (int rc = git_remote_fetch(r.remote.get(), &refspecs, &opts, "forge: fetch branch"); rc < 0)
        return libgit_error(rc, "fetching branch '" + b + "' of " + redact_url(r.url) + " into " + name_);
    git_oid tip;
    if (int rc = git_reference_name_to_id(&tip, repo_.get(), tracking.c_str()); rc < 0) {
        git_error_clear();
        return make_error(status::not_found, "branch '" + b + "' does not exist in " + redact_url(r.url));
    }
    if (!r.named) {
        git_reference *raw_tmp = nullptr;
        if (git_reference_lookup(&raw_tmp, repo_.get(), tracking.c_str()) == 0) {
            reference_ptr tmp(raw_tmp);
            git_reference_delete(tmp.get());
        }
        git_error_clear();
    }
    object_id id = to_id(tip);
    FORGE_TRY(set_branch(b, id));
    return id;
}

status_result repository::push_branch(std::string_view remote, std::string_view branch, const credentials *creds) {
    const std::string b(branch);
    const std::string refname = "refs/heads/" + b;
    git_oid tip;
    if (int rc = git_reference_name_to_id(&tip, repo_.get(), refname.c_str()); rc < 0)
        return libgit_error(rc, "branch '" + b + "' of " + name_);
    FORGE_TRY_ASSIGN(auto r, lookup_remote(repo_.get(), remote, name_));
    if (is_local_url(r.url)) return push_to_local(repo_.get(), name_, r.url, b, tip);

    const std::string what = "pushing branch '" + b + "' to " + redact_url(r.url);
    remote_session session;
    session.creds = creds;
    git_push_options opts;
    git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
    opts.callbacks = callbacks_for(session);
    std::string refspec = refname + ":" + refname;  // never forced
    char *specs[] = {refspec.data()};
    git_strarray refspecs{specs, 1};
    int rc = git_remote_push(r.remote.get(), &refspecs, &opts);
    std::string said = remote_said(session.remote_output);
    if (rc < 0) {
        auto e = libgit_error(rc, what);
        if (!said.empty()) e.message += " (remote: " + said + ")";
        return e;
    }
    // git_remote_push succeeds even when the remote refused the ref: its verdict is per reference.
    if (!session.rejected.empty()) {
        std::string reasons;
        for (const auto &[ref, why] : session.rejected) {
            if (!reasons.empty()) reasons += "; ";
            reasons += ref + ": " + why;
        }
        std::string message = what + " was rejected by the remote (" + reasons + ")";
        if (!said.empty()) message += "; remote said: " + said;
        return make_error(status::conflict, message);
    }
    return {};
}

}  // namespace forge::git
