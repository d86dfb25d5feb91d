/**
 * One-off figure, not a test: time units of work shaped like a projection batch
 * (500 × get + upsert across two indexed collections, then the checkpoint).
 *   npx ts-node --transpile-only -r tsconfig-paths/register libs/platform/read-store/read-store.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';

interface Slot extends Document {
  familyId: string;
  childId: string;
  activityId: string;
  day: string;
  status: string;
  history: { at: number; status: string }[];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pf-read-bench-'));
  const store = await SqliteReadStore.open({ dataDir });
  await store.ensureCollection({ name: 'planning', indexes: [{ fields: ['familyId', 'day'] }, { fields: ['activityId', 'day', 'status'] }] });
  await store.ensureCollection({ name: 'families', indexes: [{ fields: ['communeId'] }] });
  await store.ensureCollection({ name: 'projection_checkpoints' });

  const batch = 500;
  const units = 200;
  const timings: number[] = [];
  let position = 0;
  const started = process.hrtime.bigint();
  for (let u = 0; u < units; u++) {
    const t0 = process.hrtime.bigint();
    await store.unitOfWork(async (uow) => {
      const planning = uow.collection<Slot>('planning');
      const families = uow.collection('families');
      for (let i = 0; i < batch; i++) {
        position++;
        const n = (position * 7919) % 30_000; // revisits earlier slots, like cancellations do
        const id = `slot-${n}`;
        const existing = await planning.get(id);
        const status = existing ? (existing.status === 'reserved' ? 'cancelled' : 'reserved') : 'reserved';
        await planning.upsert({
          _id: id,
          familyId: `family-${n % 3000}`,
          childId: `child-${n % 5000}`,
          activityId: `activity-${n % 4}`,
          day: `2026-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
          status,
          history: [...(existing?.history ?? []).slice(-4), { at: position, status }],
        });
        if (i % 10 === 0) {
          const family = await families.get(`family-${n % 3000}`);
          await families.upsert({ _id: `family-${n % 3000}`, communeId: 'c1', slots: ((family?.slots as number) ?? 0) + 1 });
        }
      }
      await uow.collection('projection_checkpoints').upsert({ _id: 'planning', position, version: 1 });
    });
    timings.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  const sorted = [...timings].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
  console.log(`${units} units of ${batch} get+upsert (+50 family get+upsert, +checkpoint), ${await store.collection('planning').count()} slots in the end`);
  console.log(`per unit: median ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms; ${Math.round((units * batch) / (totalMs / 1000))} events/s`);
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}

void main();
