/**
 * Summarises a V8 .cpuprofile: self and total time per function (and per file), top N.
 * `node bench/http/cpu-profile-summary.js <file.cpuprofile> [N]`
 */
'use strict';
const { readFileSync } = require('node:fs');

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg || 40);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) || 0) + 1);
const deltas = profile.timeDeltas;
const totalMs = deltas.reduce((a, b) => a + b, 0) / 1000;
const msPerSample = totalMs / profile.samples.length;

const shortUrl = (url) => url.replace(/^.*\/node_modules\//, 'nm:').replace(/^.*\/dist\/apps\/api\//, '').replace(/^file:\/\//, '');
const keyOf = (n) => {
  const f = n.callFrame;
  return `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
};
const self = new Map();
const total = new Map();
const byFile = new Map();
let idle = 0;
for (const [id, count] of selfSamples) {
  const n = nodes.get(id);
  const name = n.callFrame.functionName;
  if (name === '(idle)') {
    idle += count;
    continue;
  }
  self.set(keyOf(n), (self.get(keyOf(n)) || 0) + count);
  const fileKey = shortUrl(n.callFrame.url) || name;
  byFile.set(fileKey, (byFile.get(fileKey) || 0) + count);
  // total: every distinct function on the stack once
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = keyOf(nodes.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) || 0) + count);
  }
}
const busy = profile.samples.length - idle;
const fmt = (c) => `${(c * msPerSample).toFixed(0).padStart(7)} ms ${((100 * c) / busy).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${totalMs.toFixed(0)} ms profiled, busy ${(busy * msPerSample).toFixed(0)} ms, idle ${(idle * msPerSample).toFixed(0)} ms`);
const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, c] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${fmt(c)}  ${k}`);
};
print('self time', self);
print('total time (inclusive)', total);
print('self time by file', byFile);
