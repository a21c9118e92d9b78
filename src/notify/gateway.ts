/**
 * Where citizen notices go (hall.yaml `notifications.gateway`): an SMS gateway over HTTP with templates, or a
 * webhook to a hall system (a WeChat service account bridge, a 12345 platform). Both are one JSON POST
 * (src/util/post-json.ts): sent, retry later, or refused for good.
 */
import type { NoticeKind, RawNotifications } from '../config/raw';
import { postJson, type PostResult } from '../util/post-json';

export interface NoticeMessage {
  /** Idempotency key of the notice (the outbox row id). */
  key: string;
  kind: NoticeKind;
  phone: string;
  text: string;
  /** Template parameters (no phone, no ID number). */
  params: Record<string, string | number>;
  ticketNumber: string;
}

export interface NotifyGateway {
  readonly name: string;
  send(m: NoticeMessage, signal: AbortSignal): Promise<PostResult>;
}

export const noGateway: NotifyGateway = {
  name: 'none',
  send: async () => ({ ok: false, retry: true, error: '未配置短信网关 / no notice gateway configured (notifications.gateway)' }),
};

export function gatewayOf(cfg: RawNotifications['gateway'], fetchImpl?: typeof fetch): NotifyGateway {
  if (cfg.type === 'none' || !cfg.url) return noGateway;
  const url = cfg.url;
  const post = (body: unknown, key: string, signal: AbortSignal) => postJson(url, body, { headers: { 'idempotency-key': key, ...cfg.headers }, timeoutMs: cfg.timeoutMs, signal, ...(fetchImpl ? { fetchImpl } : {}) });
  if (cfg.type === 'sms-http') {
    return {
      name: 'sms-http',
      send: (m, signal) => post({ phone: m.phone, signName: cfg.signName, templateCode: cfg.templates[m.kind] ?? m.kind, params: m.params, text: m.text, outId: m.key }, m.key, signal),
    };
  }
  return {
    name: 'webhook',
    send: (m, signal) => post({ event: 'ticket.notice', kind: m.kind, ticket: m.ticketNumber, phone: m.phone, text: m.text, key: m.key }, m.key, signal),
  };
}
