#!/bin/sh
# Generates a synthetic monorepo as a bare git repository, fast (one `git fast-import` stream, no
# work tree): PROJECTS projects, each with .forge/project.cue and FILES-1 more files in a few
# nested directories, plus .forge/repo.cue at the root. A second commit changes one project's
# .forge, for warm re-discovery measurements.
#
#   tests/bench/make_monorepo.sh DIR [PROJECTS=2000] [FILES_PER_PROJECT=25]
#
# The default makes 2,000 projects and 50,001 files. DIR must not exist yet.
set -eu

dir=${1:?usage: make_monorepo.sh DIR [PROJECTS] [FILES_PER_PROJECT]}
projects=${2:-2000}
files=${3:-25}

if [ -e "$dir" ]; then
  echo "make_monorepo.sh: $dir already exists" >&2
  exit 1
fi

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q --bare -b main "$dir"

LC_ALL=C awk -v projects="$projects" -v files="$files" '
function blob(path, content) {
  printf "M 100644 inline %s\ndata %d\n%s\n", path, length(content), content
}
BEGIN {
  print "commit refs/heads/main"
  print "committer Forge Bench <bench@example.com> 1700000000 +0000"
  msg = "synthetic monorepo"
  printf "data %d\n%s\n", length(msg), msg
  blob(".forge/repo.cue", "forgeVersion: \"0.1.0\"\ntagging: strategy: \"monorepo\"\nphases: build: group: 1\n")
  for (p = 0; p < projects; p++) {
    dir = sprintf("area-%02d/team-%02d/proj-%04d", p % 20, int(p / 20) % 10, p)
    blob(dir "/.forge/project.cue", sprintf("name: \"proj-%04d\"\nphases: build: steps: [{name: \"b\", action: \"shell\", run: \"true\"}]\n", p))
    for (f = 1; f < files; f++) {
      sub_dir = (f % 3 == 0) ? "src/internal" : ((f % 3 == 1) ? "src" : "test")
      blob(sprintf("%s/%s/file-%02d.go", dir, sub_dir, f), sprintf("package p%d // file %d\n", p, f))
    }
  }
  print ""
  print "commit refs/heads/main"
  print "committer Forge Bench <bench@example.com> 1700000100 +0000"
  msg = "change one project"
  printf "data %d\n%s\n", length(msg), msg
  blob("area-00/team-00/proj-0000/.forge/project.cue", "name: \"proj-0000\"\n// changed\n")
  print ""
}' | git -C "$dir" fast-import --quiet

echo "$dir: $(git -C "$dir" ls-tree -r --name-only main | wc -l) files in $projects projects at $(git -C "$dir" rev-parse main)"
