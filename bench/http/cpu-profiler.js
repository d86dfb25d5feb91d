/**
 * Preloaded into the portal by the HTTP benches when BENCH_CPU_PROF=<folder> is set
 * (`node -r bench/http/cpu-profiler.js …`): each SIGWINCH (which Nest's shutdown hooks leave alone, unlike SIGUSR2) starts the V8 CPU profiler, the next one
 * stops it and writes `<folder>/<label>.cpuprofile` (label from PF_CPU_PROF_LABELS, comma-separated,
 * in order), so a profile covers one measured phase and not the setup. Summarise one with
 * `node bench/http/cpu-profile-summary.js <file>`.
 */
'use strict';
const inspector = require('node:inspector');
const { writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const folder = process.env.PF_CPU_PROF_DIR;
const labels = (process.env.PF_CPU_PROF_LABELS || '').split(',').filter(Boolean);
if (folder) {
  mkdirSync(folder, { recursive: true });
  const session = new inspector.Session();
  session.connect();
  let running = false;
  let count = 0;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      const label = labels[count] || `phase-${count}`;
      count++;
      if (error) return console.error('cpu-profiler:', error.message);
      writeFileSync(join(folder, `${label}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
