/**
 * One JSON POST to a platform or gateway, with a timeout, answered as "sent", "try again later" or "refused":
 * 2xx = sent; a timeout, no connection, 408, 425, 429 or 5xx = retry; any other 4xx = refused for good (the
 * platform's words are kept). Used by the 好差评 export (src/evaluation/) and the notice gateways (src/notify/).
 */
export type PostResult = { ok: true; ref?: string } | { ok: false; retry: boolean; error: string };

const RETRY_STATUS = new Set([408, 425, 429]);

export async function postJson(url: string, body: unknown, o: { headers?: Record<string, string>; timeoutMs: number; signal?: AbortSignal; fetchImpl?: typeof fetch }): Promise<PostResult> {
  const timeout = AbortSignal.timeout(o.timeoutMs);
  let res: Response;
  try {
    res = await (o.fetchImpl ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...o.headers },
      body: JSON.stringify(body),
      signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout,
    });
  } catch (err) {
    const why = timeout.aborted ? `${o.timeoutMs} ms 内未应答 / no answer within ${o.timeoutMs} ms` : `无法连接 / cannot connect (${(err as Error).message})`;
    return { ok: false, retry: true, error: why };
  }
  const text = await res.text().catch(() => '');
  if (res.ok) {
    try {
      const j = JSON.parse(text) as { id?: unknown; data?: { id?: unknown } };
      const v = j.id ?? j.data?.id;
      if (typeof v === 'string' || typeof v === 'number') return { ok: true, ref: String(v) };
    } catch {
      /* a 2xx without JSON is still accepted */
    }
    return { ok: true };
  }
  return { ok: false, retry: res.status >= 500 || RETRY_STATUS.has(res.status), error: `HTTP ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}` };
}
