import { getMetadataStorage } from 'class-validator';
import type { FieldProblem } from '@pf/domain';
import { MULTI_LINE_MIN_LENGTH, textProblem } from './text-safety';

/** What the validators of one DTO property say about its shape and its texts. */
interface PropertyRules {
  /** @ValidateNested() without `each`: one object, never a list. */
  nestedObject: boolean;
  /** @ValidateNested({ each: true }): a list. */
  nestedList: boolean;
  /** Line breaks and tabs allowed (no stated maximum length, or one of 200 characters or more). */
  multiLine: boolean;
  /** @ValidateIf conditions: when one says « not validated », the field must be left out (or null). */
  conditions: Array<(object: object, value: unknown) => boolean>;
  /** A calendar date (@IsISO8601, @IsDateString, or a pattern a date matches): within DATE_RANGE. */
  date: boolean;
}

/**
 * The days a date sent to the portal may name: nothing the portal does (births, bookings, news,
 * invoices, quotients) lies outside them, and every date library handles them.
 */
export const DATE_RANGE = { from: 1900, to: 2100 } as const;
const SAMPLE_DATE = '2026-11-16';
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;

/**
 * The problem of a date value, or null. Only the range is the platform's: a value that is not an
 * ISO day, or a day that does not exist (2026-02-30), is the validators' and the capabilities'
 * business (they answer 422 DATE_INVALID, a code integrators already know).
 */
export function dateProblem(value: string): FieldProblemBody | null {
  const day = ISO_DAY.exec(value);
  if (!day) return null;
  const year = Number(day[1]);
  if (year < DATE_RANGE.from || year > DATE_RANGE.to) {
    return { code: 'DATE_OUT_OF_RANGE', message: `Cette date doit être comprise entre ${DATE_RANGE.from} et ${DATE_RANGE.to}.` };
  }
  return null;
}

type FieldProblemBody = Omit<FieldProblem, 'field'>;

const matchesDates = (pattern: unknown) => {
  try {
    return (pattern instanceof RegExp ? new RegExp(pattern.source, pattern.flags.replace('g', '')) : new RegExp(String(pattern))).test(SAMPLE_DATE);
  } catch {
    return false;
  }
};

const rulesCache = new WeakMap<Function, Map<string, PropertyRules>>();

/** The rules of each validated property of a DTO class, from class-validator's metadata (cached). */
export function propertyRules(target: Function): Map<string, PropertyRules> {
  const cached = rulesCache.get(target);
  if (cached) return cached;
  const rules = new Map<string, PropertyRules>();
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  for (const m of metadata) {
    const rule = rules.get(m.propertyName) ?? { nestedObject: false, nestedList: false, multiLine: true, conditions: [], date: false };
    if (m.name === 'isIso8601' || m.name === 'isDateString' || (m.name === 'matches' && matchesDates(m.constraints?.[0]))) rule.date = true;
    if (m.type === 'conditionalValidation' && m.name !== 'isOptional' && typeof m.constraints?.[0] === 'function') rule.conditions.push(m.constraints[0]);
    if (m.type === 'nestedValidation') {
      if (m.each) rule.nestedList = true;
      else rule.nestedObject = true;
    }
    const max = m.name === 'maxLength' ? Number(m.constraints?.[0]) : m.name === 'isLength' ? Number(m.constraints?.[1]) : NaN;
    if (Number.isFinite(max) && max < MULTI_LINE_MIN_LENGTH) rule.multiLine = false;
    rules.set(m.propertyName, rule);
  }
  rulesCache.set(target, rules);
  return rules;
}

const safely = (check: () => boolean) => {
  try {
    return check();
  } catch {
    return true;
  }
};

const isClassInstance = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto !== null && proto !== Object.prototype && proto !== Array.prototype && typeof proto.constructor === 'function';
};

/**
 * Walks a validated DTO (iteratively: bodies are at most 32 levels deep anyway) and reports, per
 * field, what class-validator does not check: texts with control, bidi or invisible characters;
 * a list given where one nested object is declared (class-validator validates each element of a
 * list, so `"guardian": []` would pass as an empty, valid object), a list of lists where a list of
 * objects is declared, or an object where a list is; and a value in a field that a @ValidateIf
 * condition leaves unchecked (`activityId` of a news for the whole commune): unchecked, it is
 * refused rather than carried along.
 */
export function inspectDto(value: unknown, options: { blank: boolean }, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: Array<{ value: unknown; field: string; multiLine: boolean; date?: boolean }> = [{ value, field: root, multiLine: true }];
  while (stack.length && problems.length < 50) {
    const item = stack.pop()!;
    const { field } = item;
    if (typeof item.value === 'string') {
      const found = textProblem(item.value, { multiLine: item.multiLine, blank: options.blank }) ?? (item.date ? dateProblem(item.value) : null);
      if (found) problems.push({ field: field || 'body', ...found });
      continue;
    }
    if (!item.value || typeof item.value !== 'object') continue;
    const object = item.value as Record<string, unknown>;
    const rules = isClassInstance(object) ? propertyRules(object.constructor) : undefined;
    for (const key of Object.keys(object)) {
      const child = object[key];
      const path = field ? `${field}.${key}` : key;
      const rule = rules?.get(key);
      if (rule?.nestedObject && !rule.nestedList && Array.isArray(child)) {
        problems.push({ field: path, code: 'OBJECT_EXPECTED', message: 'Un objet est attendu ici, pas une liste.' });
        continue;
      }
      if (rule?.nestedList && !rule.nestedObject && child !== null && child !== undefined && !Array.isArray(child)) {
        problems.push({ field: path, code: 'LIST_EXPECTED', message: 'Une liste est attendue ici.' });
        continue;
      }
      if (rule?.nestedList && Array.isArray(child)) {
        const nestedLists = child.map((element, i) => (Array.isArray(element) ? i : -1)).filter((i) => i >= 0);
        if (nestedLists.length) {
          for (const i of nestedLists.slice(0, 10)) problems.push({ field: `${path}.${i}`, code: 'OBJECT_EXPECTED', message: 'Un objet est attendu ici, pas une liste.' });
          continue;
        }
      }
      if (rule?.conditions.length && child !== null && child !== undefined && rule.conditions.some((condition) => !safely(() => condition(object, child)))) {
        problems.push({ field: path, code: 'FIELD_NOT_EXPECTED', message: 'Ce champ ne s’applique pas ici : retirez-le.' });
        continue;
      }
      const multiLine = rule ? rule.multiLine : Array.isArray(object) ? item.multiLine : true;
      const date = rule ? rule.date : Array.isArray(object) ? item.date : false;
      stack.push({ value: child, field: path, multiLine, date });
    }
  }
  return problems.sort((a, b) => a.field.localeCompare(b.field));
}
