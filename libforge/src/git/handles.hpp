// RAII owners for the libgit2 objects libforge uses. Internal to src/git: the only place besides
// the .cpp files of this folder that includes <git2.h>. Every libgit2 `_free` accepts NULL, so an
// empty handle is harmless.
#pragma once

#include <git2.h>

#include <memory>

namespace forge::git::detail {

template <class T, void (*Free)(T *)>
struct libgit_deleter {
    void operator()(T *p) const noexcept { Free(p); }
};

template <class T, void (*Free)(T *)>
using handle = std::unique_ptr<T, libgit_deleter<T, Free>>;

using repository_ptr = handle<git_repository, git_repository_free>;
using object_ptr = handle<git_object, git_object_free>;
using commit_ptr = handle<git_commit, git_commit_free>;
using tree_ptr = handle<git_tree, git_tree_free>;
using tree_entry_ptr = handle<git_tree_entry, git_tree_entry_free>;
using blob_ptr = handle<git_blob, git_blob_free>;
using tag_ptr = handle<git_tag, git_tag_free>;
using reference_ptr = handle<git_reference, git_reference_free>;
using remote_ptr = handle<git_remote, git_remote_free>;
using signature_ptr = handle<git_signature, git_signature_free>;
using index_ptr = handle<git_index, git_index_free>;
using treebuilder_ptr = handle<git_treebuilder, git_treebuilder_free>;
using revwalk_ptr = handle<git_revwalk, git_revwalk_free>;
using status_list_ptr = handle<git_status_list, git_status_list_free>;
using reference_iterator_ptr = handle<git_reference_iterator, git_reference_iterator_free>;
using packbuilder_ptr = handle<git_packbuilder, git_packbuilder_free>;
using odb_ptr = handle<git_odb, git_odb_free>;
using odb_object_ptr = handle<git_odb_object, git_odb_object_free>;

// A git_buf that disposes of its memory.
struct buffer {
    git_buf buf = GIT_BUF_INIT;
    buffer() = default;
    buffer(const buffer &) = delete;
    buffer &operator=(const buffer &) = delete;
    ~buffer() { git_buf_dispose(&buf); }
};

// A git_strarray filled by libgit2 and disposed of here.
struct strarray {
    git_strarray arr{nullptr, 0};
    strarray() = default;
    strarray(const strarray &) = delete;
    strarray &operator=(const strarray &) = delete;
    ~strarray() { git_strarray_dispose(&arr); }
};

}  // namespace forge::git::detail
