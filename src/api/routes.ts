/**
 * Routes a capability contributes to the local API (ARCHITECTURE §8 "routes contributed by features"): a
 * method, a path pattern whose groups become `params` (percent-decoded; a bad escape is a 400, not a 500),
 * whether the staff token is needed, and a handler that answers JSON or bytes (a PDF, an image, a CSV).
 */
import type { ServerResponse } from 'node:http';
import { HttpError, sendJson } from './http';

export interface RouteRequest {
  params: string[];
  query: URLSearchParams;
  /** The JSON body of a POST ({} for GET). */
  body: Record<string, unknown>;
}

export type RouteReply =
  | { status?: number; json: unknown }
  | { status?: number; bytes: Buffer; contentType: string; /** Offered as a download with this name (UTF-8 allowed). */ filename?: string };

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** Anchored pattern on the path, e.g. /^\/api\/v1\/cases\/([^/]+)$/. */
  path: RegExp;
  /** 'staff': needs the staff Bearer token (also for GET: case images and reports are not for every screen). */
  auth: 'open' | 'staff';
  handle(req: RouteRequest): RouteReply | Promise<RouteReply>;
}

/** What the server tells an observer (the audit trail) about a refused or failed request. */
export interface RefusedRequest {
  method: string;
  path: string;
  status: number;
  code: string;
}

export function matchRoute(routes: readonly ApiRoute[], method: string, path: string): { route: ApiRoute; params: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.path.exec(path);
    if (!m) continue;
    const params = m.slice(1).map((p) => {
      try {
        return decodeURIComponent(p ?? '');
      } catch {
        throw new HttpError(400, 'bad-path', `路径编码错误 / malformed percent-escape in the path`);
      }
    });
    return { route, params };
  }
  return undefined;
}

/** RFC 6266/5987: an ASCII fallback name and the UTF-8 one. */
function disposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function sendReply(res: ServerResponse, reply: RouteReply): void {
  if ('json' in reply) return sendJson(res, reply.status ?? 200, reply.json);
  res.writeHead(reply.status ?? 200, {
    'content-type': reply.contentType,
    'content-length': reply.bytes.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(reply.filename ? { 'content-disposition': disposition(reply.filename) } : {}),
  });
  res.end(reply.bytes);
}
