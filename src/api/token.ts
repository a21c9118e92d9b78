/** The local API token: generated once per data directory, stored in <data>/api-token with mode 0600. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const TOKEN_FILE = 'api-token';
/** A2: the window evaluators' own token — the only one that may submit a 好差评 level. */
export const EVALUATOR_TOKEN_FILE = 'evaluator-token';

export function loadOrCreateToken(dataDir: string, name: string = TOKEN_FILE): { token: string; file: string } {
  const file = path.join(dataDir, name);
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (token.length >= 32) {
      fs.chmodSync(file, 0o600);
      return { token, file };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = crypto.randomBytes(32).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, token + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return { token, file };
}

export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
