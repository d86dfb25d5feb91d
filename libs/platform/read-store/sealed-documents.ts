/**
 * Sealed documents: a unit of work keeps the documents it reads and writes as deep-frozen objects,
 * so it can hand them out again without copying or parsing, and write each one once when it ends.
 *
 * Sealing validates a document (the same rules and messages as checkDocument) and freezes it in
 * place. A subtree sealed before (part of a document read from the unit, spread into a new one) is
 * neither walked nor validated again: sealing costs what changed, not the whole document. Each
 * sealed node remembers its height and the array paths below it under a non-enumerable symbol,
 * which spreads, JSON.stringify, for…in and Object.keys never see.
 */
import { ReadStoreUsageError } from './read-store.errors';
import type { Document } from './read-store.port';
import { MAX_DOCUMENT_DEPTH, SEGMENT, checkId, describe, isPlainObject } from './read-store.validation';

interface SealedNode {
  /** Levels of objects / arrays below this one (0: only scalars inside). */
  readonly height: number;
  /** Array paths below this node, relative to it, array levels left out (as checkDocument reports them). */
  readonly arrays: readonly string[];
}

const SEALED = Symbol('read-store.sealed');
const NONE: readonly string[] = Object.freeze([]);

type Node = { [SEALED]?: SealedNode } & object;

const sealedInfo = (node: object): SealedNode | undefined => (node as Node)[SEALED];

function markAndFreeze(node: object, info: SealedNode): SealedNode {
  Object.defineProperty(node, SEALED, { value: info });
  Object.freeze(node);
  return info;
}

/** True for a document (or part of one) that a store sealed: it cannot change any more. */
export function isSealed(value: unknown): boolean {
  return typeof value === 'object' && value !== null && sealedInfo(value) !== undefined;
}

/**
 * Validates `doc` as plain JSON and freezes it in place (the caller must not change it afterwards:
 * the store keeps it). `onArray` receives every array path, as checkDocument reports them.
 */
export function sealDocument(doc: unknown, onArray?: (path: string) => void): Document {
  if (!isPlainObject(doc)) throw new ReadStoreUsageError(`A document must be a plain object, got ${describe(doc)}.`);
  checkId(doc._id);
  const info = sealObject(doc, '', 0);
  if (onArray) for (const path of info.arrays) onArray(path);
  return doc as Document;
}

/** Freezes a document this store wrote and just read back (parsed JSON, or a MongoDB result): already valid. */
export function sealStored<T extends Document>(doc: T): T {
  sealTrusted(doc);
  return doc;
}

function depthError(): ReadStoreUsageError {
  return new ReadStoreUsageError(`Document nested deeper than ${MAX_DOCUMENT_DEPTH} levels.`);
}

function known(node: object, depth: number): SealedNode | undefined {
  const info = sealedInfo(node);
  if (info && depth + info.height > MAX_DOCUMENT_DEPTH) throw depthError();
  return info;
}

function sealObject(value: Record<string, unknown>, prefix: string, depth: number): SealedNode {
  const done = known(value, depth);
  if (done) return done;
  if (depth > MAX_DOCUMENT_DEPTH) throw depthError();
  let height = 0;
  let arrays: string[] | undefined;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const child = value[key];
    if (key.length === 0 || key.charCodeAt(0) === 36 /* $ */ || key.includes('.') || key.includes('\0')) {
      throw new ReadStoreUsageError(`Document key ${JSON.stringify(prefix + key)}: keys must be non-empty, not start with "$" nor hold ".".`);
    }
    if (child === null || child === undefined || typeof child === 'string' || typeof child === 'boolean') continue; // undefined: dropped, as JSON and MongoDB (ignoreUndefined) do
    if (typeof child === 'number') {
      if (!Number.isFinite(child)) throw new ReadStoreUsageError(`Document field "${prefix + key}" is ${child}: not JSON.`);
      continue;
    }
    let info: SealedNode;
    const isArray = Array.isArray(child);
    if (isArray) info = sealArray(child, prefix + key, depth + 1);
    else if (isPlainObject(child)) info = sealObject(child, prefix + key + '.', depth + 1);
    else throw new ReadStoreUsageError(`Document field "${prefix + key}" is ${describe(child)}: store plain JSON (a Date as an ISO string).`);
    if (info.height + 1 > height) height = info.height + 1;
    if (SEGMENT.test(key)) {
      if (isArray) (arrays ??= []).push(key);
      for (const path of info.arrays) (arrays ??= []).push(`${key}.${path}`);
    }
  }
  return markAndFreeze(value, { height, arrays: arrays ?? NONE });
}

function sealArray(items: unknown[], path: string, depth: number): SealedNode {
  const done = known(items, depth);
  if (done) return done;
  if (depth > MAX_DOCUMENT_DEPTH) throw depthError();
  let height = 0;
  let arrays: Set<string> | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) throw new ReadStoreUsageError(`Document field "${path}" holds ${item}: not JSON.`);
      continue;
    }
    let info: SealedNode;
    const isArray = Array.isArray(item);
    if (isArray) info = sealArray(item, path, depth + 1);
    else if (isPlainObject(item)) info = sealObject(item, path + '.', depth + 1);
    else throw new ReadStoreUsageError(`Document field "${path}" holds ${describe(item)}: store plain JSON (null, not undefined; a Date as an ISO string).`);
    if (info.height + 1 > height) height = info.height + 1;
    // Paths do not go through an array nested in an array (MongoDB does not either).
    if (!isArray) for (const p of info.arrays) (arrays ??= new Set()).add(p);
  }
  return markAndFreeze(items, { height, arrays: arrays ? [...arrays] : NONE });
}

function sealTrusted(value: object): SealedNode {
  const done = sealedInfo(value);
  if (done) return done;
  let height = 0;
  let arrays: string[] | undefined;
  if (Array.isArray(value)) {
    let found: Set<string> | undefined;
    for (const item of value) {
      if (item === null || typeof item !== 'object') continue;
      const info = sealTrusted(item);
      if (info.height + 1 > height) height = info.height + 1;
      if (!Array.isArray(item)) for (const p of info.arrays) (found ??= new Set()).add(p);
    }
    if (found) arrays = [...found];
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const child = record[key];
      if (child === null || typeof child !== 'object') continue;
      const info = sealTrusted(child);
      if (info.height + 1 > height) height = info.height + 1;
      if (SEGMENT.test(key)) {
        if (Array.isArray(child)) (arrays ??= []).push(key);
        for (const path of info.arrays) (arrays ??= []).push(`${key}.${path}`);
      }
    }
  }
  return markAndFreeze(value, { height, arrays: arrays ?? NONE });
}
