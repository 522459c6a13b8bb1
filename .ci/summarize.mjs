// Counts passed and failed assertions from the raw TAP that tap saves per test file (.tap/test-results/*.tap),
// and prints one plain line: "N passed, M failed". A file whose TAP has no final plan (it crashed or timed out)
// counts as one failure; so does a non-zero exit of the test command that no assertion explains.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.tap/test-results';
const exitCode = Number(process.argv[3] ?? 0);
let passed = 0;
let failed = 0;
const broken = [];

function walk(d) {
  if (!fs.existsSync(d)) return [];
  return fs
    .readdirSync(d, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.tap') ? [path.join(d, e.name)] : [],
    );
}

for (const file of walk(dir)) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  let inYaml = false;
  let prev = null; // the last meaningful line: { indent, kind }
  let topPlan = false;
  for (const raw of lines) {
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (inYaml) {
      if (line === '...') inYaml = false;
      continue;
    }
    if (line === '---') {
      inYaml = true;
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    if (/^Bail out!/.test(line)) {
      failed++;
      broken.push(`${file}: bailed out`);
      continue;
    }
    const plan = /^1\.\.\d+/.test(line);
    if (plan) {
      if (indent === 0) topPlan = true;
      prev = { indent, kind: 'plan' };
      continue;
    }
    const m = /^(not ok|ok)\b(.*)$/.exec(line);
    if (m) {
      // A subtest's own result line follows the plan of its body, one level deeper: not an assertion.
      const closesSubtest = prev && prev.kind === 'plan' && prev.indent > indent;
      if (!closesSubtest && !/#\s*(SKIP|TODO)\b/i.test(m[2])) {
        if (m[1] === 'ok') passed++;
        else failed++;
      }
      prev = { indent, kind: 'result' };
      continue;
    }
    prev = { indent, kind: 'other' };
  }
  if (!topPlan) {
    failed++;
    broken.push(`${file}: no final plan (crashed or timed out)`);
  }
}
if (exitCode !== 0 && failed === 0) {
  failed++;
  broken.push(`test command exited with ${exitCode} without a failing assertion`);
}
for (const b of broken) console.log(`# ${b}`);
console.log(`${passed} passed, ${failed} failed`);
