/**
 * Request bodies as JSON Schema (C10): every field typed and bounded, unknown fields refused — including
 * `__proto__` and `constructor`, which JSON.parse makes own properties and the schema sees like any other.
 * Ajv's errors become the API's words: unknown-field, missing-field, bad-field.
 */
import { HttpError } from './errors';

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'string[]' | 'integer[]' | 'string|number';
export type BodySpec = Record<string, FieldType | { type: FieldType; enum?: readonly string[]; maxLength?: number; maxItems?: number }>;

const MAX_STRING = 500;
const MAX_ITEM = 200;

export function bodySchema(spec: BodySpec, required: readonly string[] = []): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(spec)) {
    const d = typeof def === 'string' ? { type: def } : def;
    properties[key] =
      d.type === 'string[]'
        ? { type: 'array', maxItems: d.maxItems ?? 50, items: { type: 'string', maxLength: MAX_ITEM } }
        : d.type === 'integer[]'
          ? { type: 'array', maxItems: d.maxItems ?? 100, items: { type: 'integer', minimum: 0, maximum: 1_000_000 } }
        : d.type === 'string'
          ? { type: 'string', maxLength: d.maxLength ?? MAX_STRING, ...(required.includes(key) ? { minLength: 1 } : {}), ...(d.enum ? { enum: [...d.enum] } : {}) }
          : d.type === 'string|number'
            ? { type: ['string', 'number'], maxLength: 64 }
            : { type: d.type };
  }
  return { type: 'object', additionalProperties: false, properties, required: [...required] };
}

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** One Ajv error in the API's words. */
export function schemaError(errors: readonly AjvError[]): HttpError {
  // An unknown field is named first: it is what a forged or stale client most needs to hear.
  const e = errors.find((x) => x.keyword === 'additionalProperties') ?? errors.find((x) => x.keyword === 'required') ?? errors[0];
  if (!e) return new HttpError(422, 'bad-field', '请求体无效 / invalid request body');
  const field = e.instancePath.replace(/^\//, '').split('/')[0] ?? '';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      return new HttpError(422, 'unknown-field', `不认识的字段 "${key}" / unknown field "${key}"`);
    }
    case 'required': {
      const key = String(e.params.missingProperty);
      return new HttpError(422, 'missing-field', `缺少字段 "${key}" / missing field "${key}"`);
    }
    case 'minLength':
      return new HttpError(422, 'missing-field', `缺少字段 "${field}" / missing field "${field}"`);
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).join('|');
      return new HttpError(422, 'bad-field', `字段 "${field}" 应为 ${allowed} / field "${field}" must be one of ${allowed}`);
    }
    case 'maxLength':
    case 'maxItems':
      return new HttpError(422, 'bad-field', `字段 "${field}" 太长 / field "${field}" is too long`);
    default:
      if (!field) return new HttpError(400, 'bad-json', '请求体须为 JSON 对象 / request body must be a JSON object');
      return new HttpError(422, 'bad-field', `字段 "${field}" 类型不对 / field "${field}" has the wrong type (${e.message ?? e.keyword})`);
  }
}
