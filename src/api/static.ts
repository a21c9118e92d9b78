/** Serves built screens from a directory: files by path, and index.html for screen routes (/kiosk, /counter/3 …). */
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.otf': 'font/otf',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<boolean> {
  const rel = decodeURIComponent(urlPath).replace(/^\/+/, '');
  const file = path.resolve(root, rel);
  if (!file.startsWith(path.resolve(root))) return false;
  const candidates = [file, path.join(root, 'index.html')];
  for (const f of path.extname(rel) ? [file] : candidates) {
    try {
      const st = await fs.promises.stat(f);
      if (!st.isFile()) continue;
      res.writeHead(200, { 'content-type': TYPES[path.extname(f)] ?? 'application/octet-stream', 'content-length': st.size, 'cache-control': 'no-cache' });
      fs.createReadStream(f).pipe(res);
      return true;
    } catch {
      /* try the next candidate */
    }
  }
  return false;
}
