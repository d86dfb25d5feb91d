import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
// class-transformer's metadata (the @Type of nested properties): its package has no typings for this path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: Function, property: string): { typeFunction?: (options?: unknown) => unknown } | undefined };
};

/**
 * OpenAPI schemas of DTO classes read from their class-validator decorators, the rules the portal
 * actually enforces (the Swagger plugin is not used, and few DTOs repeat their rules in
 * @ApiProperty): types, formats, enums, lengths, bounds, patterns, lists, nested objects, and
 * which fields are required (those without @IsOptional / @ValidateIf).
 */

type Schema = Record<string, unknown>;

const refTo = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The validators of a class, by property (its own and inherited). */
function validatorsOf(target: Function): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
    byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  }
  return byProperty;
}

export const hasValidators = (target: unknown): target is Function =>
  typeof target === 'function' && getMetadataStorage().getTargetValidationMetadatas(target, '', true, false).length > 0;

/** The class a nested property holds (@Type(() => X)), if declared. */
function nestedClass(target: Function, property: string): Function | undefined {
  const type = defaultMetadataStorage.findTypeMetadata(target, property);
  const cls = type?.typeFunction?.() as Function | undefined;
  return typeof cls === 'function' ? cls : undefined;
}

/** One value's schema from the validators that apply to it (the property's, or each element's). */
function valueSchema(validators: ValidationMetadata[], nested: Function | undefined, nameOf: (cls: Function) => string): Schema {
  const schema: Schema = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== null && !(typeof value === 'number' && !Number.isFinite(value))) schema[key] = value;
  };
  for (const m of validators) {
    const c = m.constraints ?? [];
    if (m.type === 'nestedValidation') {
      if (nested) Object.assign(schema, refTo(nameOf(nested)));
      else schema.type ??= 'object';
      continue;
    }
    switch (m.name) {
      case 'isString':
        schema.type ??= 'string';
        break;
      case 'isUuid':
        schema.type = 'string';
        schema.format = 'uuid';
        break;
      case 'isEmail':
        schema.type = 'string';
        schema.format = 'email';
        break;
      case 'isUrl':
        schema.type = 'string';
        schema.format = 'uri';
        break;
      case 'isIso8601':
      case 'isDateString':
        schema.type = 'string';
        schema.format ??= 'date-time';
        break;
      case 'isMilitaryTime':
        schema.type = 'string';
        schema.pattern = '^([01]\\d|2[0-3]):[0-5]\\d$';
        break;
      case 'matches':
        schema.type = 'string';
        if (c[0] instanceof RegExp) set('pattern', c[0].source);
        else if (typeof c[0] === 'string') set('pattern', c[0]);
        break;
      case 'isLength':
        schema.type ??= 'string';
        set('minLength', c[0]);
        set('maxLength', c[1]);
        break;
      case 'maxLength':
        schema.type ??= 'string';
        set('maxLength', c[0]);
        break;
      case 'minLength':
        schema.type ??= 'string';
        set('minLength', c[0]);
        break;
      case 'isNotEmpty':
        if (schema.type === 'string') schema.minLength ??= 1;
        break;
      case 'isInt':
        schema.type = 'integer';
        break;
      case 'isNumber':
      case 'isNumberString':
        if (schema.type !== 'integer') schema.type = m.name === 'isNumber' ? 'number' : 'string';
        break;
      case 'isPositive':
        schema.type ??= 'number';
        schema.exclusiveMinimum ??= 0;
        break;
      case 'min':
        schema.type ??= 'number';
        set('minimum', c[0]);
        break;
      case 'max':
        schema.type ??= 'number';
        set('maximum', c[0]);
        break;
      case 'isBoolean':
        schema.type = 'boolean';
        break;
      case 'isIn':
      case 'isEnum': {
        const values = m.name === 'isIn' ? (c[0] as unknown[]) : Object.values((c[0] ?? {}) as object);
        if (Array.isArray(values)) {
          schema.enum = values;
          schema.type ??= values.every((v) => typeof v === 'string') ? 'string' : values.every((v) => Number.isInteger(v)) ? 'integer' : undefined;
          if (schema.type === undefined) delete schema.type;
        }
        break;
      }
      case 'equals':
        schema.enum = [c[0]];
        break;
      case 'isObject':
        schema.type = 'object';
        break;
    }
  }
  // An ISO 8601 value of exactly 10 characters is a calendar date.
  if (schema.format === 'date-time' && schema.minLength === 10 && schema.maxLength === 10) {
    schema.format = 'date';
    delete schema.minLength;
    delete schema.maxLength;
  }
  return schema;
}

const LIST_VALIDATORS = new Set(['isArray', 'arrayMaxSize', 'arrayMinSize', 'arrayNotEmpty', 'arrayUnique']);

/** A property's schema and whether it is required. */
function propertySchema(target: Function, property: string, validators: ValidationMetadata[], nameOf: (cls: Function) => string) {
  // @IsOptional: may be left out. @ValidateIf(cond): when `cond` skips null only (the portal's
  // `(_, v) => v !== null`), the field is required and may be null; when it depends on other
  // fields (`o.kind === 'activity'`), the field is optional as far as a schema can say.
  const conditions = validators.filter((m) => m.type === 'conditionalValidation' && m.name !== 'isOptional');
  const skipsNullOnly = (m: ValidationMetadata) => {
    const condition = m.constraints?.[0] as ((object: object, value: unknown) => boolean) | undefined;
    try {
      return typeof condition === 'function' && condition({}, null) === false && condition({}, 'x') === true;
    } catch {
      return false;
    }
  };
  const nullable = conditions.length > 0 && conditions.every(skipsNullOnly);
  const optional = validators.some((m) => m.type === 'conditionalValidation' && m.name === 'isOptional') || (conditions.length > 0 && !nullable);
  const nested = validators.some((m) => m.type === 'nestedValidation') ? nestedClass(target, property) : undefined;
  const isList = validators.some((m) => LIST_VALIDATORS.has(m.name ?? '') || (m.each && m.type !== 'conditionalValidation'));
  let schema: Schema;
  if (isList) {
    const list: Schema = { type: 'array', items: valueSchema(validators.filter((m) => m.each), nested, nameOf) };
    for (const m of validators) {
      const c = m.constraints ?? [];
      if (m.name === 'arrayMaxSize') list.maxItems = c[0];
      if (m.name === 'arrayMinSize') list.minItems = c[0];
      if (m.name === 'arrayNotEmpty') list.minItems ??= 1;
      if (m.name === 'arrayUnique') list.uniqueItems = true;
    }
    schema = list;
  } else {
    schema = valueSchema(validators.filter((m) => !m.each), nested, nameOf);
    if (!schema.type && !schema.$ref && !schema.enum) {
      const designed = Reflect.getMetadata?.('design:type', target.prototype, property) as unknown;
      if (designed === String) schema.type = 'string';
      else if (designed === Number) schema.type = 'number';
      else if (designed === Boolean) schema.type = 'boolean';
    }
  }
  if (nullable && !schema.$ref) schema.nullable = true;
  return { schema, required: !optional };
}

/**
 * The schema of a DTO class from its validators, with the classes its nested properties hold
 * (to be documented in turn). `nameOf` names a class's component.
 */
export function schemaFromValidators(target: Function, nameOf: (cls: Function) => string): { schema: Schema; nested: Function[] } {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const nested: Function[] = [];
  for (const [property, validators] of validatorsOf(target)) {
    if (validators.every((m) => m.type === 'whitelistValidation')) continue;
    const found = propertySchema(target, property, validators, nameOf);
    properties[property] = found.schema;
    if (found.required) required.push(property);
    if (validators.some((m) => m.type === 'nestedValidation')) {
      const cls = nestedClass(target, property);
      if (cls) nested.push(cls);
    }
  }
  return { schema: { type: 'object', properties, ...(required.length ? { required } : {}) }, nested };
}

/** Keys of a Swagger property that only describe (kept over the validators' schema). */
const DESCRIPTIVE = ['description', 'example', 'examples', 'default', 'deprecated', 'title'];

/**
 * Completes the document's component schemas with what the validators of their classes say:
 * a property known to Swagger keeps its description and example, and takes the validators' type,
 * format and bounds (they are what the portal enforces); a property only the validators know is
 * added; `required` follows the validators. Nested classes get their own components.
 */
export function completeSchemasFromValidators(schemas: Record<string, Schema>, classes: Function[]): void {
  const byName = new Map<string, Function>();
  const pending = [...classes];
  const names = new Map<Function, string>();
  const nameOf = (cls: Function) => {
    let name = names.get(cls);
    if (name) return name;
    name = cls.name;
    for (let i = 2; byName.has(name) && byName.get(name) !== cls; i++) name = `${cls.name}_${i}`;
    byName.set(name, cls);
    names.set(cls, name);
    return name;
  };
  const done = new Set<Function>();
  while (pending.length) {
    const cls = pending.shift()!;
    if (done.has(cls) || !hasValidators(cls)) continue;
    done.add(cls);
    const name = nameOf(cls);
    const { schema, nested } = schemaFromValidators(cls, nameOf);
    pending.push(...nested);
    const existing = schemas[name] as Schema | undefined;
    const existingProperties = (existing?.properties ?? {}) as Record<string, Schema>;
    const properties: Record<string, Schema> = { ...existingProperties };
    for (const [property, derived] of Object.entries(schema.properties as Record<string, Schema>)) {
      const known = existingProperties[property];
      if (!known) {
        properties[property] = derived;
        continue;
      }
      if (!derived.type && !derived.$ref && !derived.enum) continue; // the validators say nothing of the type
      const descriptive = Object.fromEntries(DESCRIPTIVE.filter((k) => k in known).map((k) => [k, known[k]]));
      properties[property] = { ...derived, ...descriptive, ...(known.nullable || derived.nullable ? { nullable: true } : {}) };
    }
    const validated = new Set(Object.keys(schema.properties as object));
    const required = [
      ...new Set([...((schema.required as string[]) ?? []), ...(((existing?.required as string[]) ?? []).filter((p) => !validated.has(p)))]),
    ];
    schemas[name] = { ...(existing ?? {}), type: 'object', properties, ...(required.length ? { required } : {}) };
    if (!required.length) delete schemas[name].required;
  }
}
