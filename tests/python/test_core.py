"""The foundation of the bindings: version, errors, context configuration, logging, secrets."""
import json

import pytest

import forge


def test_version_matches_library():
    assert forge.version() == "%d.%d.%d" % forge.version_info()
    assert forge.version_info()[0] == 0


def test_unknown_configuration_key_raises_invalid_argument_with_message():
    with forge.Context() as ctx:
        with pytest.raises(forge.InvalidArgument) as info:
            ctx.set("objstore.adaptor", "fs")
        assert "unknown configuration key \"objstore.adaptor\"" in str(info.value)
        assert info.value.status_name == "FORGE_EINVAL"
        assert isinstance(info.value, ValueError)


def test_configuration_round_trip_and_defaults():
    with forge.Context() as ctx:
        assert ctx.get("objstore.adapter") == "fs"  # the documented default
        ctx.set("registry", "oci:/tmp/layout")
        assert ctx.get("registry") == "oci:/tmp/layout"
        with pytest.raises(forge.NotFound):
            ctx.get("mq.nats.url")


def test_bad_log_level_is_refused():
    with pytest.raises(forge.InvalidArgument, match="unknown log level"):
        forge.Context(log_level="loud")


def test_builtin_adapters_are_listed():
    with forge.Context() as ctx:
        adapters = ctx.adapters()
    assert {"env", "file"} <= set(adapters["secret_provider"])


def test_env_secret_is_resolved_and_masked_in_logs(monkeypatch):
    monkeypatch.setenv("FORGE_TEST_TOKEN", "s3cr3t-value-123")
    records = []
    with forge.Context(log_level="info", on_log=lambda level, rec: records.append(rec)) as ctx:
        assert ctx.resolve_secret({"provider": "env", "name": "FORGE_TEST_TOKEN"}) == b"s3cr3t-value-123"
        ctx.log("info", "token is s3cr3t-value-123 here")
    assert records, "the log callback received nothing"
    assert records[-1]["msg"] == "token is *** here"
    assert "s3cr3t" not in json.dumps(records)


def test_missing_env_secret_is_not_found():
    with forge.Context() as ctx:
        with pytest.raises(forge.NotFound, match="FORGE_NO_SUCH_VARIABLE"):
            ctx.resolve_secret({"provider": "env", "name": "FORGE_NO_SUCH_VARIABLE"})


def test_python_secret_provider_is_called_with_the_reference():
    seen = []

    def vault(ref):
        seen.append(ref)
        return "from-vault:" + ref["path"]

    with forge.Context() as ctx:
        ctx.register_secret_provider("vault", vault)
        assert ctx.resolve_secret({"provider": "vault", "path": "kv/app"}) == b"from-vault:kv/app"
        assert "vault" in ctx.adapters()["secret_provider"]
    assert seen == [{"provider": "vault", "path": "kv/app"}]


def test_exception_in_provider_is_reraised_as_itself():
    class Boom(RuntimeError):
        pass

    def broken(_ref):
        raise Boom("vault sealed")

    with forge.Context() as ctx:
        ctx.register_secret_provider("vault", broken)
        with pytest.raises(Boom, match="vault sealed"):
            ctx.resolve_secret({"provider": "vault", "path": "x"})


def test_duplicate_provider_name_is_a_conflict():
    with forge.Context() as ctx:
        with pytest.raises(forge.Conflict, match="already registered"):
            ctx.register_secret_provider("env", lambda ref: "x")
