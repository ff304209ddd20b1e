"""forge.cue over the C API: export to Python objects and YAML, errors with positions, vet."""
import pytest

import forge
import forge.cue


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_export_package_directory_to_python_objects(tmp_path):
    write(tmp_path, "a.cue", 'package app\n#S: {port: *8080 | int, name: string}\nsvc: #S & {name: "api"}\n')
    write(tmp_path, "b.cue", 'package app\nscale: replicas: 2 + 1\n')
    assert forge.cue.export(tmp_path) == {"svc": {"port": 8080, "name": "api"}, "scale": {"replicas": 3}}


def test_definitions_close_their_instances(tmp_path):
    write(tmp_path, "a.cue", 'package app\n#S: {name: string}\nsvc: #S & {name: "api"}\n')
    write(tmp_path, "b.cue", 'package app\nsvc: replicas: 3\n')
    with pytest.raises(forge.cue.CueError) as info:
        forge.cue.export(tmp_path)
    assert "field replicas not allowed" in str(info.value)
    assert info.value.errors[0]["file"].endswith("b.cue")


def test_export_yaml_and_expression(tmp_path):
    f = write(tmp_path, "x.cue", 'a: {b: "hello", c: [1, 2]}\n')
    assert forge.cue.export(f, out="yaml", expression="a") == "b: hello\nc:\n- 1\n- 2\n"


def test_inject_and_artifacts(tmp_path):
    f = write(tmp_path, "x.cue", 'env: string\nimage: @artifact("api").image\n')
    out = forge.cue.export(f, inject={"env": "dev"}, artifacts={"api": {"image": "reg/x:sha-1"}})
    assert out == {"env": "dev", "image": "reg/x:sha-1"}


def test_conflict_lists_every_error_with_positions(tmp_path):
    f = write(tmp_path, "repo.cue", 'a: 1\na: 2\nb: "x" & 3\n')
    with pytest.raises(forge.cue.CueError) as info:
        forge.cue.export(f)
    errors = info.value.errors
    assert len(errors) >= 2
    assert all(e.get("file", "").endswith("repo.cue") for e in errors)
    assert {e.get("path") for e in errors} >= {"a", "b"}
    assert isinstance(info.value, forge.InvalidArgument)
