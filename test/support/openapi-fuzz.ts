import { randomUUID } from 'node:crypto';

/**
 * Hostile inputs derived from the portal's OpenAPI document: the fields of each command's body
 * (types, formats, enums, bounds, as /api/docs-json describes them), a plausible value for each,
 * and a catalogue of hostile values per kind of field. Used by test/e2e/hostile-input.e2e-spec.ts.
 */

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  allOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
}

export interface Operation {
  operationId?: string;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** A schema with its $ref followed and its allOf merged (properties and required lists). */
export function resolve(doc: OpenApiDocument, schema: Schema | undefined, seen = 0): Schema {
  if (!schema || seen > 20) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name] ?? {};
    const { $ref: _ignored, ...rest } = schema;
    return { ...resolve(doc, target, seen + 1), ...rest };
  }
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolve(doc, part, seen + 1));
    const { allOf: _ignored, ...rest } = schema;
    return {
      type: 'object',
      ...Object.assign({}, ...parts),
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      required: [...new Set(parts.flatMap((p) => p.required ?? []))],
      ...rest,
    };
  }
  return schema;
}

export type FieldKind = 'text' | 'uuid' | 'date' | 'email' | 'pattern' | 'enum' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'binary';

export function kindOf(schema: Schema): FieldKind {
  if (schema.enum) return 'enum';
  if (schema.type === 'array') return 'array';
  if (schema.type === 'object' || schema.properties) return 'object';
  if (schema.type === 'integer') return 'integer';
  if (schema.type === 'number') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.format === 'binary') return 'binary';
  if (schema.format === 'uuid') return 'uuid';
  if (schema.format === 'date' || schema.format === 'date-time' || schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'date';
  if (schema.format === 'email') return 'email';
  if (schema.pattern) return 'pattern';
  return 'text';
}

export interface Field {
  /** Where the field sits in the body: property names and list indexes. */
  path: Array<string | number>;
  schema: Schema;
  kind: FieldKind;
  required: boolean;
}

/** Every field of a body schema, nested objects and the first element of lists included (bounded depth). */
export function fieldsOf(doc: OpenApiDocument, root: Schema, maxDepth = 5): Field[] {
  const fields: Field[] = [];
  const walk = (schema: Schema, path: Array<string | number>, depth: number) => {
    const resolved = resolve(doc, schema);
    for (const [name, property] of Object.entries(resolved.properties ?? {})) {
      const child = resolve(doc, property);
      const at = [...path, name];
      fields.push({ path: at, schema: child, kind: kindOf(child), required: (resolved.required ?? []).includes(name) });
      if (depth >= maxDepth) continue;
      if (kindOf(child) === 'object') walk(child, at, depth + 1);
      if (kindOf(child) === 'array') {
        const items = resolve(doc, child.items);
        if (kindOf(items) === 'object' && Object.keys(items.properties ?? {}).length) walk(items, [...at, 0], depth + 1);
      }
    }
  };
  walk(root, [], 0);
  return fields;
}

/** Ids and values of the seeded portal that make a body plausible (a real family, child, activity…). */
export interface FuzzContext {
  ids: Record<string, string>;
  date: string;
  password: string;
  counter: number;
}

/** Values tried for a pattern the document declares, first match wins. */
const PATTERN_CANDIDATES = [
  '0612345678',
  '44000',
  '123456',
  '1234567',
  '2026-11-16',
  '2026-11',
  '08:30',
  'FR7630006000011234567890189',
  'FR12ZZZ123456',
  'BNPAFRPPXXX',
  'reservation.accepted@1',
  'https://example.fr/webhook',
  'SHB-2128-6486-6505',
  'ABC123',
  'Texte',
];

function fromPattern(pattern: string): string {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return 'Texte';
  }
  return PATTERN_CANDIDATES.find((candidate) => regex.test(candidate)) ?? 'Texte';
}

/** A plausible value for a schema: required properties only, lists at their minimum size. */
export function example(doc: OpenApiDocument, schema: Schema | undefined, name: string, ctx: FuzzContext, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (depth > 8) return undefined;
  if (s.enum?.length) return s.enum[0];
  const kind = kindOf(s);
  switch (kind) {
    case 'object': {
      const body: Record<string, unknown> = {};
      for (const property of s.required ?? []) body[property] = example(doc, s.properties?.[property], property, ctx, depth + 1);
      return body;
    }
    case 'array':
      return Array.from({ length: Math.max(0, s.minItems ?? 0) }, () => example(doc, s.items, name, ctx, depth + 1));
    case 'uuid':
      return name === 'requestId' ? randomUUID() : (ctx.ids[name] ?? randomUUID());
    case 'date':
      return s.format === 'date-time' ? `${ctx.date}T08:00:00Z` : ctx.date;
    case 'email':
      return `fuzz.${ctx.counter++}@example.fr`;
    case 'pattern':
      return fromPattern(s.pattern!);
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, s.minimum ?? 1), s.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    case 'binary':
      return undefined;
    case 'text': {
      if (ctx.ids[name]) return ctx.ids[name];
      if (/password/i.test(name)) return ctx.password;
      if (/time$/i.test(name)) return '08:30';
      const text = 'Texte de test';
      return text.padEnd(Math.max(s.minLength ?? 0, 1), 'x').slice(0, s.maxLength ?? text.length);
    }
  }
}

/** A copy of `body` with `value` at `path`, creating the missing objects and lists on the way. */
export function withValue(doc: OpenApiDocument, root: Schema, body: unknown, path: Array<string | number>, value: unknown, ctx: FuzzContext): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let container: Record<string | number, unknown> = copy;
  let schema = resolve(doc, root);
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const childSchema = typeof key === 'number' ? resolve(doc, schema.items) : resolve(doc, schema.properties?.[key]);
    if (i === path.length - 1) {
      container[key] = value;
      break;
    }
    if (container[key] === undefined || container[key] === null || typeof container[key] !== 'object') {
      container[key] = kindOf(childSchema) === 'array' ? [] : example(doc, childSchema, String(key), ctx);
    }
    const next = container[key] as Record<string | number, unknown>;
    if (Array.isArray(next) && typeof path[i + 1] === 'number' && next.length <= (path[i + 1] as number)) {
      next.push(example(doc, childSchema.items, String(key), ctx));
    }
    container = next;
    schema = childSchema;
  }
  return copy;
}

/** A value written as-is into the JSON text (what JSON.stringify cannot say: 1e309, -0, 2^53 + 1). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a body that may hold RawJson values. */
export function toJson(body: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_key, value: unknown) => {
    if (value instanceof RawJson) {
      raws.push(value.text);
      return `\u0000raw${raws.length - 1}\u0000`;
    }
    return value;
  });
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_, i: string) => raws[Number(i)]);
}

export interface Hostile {
  label: string;
  value: unknown;
}

const h = (label: string, value: unknown): Hostile => ({ label, value });
const HUGE_TEXT = 'A'.repeat(100_000);

const OPERATORS: Hostile[] = [h('opérateur {"$ne":null}', { $ne: null }), h('opérateur {"$gt":""}', { $gt: '' })];

/** Texts no field should take (whatever its kind, when it is a string). */
export const HOSTILE_TEXTS: Hostile[] = [
  h('texte de 100 Ko', HUGE_TEXT),
  h('caractère NUL', 'Jean\u0000Martin'),
  h('caractère de contrôle BEL', 'Jean\u0007'),
  h('contrôle C1 (U+0085, U+009B)', 'Jean\u0085\u009b31m'),
  h('bidi override U+202E', 'facture\u202Efdp.exe'),
  h('bidi isolate U+2066…U+2069', '\u2066Martin\u2069'),
  h('espaces de largeur nulle seulement', '\u200B\u200C\u200D'),
  h('BOM et word joiner seulement', '\uFEFF\u2060'),
  h('espaces seulement', '   '),
  h('surrogate isolé', 'a\uD800b'),
];

const WRONG_TYPES: Record<string, Hostile[]> = {
  string: [h('nombre au lieu d’un texte', 12345), h('booléen au lieu d’un texte', true), h('liste au lieu d’un texte', ['a']), h('objet au lieu d’un texte', { a: 'b' })],
  number: [h('texte au lieu d’un nombre', '12'), h('booléen au lieu d’un nombre', true), h('liste au lieu d’un nombre', [1]), h('objet au lieu d’un nombre', {})],
  boolean: [h('texte "true" au lieu d’un booléen', 'true'), h('nombre 1 au lieu d’un booléen', 1), h('liste au lieu d’un booléen', [true]), h('objet au lieu d’un booléen', {})],
  array: [h('objet au lieu d’une liste', {}), h('texte au lieu d’une liste', 'x'), h('nombre au lieu d’une liste', 1)],
  object: [h('liste vide au lieu d’un objet', []), h('texte au lieu d’un objet', 'x'), h('nombre au lieu d’un objet', 42), h('liste d’un objet au lieu d’un objet', [{}])],
};

const SPECIFIC: Record<FieldKind, (schema: Schema) => Hostile[]> = {
  text: (schema) => [
    ...HOSTILE_TEXTS,
    ...(schema.maxLength !== undefined && schema.maxLength < 200 ? [h('retour à la ligne dans un texte d’une ligne', 'Jean\nMartin'), h('tabulation dans un texte d’une ligne', 'Jean\tMartin')] : []),
  ],
  uuid: () => [
    h('pas un UUID', 'pas-un-uuid'),
    h('UUID suivi d’un espace de largeur nulle', `${randomUUID()}\u200B`),
    h('UUID précédé d’un bidi override', `\u202E${randomUUID()}`),
    h('injection SQL', "' OR '1'='1"),
    h('chemin relatif', '../../etc/passwd'),
    h('texte de 100 Ko', HUGE_TEXT),
  ],
  date: () => [
    h('date impossible 2026-02-30', '2026-02-30'),
    h('date extrême 0000-01-01', '0000-01-01'),
    h('date extrême 9999-12-31', '9999-12-31'),
    h('date étendue +275760-09-13', '+275760-09-13'),
    h('29 février d’une année non bissextile', '2027-02-29'),
    h('hors limites 2101-01-01', '2101-01-01'),
    h('mois 13', '2026-13-01'),
    h('heure impossible', '2026-11-16T25:61:00Z'),
    h('format français', '16/11/2026'),
    h('NaN', 'NaN'),
    h('texte vide', ''),
  ],
  email: () => [
    h('pas une adresse', 'pas-une-adresse'),
    h('injection d’en-tête', 'x@example.fr\r\nBcc: victime@example.fr'),
    h('bidi override', '\u202Ex@example.fr'),
    h('adresse de 300 caractères', `${'a'.repeat(300)}@example.fr`),
    h('espaces seulement', '   '),
  ],
  pattern: (schema) => [
    h('valeur suivie d’un espace de largeur nulle', `${fromPattern(schema.pattern!)}\u200B`),
    h('valeur précédée d’un bidi override', `\u202E${fromPattern(schema.pattern!)}`),
    h('valeur suivie d’un retour à la ligne', `${fromPattern(schema.pattern!)}\n`),
    h('texte de 100 Ko', HUGE_TEXT),
    h('NaN', 'NaN'),
  ],
  enum: (schema) => {
    const first = String(schema.enum?.[0] ?? 'x');
    return [
      h('valeur inconnue', 'inconnu'),
      h('valeur en majuscules', first.toUpperCase() === first ? first.toLowerCase() : first.toUpperCase()),
      h('valeur suivie d’un espace de largeur nulle', `${first}\u200B`),
      h('valeur précédée d’un espace', ` ${first}`),
    ];
  },
  integer: (schema) => [
    h('négatif énorme', -2147483649),
    h('1e308', 1e308),
    h('2^53 + 1', new RawJson('9007199254740993')),
    h('décimal', 0.5),
    h('1e309 (Infinity)', new RawJson('1e309')),
    h('texte "NaN"', 'NaN'),
    h('texte "Infinity"', 'Infinity'),
    ...(schema.minimum !== undefined ? [h('sous le minimum', schema.minimum - 1)] : [h('négatif', -1)]),
    ...(schema.maximum !== undefined ? [h('au-dessus du maximum', schema.maximum + 1)] : []),
  ],
  number: (schema) => SPECIFIC.integer(schema).filter((v) => v.label !== 'décimal'),
  boolean: () => [h('texte "oui"', 'oui'), h('texte "false"', 'false'), h('nombre 0', 0)],
  array: (schema) => [
    h('liste de 100 000 éléments', new Array(100_000).fill(schemaIsPrimitive(schema.items) ? 1 : {})),
    h('liste de null', [null]),
    h('liste de listes', [[]]),
    h('liste d’opérateurs', [{ $ne: null }]),
    ...((schema.minItems ?? 0) >= 1 ? [h('liste vide', [])] : []),
    ...(schema.maxItems !== undefined && schema.maxItems < 1000 ? [h('un élément de trop', new Array(schema.maxItems + 1).fill(null))] : []),
  ],
  object: () => [
    h('clé __proto__', JSON.parse('{"__proto__":{"polluted":true}}')),
    h('clé constructor.prototype', { constructor: { prototype: { polluted: true } } }),
    h('opérateur $where', { $where: 'sleep(1000)' }),
  ],
  binary: () => [],
};

function schemaIsPrimitive(schema: Schema | undefined) {
  return !!schema && !schema.$ref && schema.type !== 'object' && schema.type !== 'array';
}

const wrongTypeGroup = (kind: FieldKind) =>
  kind === 'integer' || kind === 'number' ? 'number' : kind === 'boolean' ? 'boolean' : kind === 'array' ? 'array' : kind === 'object' ? 'object' : 'string';

/** Every hostile value a field of this kind may be sent (the full catalogue, for the counts). */
export function catalogueFor(field: Field): Hostile[] {
  return [...OPERATORS, ...WRONG_TYPES[wrongTypeGroup(field.kind)], ...SPECIFIC[field.kind](field.schema)];
}

/** Kinds whose whole catalogue every field gets: where the crashes were (shapes and dates). */
const WHOLE_CATALOGUE = new Set<FieldKind>(['object', 'array', 'date']);

/**
 * The hostile values sent to one field: an operator object, null (where the field may not be
 * null), wrong types and values specific to its kind. Objects, lists and dates get their whole
 * catalogue; other kinds one wrong type and `sample` specific values, taken in turn (a rotation
 * per kind, so that every value of a kind's catalogue is sent somewhere).
 */
export function hostileValuesFor(field: Field, rotation: Map<string, number>, sample: number): Hostile[] {
  const turn = (key: string, list: Hostile[], count: number) => {
    if (!list.length) return [];
    const start = rotation.get(key) ?? 0;
    rotation.set(key, start + count);
    return Array.from({ length: Math.min(count, list.length) }, (_, i) => list[(start + i) % list.length]);
  };
  const group = wrongTypeGroup(field.kind);
  const whole = WHOLE_CATALOGUE.has(field.kind);
  const specific = SPECIFIC[field.kind](field.schema);
  return [
    ...turn('operators', OPERATORS, 1),
    ...(field.required && !field.schema.nullable ? [h('null', null)] : []),
    ...(whole ? WRONG_TYPES[group] : turn(`wrong:${group}`, WRONG_TYPES[group], 1)),
    ...(whole ? specific : turn(`specific:${field.kind}`, specific, sample)),
  ];
}
