/**
 * The port's filter language → a MongoDB query. Only the checked, normalized form is mapped, so no
 * operator the port does not know ($where, $regex, $expr…) can reach the server.
 */
import type { FieldFilter, Operator, SortKey } from './read-store.validation';

const MONGO_OPERATOR: Record<Operator, string> = {
  eq: '$eq',
  ne: '$ne',
  in: '$in',
  gt: '$gt',
  gte: '$gte',
  lt: '$lt',
  lte: '$lte',
};

export function toMongoFilter(fields: readonly FieldFilter[]): Record<string, Record<string, unknown>> {
  const query: Record<string, Record<string, unknown>> = {};
  for (const field of fields) {
    const conditions: Record<string, unknown> = {};
    for (const condition of field.conditions) {
      conditions[MONGO_OPERATOR[condition.op]] = condition.op === 'in' ? [...condition.value] : condition.value;
    }
    query[field.path] = conditions;
  }
  return query;
}

/** Sort keys in order, with `_id` last as tie-breaker (same rule as the embedded adapter). */
export function toMongoSort(sort: readonly SortKey[]): [string, 1 | -1][] {
  const keys = sort.map((k): [string, 1 | -1] => [k.path, k.direction]);
  if (keys.length > 0 && !keys.some(([path]) => path === '_id')) keys.push(['_id', 1]);
  return keys;
}
