/**
 * The SQL the embedded adapter generates (json_extract, type guards, json_each for arrays) is
 * checked against a plain in-memory reading of the port's rules, on random documents and filters.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document, Filter, Scalar } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';

type Json = Scalar | Json[] | { [key: string]: Json };

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// '[]' and '{}' are the text json_extract gives for an empty array or object: they must not match those.
const SCALARS: Scalar[] = [null, -1, 0, 1, 2, 2.5, '', '0', '1', 'a', 'b', '[]', '{}', true, false];
const PATHS = ['a', 'b', 'a.b', 'a.c', 'a.b.c', '_id'];
const OPS = ['eq', '$eq', '$ne', '$in', '$gt', '$gte', '$lt', '$lte'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Test = (value: unknown) => boolean;

function equals(expected: Scalar): Test {
  return (value) => (expected === null ? value === null || value === undefined : value === expected);
}

function compare(op: string, bound: string | number): Test {
  return (value) => {
    if (typeof value !== typeof bound) return false;
    const v = value as string | number;
    return op === '$gt' ? v > bound : op === '$gte' ? v >= bound : op === '$lt' ? v < bound : v <= bound;
  };
}

/** MongoDB-style path matching, as the port describes it. */
function matchPath(value: unknown, segments: string[], test: Test): boolean {
  if (segments.length === 0) {
    if (Array.isArray(value)) return value.some((element) => !Array.isArray(element) && test(element));
    return test(value);
  }
  if (Array.isArray(value)) return value.some((element) => isObject(element) && matchPath(element, segments, test));
  if (isObject(value)) return matchPath(value[segments[0]], segments.slice(1), test);
  return matchPath(undefined, segments.slice(1), test);
}

function reference(doc: Document, filter: Filter): boolean {
  return Object.entries(filter).every(([path, condition]) => {
    const segments = path.split('.');
    if (!isObject(condition)) return matchPath(doc, segments, equals(condition as Scalar));
    return Object.entries(condition).every(([op, bound]) => {
      if (op === '$eq') return matchPath(doc, segments, equals(bound as Scalar));
      if (op === '$ne') return !matchPath(doc, segments, equals(bound as Scalar));
      if (op === '$in') return (bound as Scalar[]).some((b) => matchPath(doc, segments, equals(b)));
      return matchPath(doc, segments, compare(op, bound as string | number));
    });
  });
}

function generate(next: () => number, withArrays: boolean) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const value = (depth: number): Json | undefined => {
    const roll = next();
    if (roll < 0.15) return undefined;
    if (roll < 0.6 || depth > 2) return pick(SCALARS);
    if (roll < 0.8 || !withArrays) {
      const object: Record<string, Json> = {};
      for (const key of ['b', 'c']) {
        const v = value(depth + 1);
        if (v !== undefined) object[key] = v;
      }
      return object;
    }
    return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1) ?? null);
  };
  const docs: Document[] = Array.from({ length: 300 }, (_, i) => {
    const doc: Document = { _id: pick(['', 'x', 'y']) + String(i) };
    for (const key of ['a', 'b']) {
      const v = value(0);
      if (v !== undefined) doc[key] = v;
    }
    return doc;
  });
  const condition = (): Filter[string] => {
    const op = pick(OPS);
    if (op === 'eq') return pick(SCALARS);
    if (op === '$in') return { $in: Array.from({ length: Math.floor(next() * 4) }, () => pick(SCALARS)) };
    if (op === '$eq' || op === '$ne') return { [op]: pick(SCALARS) };
    return { [op]: pick(SCALARS.filter((s): s is string | number => typeof s === 'string' || typeof s === 'number')) };
  };
  const filters: Filter[] = Array.from({ length: 400 }, () => {
    const filter: Filter = {};
    const fields = 1 + Math.floor(next() * 2);
    for (let i = 0; i < fields; i++) filter[pick(PATHS)] = condition();
    return filter;
  });
  return { docs, filters };
}

describe('embedded filters agree with the port rules read plainly', () => {
  let dataDir: string;
  let store: SqliteReadStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pf-read-store-'));
    store = await SqliteReadStore.open({ dataDir });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['with arrays anywhere', true, 1],
    ['with arrays anywhere (another draw)', true, 2],
    ['with objects only (the indexable fast path)', false, 3],
  ])('on random documents %s', async (_label, withArrays, seed) => {
    const { docs, filters } = generate(random(seed), withArrays);
    const name = `random_${seed}`;
    await store.ensureCollection({ name, indexes: [{ fields: ['a'] }, { fields: ['a.b', 'b'] }] });
    await store.unitOfWork(async (uow) => {
      for (const doc of docs) await uow.collection(name).upsert(doc);
    });
    const mismatches: string[] = [];
    for (const filter of filters) {
      const expected = docs.filter((doc) => reference(doc, filter)).map((d) => d._id).sort();
      const actual = (await store.collection(name).find(filter)).map((d) => d._id).sort();
      const counted = await store.collection(name).count(filter);
      if (JSON.stringify(actual) !== JSON.stringify(expected) || counted !== expected.length) {
        const differing = [...new Set([...expected, ...actual])].filter((id) => expected.includes(id) !== actual.includes(id));
        mismatches.push(`${JSON.stringify(filter)}: ${differing.map((id) => JSON.stringify(docs.find((d) => d._id === id))).join(' ')}`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
