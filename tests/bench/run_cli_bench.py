#!/usr/bin/env python3
"""`forge run` (the CLI, end to end: start-up, discovery, CUE evaluation, 100 tasks, logs, report)
on a generated 100-project repository whose steps run `true`, against `xargs -P <cores>` running the
same 100 commands in the same project folders. Runs alternate; medians; forge's peak RSS from
/usr/bin/time. "cold": every run starts with an empty state directory (all 100 project.cue files
evaluated); "warm": one state directory kept across runs (evaluations come from its cache, as on a
developer's machine after the first run).

Usage: tests/bench/run_cli_bench.py [--forge build/bin/forge] [--runs 7] [--projects 100] [--jobs N]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def make_repo(root, projects):
    os.makedirs(os.path.join(root, ".forge"))
    with open(os.path.join(root, ".forge", "repo.cue"), "w") as f:
        f.write('package repo\nforgeVersion: "0.1.0"\ntagging: strategy: "monorepo"\nphases: check: group: 1\n')
    names = []
    for i in range(projects):
        name = f"p{i:03d}"
        names.append(name)
        os.makedirs(os.path.join(root, name, ".forge"))
        with open(os.path.join(root, name, ".forge", "project.cue"), "w") as f:
            f.write('package project\nphases: check: steps: [{name: "s", action: "shell", run: "true"}]\n')
    env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@example.com", GIT_COMMITTER_NAME="b",
               GIT_COMMITTER_EMAIL="b@example.com")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "bench"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    return names


def timed(cmd, cwd, env=None):
    """(wall seconds, peak RSS KiB) of one command run under /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r") as out:
        t0 = time.monotonic()
        subprocess.run(["/usr/bin/time", "-o", out.name, "-f", "%M", *cmd], cwd=cwd, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.monotonic() - t0
        return wall, int(out.read().strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--forge", default="build/bin/forge")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--projects", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    forge = os.path.abspath(a.forge)
    with tempfile.TemporaryDirectory(prefix="forge-run-bench-") as tmp:
        repo = os.path.join(tmp, "repo")
        names = make_repo(repo, a.projects)
        env = dict(os.environ, CI="true")
        forge_runs, warm_runs, xargs_runs, rss = [], [], [], []
        warm_state = os.path.join(tmp, "state-warm")
        timed([forge, "run", "--repo", repo, "--state-dir", warm_state], tmp, env)  # primes the cache
        for i in range(a.runs):
            wall, kib = timed([forge, "run", "--repo", repo, "--state-dir", warm_state, "--jobs", str(a.jobs)], tmp, env)
            warm_runs.append(wall)
            rss.append(kib)
            state = os.path.join(tmp, f"state-{i}")
            wall, kib = timed([forge, "run", "--repo", repo, "--state-dir", state, "--jobs", str(a.jobs)], tmp, env)
            forge_runs.append(wall)
            rss.append(kib)
            wall, _ = timed(["sh", "-c", f"printf '%s\\n' {' '.join(names)} | "
                             f"xargs -P {a.jobs} -n 1 sh -c 'cd \"$1\" && /bin/sh -c true' _"], repo)
            xargs_runs.append(wall)
        f, w, x = (statistics.median(r) for r in (forge_runs, warm_runs, xargs_runs))
        print(f"projects={a.projects} runs={a.runs} jobs={a.jobs}")
        print(f"forge run (cold) median {f:.3f} s  (min {min(forge_runs):.3f}, max {max(forge_runs):.3f})")
        print(f"forge run (warm) median {w:.3f} s  (min {min(warm_runs):.3f}, max {max(warm_runs):.3f})")
        print(f"xargs -P {a.jobs}       median {x:.3f} s  (min {min(xargs_runs):.3f}, max {max(xargs_runs):.3f})")
        print(f"overhead cold {f - x:+.3f} s ratio {f / x:.2f}; warm {w - x:+.3f} s ratio {w / x:.2f}; "
              f"forge peak RSS {max(rss) / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
