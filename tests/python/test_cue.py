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


def test_vet_data_files_against_a_definition(tmp_path):
    schema = write(tmp_path, "schema.cue", '#Service: {name: string, port: int & >0 & <65536, replicas: *1 | int}\n')
    good = write(tmp_path, "good.json", '{"name": "api", "port": 8080}\n')
    forge.cue.vet(schema, good, schema_expression="#Service")
    bad = write(tmp_path, "bad.yaml", 'name: api\nport: 70000\n---\nname: web\nport: 80\nextra: 1\n')
    with pytest.raises(forge.cue.CueError) as info:
        forge.cue.vet(schema, [good, bad], schema_expression="#Service")
    messages = [e["message"] for e in info.value.errors]
    assert any("70000" in m and "<65536" in m for m in messages)
    assert any("extra not allowed" in m for m in messages)
    assert info.value.errors[0]["file"].endswith("bad.yaml") and info.value.errors[0]["line"] == 2


def test_vet_requires_concrete_data_and_joins_cue_files(tmp_path):
    schema = write(tmp_path, "schema.cue", 'name: string\nport: int & <100\n')
    missing = write(tmp_path, "missing.json", '{"port": 80}\n')
    with pytest.raises(forge.cue.CueError) as info:
        forge.cue.vet(schema, missing)
    assert "name: incomplete value string" in str(info.value)
    # A .cue data file joins the schema's package, which must then be complete and conflict-free.
    forge.cue.vet(schema, write(tmp_path, "ok.cue", 'name: "a"\nport: 8\n'))
    with pytest.raises(forge.cue.CueError) as info:
        forge.cue.vet(schema, write(tmp_path, "partial.cue", 'port: 8\n'))
    assert "some instances are incomplete" in str(info.value)
    with pytest.raises(forge.cue.CueError):
        forge.cue.vet(schema, write(tmp_path, "conflict.cue", 'port: 800\n'))
