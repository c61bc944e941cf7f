/**
 * A JSON-schema subset, just enough to state the plugin.json rules in pluginJsonSchema.ts the way
 * the upstream schema states them (type, required, properties, additionalProperties: false, enum,
 * pattern, minLength, minItems, items).
 */
export interface MiniSchema {
  type?: 'object' | 'array' | 'string' | 'boolean' | 'number';
  required?: string[];
  properties?: Record<string, MiniSchema>;
  /** false: keys not in `properties` are errors (the upstream schema's `additionalProperties: false`). */
  additionalProperties?: false;
  enum?: string[];
  pattern?: string;
  minLength?: number;
  minItems?: number;
  items?: MiniSchema;
}

const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** Every place `value` breaks `schema`, as `path: what is wrong`; empty when it conforms. */
export function validate(value: unknown, schema: MiniSchema, path = '(root)'): string[] {
  if (schema.type && typeOf(value) !== schema.type) {
    return [`${path}: must be ${schema.type}, is ${typeOf(value)}`];
  }
  const errors: string[] = [];
  if (typeof value === 'string') {
    if (schema.enum && !schema.enum.includes(value)) {
      errors.push(`${path}: must be one of ${schema.enum.join(', ')}, is ${JSON.stringify(value)}`);
    }
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) {
      errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      errors.push(`${path}: must be at least ${schema.minLength} characters`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errors.push(`${path}: must have at least ${schema.minItems} item(s)`);
    }
    if (schema.items) {
      value.forEach((item, i) => errors.push(...validate(item, schema.items!, `${path}[${i}]`)));
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in record)) {
        errors.push(`${path}: ${key} is required`);
      }
    }
    for (const [key, child] of Object.entries(record)) {
      const sub = schema.properties?.[key];
      if (sub) {
        errors.push(...validate(child, sub, path === '(root)' ? key : `${path}.${key}`));
      } else if (schema.additionalProperties === false) {
        errors.push(`${path}: ${key} is not allowed`);
      }
    }
  }
  return errors;
}
