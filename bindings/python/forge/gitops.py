"""GitOps deployment and the Config Management Plugin's render (forge/gitops.h, forge/cmp.h).

Every deployment is a ReleasePointer commit to the GitOps repository; results are dicts (the C
API's JSON). The Git operations retry on rejected pushes, so concurrent callers never lose one.
"""
import ctypes
import json
import os

from . import _native
from .context import Context
from .errors import check


class GitopsOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("url", ctypes.c_char_p),
        ("cache_dir", ctypes.c_char_p),
        ("branch", ctypes.c_char_p),
        ("token_ref_json", ctypes.c_char_p),
        ("author_name", ctypes.c_char_p),
        ("author_email", ctypes.c_char_p),
        ("policy_json", ctypes.c_char_p),
        ("registry", ctypes.c_char_p),
    ]


class CmpOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("registry", ctypes.c_char_p), ("cache_dir", ctypes.c_char_p)]


_c = ctypes
_ctx = _c.c_void_p
_opts = _c.POINTER(GitopsOptions)
_s = _c.c_char_p
_deploy = _native._declare("forge_gitops_deploy", _c.c_int, _native.void_pp, _ctx, _opts, _s, _s, _s, _s)
_promote = _native._declare("forge_gitops_promote", _c.c_int, _native.void_pp, _ctx, _opts, _s, _s, _s, _s, _s)
_rollback = _native._declare("forge_gitops_rollback", _c.c_int, _native.void_pp, _ctx, _opts, _s, _s, _s, _s, _s)
_history = _native._declare("forge_gitops_history", _c.c_int, _native.void_pp, _ctx, _opts, _s, _s)
_write_pointer = _native._declare("forge_gitops_write_pointer", _c.c_int, _native.void_pp, _ctx, _opts, _s, _s, _s, _s)
_env_init = _native._declare("forge_gitops_env_init", _c.c_int, _native.void_pp, _ctx, _opts, _s, _s)
_preview = _native._declare("forge_gitops_preview", _c.c_int, _native.void_pp, _ctx, _opts, _s, _s, _s, _s)
_init_repository = _native._declare("forge_gitops_init_repository", _c.c_int, _c.POINTER(_c.c_int), _ctx, _s, _s)
_cmp_generate = _native._declare(
    "forge_cmp_generate", _c.c_int, _native.void_pp, _ctx, _s, _c.POINTER(_c.c_char_p), _c.c_size_t,
    _c.POINTER(CmpOptions))
_cmp_render = _native._declare("forge_cmp_render", _c.c_int, _native.void_pp, _ctx, _s, _s, _s, _c.POINTER(CmpOptions))


def _text(value):
    return None if value is None else str(value).encode()


class _Call:
    """A context for one call: the caller's, or a fresh one closed afterwards."""

    def __init__(self, context):
        self.own = context is None
        self.ctx = Context() if context is None else context

    def string(self, fn, *args):
        try:
            out = ctypes.c_void_p()
            check(fn(ctypes.byref(out), self.ctx.handle, *args))
            return _native.take_string(out.value)
        finally:
            if self.own:
                self.ctx.close()


class GitOps:
    """A GitOps repository (local path, file:// or https:// URL) and how to write to it.

    `cache_dir` holds its clone (default <state_dir>/gitops of the context); `registry` is where
    releases are found for numbers and aliases (oci:DIR or host[:port][/prefix]); `policy` the
    environment policy (repo.cue `environments` as a dict or JSON text); `token_ref` a secret
    reference (dict) to an https token.
    """

    def __init__(self, url, cache_dir=None, branch=None, registry=None, policy=None, token_ref=None,
                 author_name=None, author_email=None, context=None):
        self.context = context
        if policy is not None and not isinstance(policy, str):
            policy = json.dumps(policy)
        if token_ref is not None and not isinstance(token_ref, str):
            token_ref = json.dumps(token_ref)
        self._fields = [_text(url), _text(cache_dir), _text(branch), _text(token_ref), _text(author_name),
                        _text(author_email), _text(policy), _text(registry)]
        self._options = GitopsOptions(1, *self._fields)

    def _json(self, fn, *args):
        return json.loads(_Call(self.context).string(fn, ctypes.byref(self._options), *args))

    def deploy(self, release, env, deployed_by="", approved_by=None):
        """Deploys "<repo>/<project>/<sha|number|alias>" to env; the outcome dict ("commit",
        "unchanged", "attempts", "pointer", ...). Re-deploying the same pointer commits nothing."""
        return self._json(_deploy, _text(release), _text(env), _text(deployed_by), _text(approved_by))

    def promote(self, project, from_env, to_env, deployed_by="", approved_by=None):
        """Copies the pointer of "<repo>/<project>" in from_env to to_env."""
        return self._json(_promote, _text(project), _text(from_env), _text(to_env), _text(deployed_by),
                          _text(approved_by))

    def rollback(self, project, env, to=None, deployed_by="", approved_by=None):
        """Points env back at `to` (SHA prefix, number or alias) or the previous different release."""
        return self._json(_rollback, _text(project), _text(env), _text(to), _text(deployed_by), _text(approved_by))

    def history(self, project, env=None):
        """The pointer's history, newest first: [{"env", "commit", "time", "summary", "pointer"}]."""
        return self._json(_history, _text(project), _text(env))

    def write_pointer(self, env, project, pointer_yaml, message):
        """Commits a ReleasePointer document as <env>/apps/<repo>/<project>/release.yaml."""
        return self._json(_write_pointer, _text(env), _text(project), _text(pointer_yaml), _text(message))

    def env_init(self, env, argocd_repo_url=None):
        """Scaffolds <env>/app.yaml and <env>/env.yaml: {"commit", "unchanged"}."""
        return self._json(_env_init, _text(env), _text(argocd_repo_url))

    def preview(self, project, env, release=None, cache_dir=None):
        """The YAML stream the plugin would print for the project in env (or for `release`)."""
        return _Call(self.context).string(_preview, ctypes.byref(self._options), _text(project), _text(env),
                                          _text(release), _text(cache_dir))


def init_repository(path, branch="main", context=None):
    """Creates an empty bare GitOps repository at path; True when created, False when one was there."""
    call = _Call(context)
    try:
        created = ctypes.c_int()
        check(_init_repository(ctypes.byref(created), call.ctx.handle, _text(path), _text(branch)))
        return bool(created.value)
    finally:
        if call.own:
            call.ctx.close()


def cmp_generate(app_dir, registry=None, cache_dir=None, env=None, context=None):
    """The plugin's `generate` for the application folder <env>/apps/<repo>/<project>: one YAML
    string, or an exception whose message names pointer, image and cause. `env` is a dict of the
    ARGOCD_* variables (default: those of os.environ)."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k.startswith(("ARGOCD_APP_", "ARGOCD_ENV_"))}
    pairs = [f"{k}={v}".encode() for k, v in env.items()]
    array = (ctypes.c_char_p * max(len(pairs), 1))(*pairs)
    opts = CmpOptions(1, _text(registry), _text(cache_dir))
    return _Call(context).string(_cmp_generate, _text(app_dir), array, len(pairs), ctypes.byref(opts))


def cmp_render(project, sha, env_yaml=None, registry=None, cache_dir=None, context=None):
    """The same render for release `sha` of "<repo>/<project>", followed by env_yaml."""
    opts = CmpOptions(1, _text(registry), _text(cache_dir))
    return _Call(context).string(_cmp_render, _text(project), _text(sha), _text(env_yaml), ctypes.byref(opts))
