"""forge.schema: the embedded platform schemas."""
import pytest

import forge
import forge.schema


def test_schema_names_and_text():
    names = forge.schema.names()
    assert {"repo", "project", "xr", "gitops", "common"} <= set(names)
    repo = forge.schema.text("repo")
    assert repo.startswith("package schema")
    assert "#Repo:" in repo
    everything = forge.schema.text()
    for name in names:
        assert f"// ---- {name}.cue" in everything


def test_unknown_schema_is_not_found():
    with pytest.raises(forge.NotFound, match="known: common"):
        forge.schema.text("nope")
