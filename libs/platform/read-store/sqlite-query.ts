/**
 * Filter → SQL for the embedded adapter. Documents are JSON text in column `doc`; a field is read
 * with json_extract(doc, '$."a"."b"'), the very expression the indexes are built on, so equality and
 * ranges on indexed fields use them. json_type guards make comparisons type-safe (json_extract
 * turns true into 1 and an object into text). Element matching through arrays needs json_each,
 * which no index can serve, so it is only generated for paths where the collection has ever held
 * an array (ArrayPaths).
 */
import type { Condition, FieldFilter, SortKey } from './read-store.validation';

export interface ArrayPaths {
  /** True when some document has (or had) an array at this path, array levels left out. */
  has(path: string): boolean;
}

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** Segments are checked by parsePath (no quote can appear), so inlining them is safe. */
export function jsonPath(segments: readonly string[]): string {
  return '$.' + segments.map((s) => `"${s}"`).join('.');
}

/** The SQL expression indexes and queries share for a field; `_id` is the primary key column. */
export function fieldExpr(segments: readonly string[], source = 'doc'): string {
  if (source === 'doc' && segments.length === 1 && segments[0] === '_id') return 'id';
  return `json_extract(${source}, '${jsonPath(segments)}')`;
}

function typeExpr(segments: readonly string[], source: string): string {
  if (source === 'doc' && segments.length === 1 && segments[0] === '_id') return `'text'`;
  return `json_type(${source}, '${jsonPath(segments)}')`;
}

/** Tests a value `v` whose JSON type is `t` (NULL when missing). */
interface Leaf {
  test(v: string, t: string, params: unknown[]): string;
  /** Whether null / a missing field satisfies it (then paths through arrays need a guard). */
  matchesMissing: boolean;
}

const NUMBER = `IN ('integer','real')`;

function equals(value: string | number | boolean | null, v: string, t: string, params: unknown[]): string {
  if (value === null) return `${v} IS NULL`;
  if (typeof value === 'boolean') return `(${v} = ${value ? 1 : 0} AND ${t} IS '${value}')`;
  params.push(value);
  return typeof value === 'string' ? `(${v} = ? AND ${t} IS 'text')` : `(${v} = ? AND ${t} ${NUMBER})`;
}

function leafFor(condition: Condition): Leaf {
  switch (condition.op) {
    case 'eq':
    case 'ne': // ne is NOT(eq) at field level
      return { test: (v, t, p) => equals(condition.value, v, t, p), matchesMissing: condition.value === null };
    case 'in': {
      const values = condition.value;
      return {
        matchesMissing: values.includes(null),
        test(v, t, params) {
          const parts: string[] = [];
          const strings = values.filter((x): x is string => typeof x === 'string');
          const numbers = values.filter((x): x is number => typeof x === 'number');
          if (strings.length) {
            params.push(...strings);
            parts.push(`(${v} IN (${strings.map(() => '?').join(',')}) AND ${t} IS 'text')`);
          }
          if (numbers.length) {
            params.push(...numbers);
            parts.push(`(${v} IN (${numbers.map(() => '?').join(',')}) AND ${t} ${NUMBER})`);
          }
          if (values.includes(true)) parts.push(equals(true, v, t, params));
          if (values.includes(false)) parts.push(equals(false, v, t, params));
          if (values.includes(null)) parts.push(`${v} IS NULL`);
          if (parts.length === 0) return '0';
          return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
        },
      };
    }
    default: {
      const sqlOp = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[condition.op];
      const value = condition.value;
      return {
        matchesMissing: false,
        test(v, t, params) {
          params.push(value);
          // MongoDB compares within a type only: 5 is not > "a", "b" is not > 3.
          return `(${v} ${sqlOp} ? AND ${t} ${typeof value === 'string' ? `IS 'text'` : NUMBER})`;
        },
      };
    }
  }
}

class Aliases {
  private n = 0;
  next(): string {
    return `e${this.n++}`;
  }
}

/**
 * The field matches: directly (no array on the way), or through an element of an array found at
 * the leaf or at an intermediate level (recursively), for the paths where arrays were seen.
 */
function fieldTerm(
  source: string,
  segments: readonly string[],
  base: string,
  leaf: Leaf,
  arrays: ArrayPaths,
  params: unknown[],
  aliases: Aliases,
): string {
  const branches: string[] = [];
  const full = base + segments.join('.');
  const v = fieldExpr(segments, source);
  const t = typeExpr(segments, source);

  let direct = leaf.test(v, t, params);
  if (leaf.matchesMissing) {
    // json_extract('$.a.b') is NULL when a is an array: that is not "b missing".
    for (let i = 1; i < segments.length; i++) {
      if (arrays.has(base + segments.slice(0, i).join('.'))) {
        direct += ` AND ${typeExpr(segments.slice(0, i), source)} IS NOT 'array'`;
      }
    }
  }
  branches.push(direct);

  if (arrays.has(full)) {
    const e = aliases.next();
    branches.push(
      `(${t} IS 'array' AND EXISTS (SELECT 1 FROM json_each(${source}, '${jsonPath(segments)}') AS ${e} WHERE ${leaf.test(`${e}.value`, `${e}.type`, params)}))`,
    );
  }
  for (let i = 1; i < segments.length; i++) {
    const prefix = segments.slice(0, i);
    if (!arrays.has(base + prefix.join('.'))) continue;
    const e = aliases.next();
    const inner = fieldTerm(`${e}.value`, segments.slice(i), base + prefix.join('.') + '.', leaf, arrays, params, aliases);
    branches.push(
      `(${typeExpr(prefix, source)} IS 'array' AND EXISTS (SELECT 1 FROM json_each(${source}, '${jsonPath(prefix)}') AS ${e} WHERE ${e}.type IS 'object' AND ${inner}))`,
    );
  }
  return branches.length === 1 ? branches[0] : `(${branches.join(' OR ')})`;
}

/** WHERE clause (without the keyword) and its parameters; '' when the filter is empty. */
export function compileWhere(filters: readonly FieldFilter[], arrays: ArrayPaths): SqlFragment {
  const params: unknown[] = [];
  const aliases = new Aliases();
  const terms: string[] = [];
  for (const field of filters) {
    for (const condition of field.conditions) {
      const leaf = leafFor(condition);
      const term = fieldTerm('doc', field.segments, '', leaf, arrays, params, aliases);
      // IFNULL keeps NOT two-valued: a missing field is "not equal".
      terms.push(condition.op === 'ne' ? `NOT IFNULL(${term}, 0)` : term);
    }
  }
  return { sql: terms.join(' AND '), params };
}

/** ORDER BY on the indexed expressions; `_id` breaks ties so skip/limit pages are stable. */
export function compileOrderBy(sort: readonly SortKey[]): string {
  if (sort.length === 0) return '';
  const keys = sort.map((k) => `${fieldExpr(k.segments)} ${k.direction === 1 ? 'ASC' : 'DESC'}`);
  if (!sort.some((k) => k.path === '_id')) keys.push('id ASC');
  return keys.join(', ');
}
