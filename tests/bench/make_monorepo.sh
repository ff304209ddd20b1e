#!/bin/sh
# Creates a synthetic monorepo for the discovery benchmark: PROJECTS projects (default 2000) of
# FILES files each (default 25, so about 50,000 files), every project with .forge/project.cue,
# committed on main. A second commit changes one project's configuration (for warm re-discovery).
#   tests/bench/make_monorepo.sh DIR [PROJECTS] [FILES]
set -eu
dir=${1:?usage: make_monorepo.sh DIR [PROJECTS] [FILES]}
projects=${2:-2000}
files=${3:-25}
rm -rf "$dir"
mkdir -p "$dir"
python3 - "$dir" "$projects" "$files" <<'PY'
import os, sys
root, n, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def write(path, text):
    path = os.path.join(root, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
write(".forge/repo.cue", """package repo
forgeVersion: "0.1.0"
name: "synthetic"
phases: {
	test: {group: 1, timeout: "15m"}
	build: {group: 2}
}
publishers: docker: type: "docker"
""")
for i in range(n):
    team = f"team{i % 40:02d}"
    p = f"{team}/svc{i:04d}"
    build = ""
    artifacts = ""
    if i % 10 == 0:
        build = '\n\tbuild: steps: [{name: "image", action: "shell", run: "make image"}]'
        artifacts = f'\nartifacts: svc{i:04d}: {{type: "container", producer: {{step: "image", path: "out"}}, publishers: ["docker"]}}'
    write(f"{p}/.forge/project.cue", f"""package project
phases: {{
	test: steps: [{{name: "unit", action: "shell", run: "make test", timeout: "5m"}}]{build}
}}{artifacts}
release: on: [{{branch: "main"}}]
""")
    for k in range(files - 1):
        write(f"{p}/src/mod{k // 8}/file{k:02d}.c", f"int f{i}_{k}(void) {{ return {k}; }}\n")
PY
cd "$dir"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
git init -q -b main
git add -A
git commit -q -m "synthetic monorepo"
sed -i 's/make test/make check/' team01/svc0001/.forge/project.cue
git commit -q -am "one project changes"
# Packed, as clones and long-lived repositories are (loose objects would make every reader slow).
git repack -adq
echo "$dir: $(git ls-files | wc -l) files, $(git ls-files | grep -c '/.forge/project.cue$') projects"
