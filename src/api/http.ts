/** Small HTTP helpers: JSON replies, bounded JSON bodies, errors as {error:{code,message}} and never a stack. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { maskIfIdNumber } from '../core/mask';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const MAX_BODY_BYTES = 64 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  // C3 at the egress: a message may quote what the caller sent (a path, a ticket or booking ref, a staff id).
  sendJson(res, err.status, { error: { code: err.code, message: maskIfIdNumber(err.message), ...err.extra } });
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'body-too-large', `请求体超过 ${MAX_BODY_BYTES} 字节 / request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad-json', '请求体不是有效的 JSON / request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HttpError(400, 'bad-json', '请求体须为 JSON 对象 / request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** C10: unknown fields are rejected, each known field is type-checked. */
export function fields<T extends Record<string, 'string' | 'number' | 'boolean' | 'string[]' | 'object'>>(
  body: Record<string, unknown>,
  spec: T,
  required: Array<keyof T> = [],
): { [K in keyof T]?: T[K] extends 'string' ? string : T[K] extends 'number' ? number : T[K] extends 'boolean' ? boolean : T[K] extends 'string[]' ? string[] : Record<string, unknown> } {
  for (const key of Object.keys(body)) {
    // An own key of the spec only: `key in spec` would let `__proto__`, `constructor`, `toString`… through.
    if (!Object.hasOwn(spec, key)) {
      const k = maskIfIdNumber(key.length > 64 ? `${key.slice(0, 64)}…` : key);
      throw new HttpError(422, 'unknown-field', `不认识的字段 "${k}" / unknown field "${k}"`);
    }
  }
  for (const key of required) {
    if (!Object.hasOwn(body, key) || body[key as string] === undefined || body[key as string] === '') throw new HttpError(422, 'missing-field', `缺少字段 "${String(key)}" / missing field "${String(key)}"`);
  }
  for (const [key, type] of Object.entries(spec)) {
    const v = Object.hasOwn(body, key) ? body[key] : undefined;
    if (v === undefined) continue;
    const ok =
      type === 'string[]'
        ? Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length <= 200)
        : type === 'object'
          ? v !== null && typeof v === 'object' && !Array.isArray(v)
          : typeof v === type && (type !== 'string' || (v as string).length <= 500) && (type !== 'number' || Number.isFinite(v));
    if (!ok) throw new HttpError(422, 'bad-field', `字段 "${key}" 应为 ${type} / field "${key}" must be ${type}`);
  }
  return body as never;
}
