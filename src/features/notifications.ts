/**
 * B12: citizen notices, sent by the hall server (it sees every call and every queue position) to the phone number
 * a citizen may leave at the kiosk: on issue ("N ahead, window(s) X"), when the turn nears, and when called.
 * `POST /api/v1/tickets/{id}/contact {phone}` takes the number on any node that issues tickets: a kiosk seals it
 * for the hall into its own event (so a number given while the hall is away still arrives after the heal), the
 * hall keeps it sealed until the day is over. `GET /api/v1/notifications` lists what was sent (masked).
 */
import type { RawNotifications } from '../config/raw';
import type { ContactReply, NotificationView } from '../contract';
import { fromDomain, HttpError } from '../api/errors';
import type { Feature, NodeContext } from '../node/context';
import { ContactBook } from '../notify/contacts';
import { gatewayOf } from '../notify/gateway';
import { Notifier } from '../notify/notifier';
import { maskPhone, normalisePhone, sealPhone } from '../notify/phone';
import { NotifyOutbox } from '../store/notify-outbox';

export const DEFAULT_NOTIFICATIONS: RawNotifications = {
  nearTurnFactor: 1.5,
  maxAgeMinutes: 30,
  kinds: { issued: true, near: true, called: true },
  texts: {
    issued: '【{hall}】您已取号 {number}（{service}），前方 {ahead} 人，请留意 {windows} 叫号。',
    near: '【{hall}】{number} 即将叫号，前方还有 {ahead} 人，请到 {windows} 附近等候。',
    called: '【{hall}】请 {number} 到 {window} 号窗口办理。',
  },
  gateway: { type: 'none', headers: {}, timeoutMs: 5000, signName: '', templates: {} },
  retry: { minMs: 2000, maxMs: 120_000 },
};

export function notifications(): Feature {
  let notifier: Notifier | undefined;
  let off: (() => void) | undefined;
  return {
    name: 'notifications',
    start(ctx) {
      const policy = ctx.setup.notifications ?? DEFAULT_NOTIFICATIONS;
      const contacts = (ctx.caps.contacts ??= new ContactBook(ctx.db, ctx.vault));
      const outbox = new NotifyOutbox(ctx.db);
      const gateway = gatewayOf(policy.gateway);
      const n = new Notifier({ config: ctx.config, policy, outbox, contacts, gateway, snapshot: () => ctx.queue.snapshot(), now: ctx.now, log: ctx.log.child('notify') });
      notifier = n;
      off = ctx.queue.onCommitted(({ envelopes, state, previous }) => {
        try {
          n.committed(envelopes.map((e) => ({ type: e.type, body: e.body }) as never), state, previous);
        } catch (err) {
          ctx.log.error('notices not queued', { err: (err as Error).message });
        }
      });
      n.start();
      ctx.api.route({
        method: 'GET',
        url: '/api/v1/notifications',
        auth: 'staff',
        handler: (req) => {
          const limit = Math.min(200, Math.max(1, Number(req.query.limit ?? 50) || 50));
          return {
            gateway: gateway.name,
            notifications: outbox.recent(limit).map(
              (r): NotificationView => ({ id: r.id, ticketNumber: r.number, kind: r.kind, phoneMasked: contacts.maskedOf(r.ticketId) ?? '—', text: r.text, status: r.status, attempts: r.attempts, createdAt: r.createdAt, ...(r.sentAt !== undefined ? { sentAt: r.sentAt } : {}), ...(r.lastError ? { lastError: r.lastError } : {}) }),
            ),
          };
        },
      });
    },
    async stop() {
      off?.();
      await notifier?.stop();
    },
  };
}

/** Records a phone number for a ticket on this node: sealed for the hall on a terminal, into the hall's book on the hall. */
export function addContact(ctx: NodeContext, ref: string, raw: string): ContactReply {
  const phone = normalisePhone(raw);
  if (!phone) throw new HttpError(422, 'bad-phone', '请输入11位手机号码 / please enter an 11-digit mobile number');
  const state = ctx.queue.snapshot();
  const t = state.tickets.get(ref) ?? [...state.tickets.values()].find((x) => x.number === ref.toUpperCase());
  if (!t) throw new HttpError(404, 'unknown-ticket', '今日没有这张号票 / no such ticket today');
  const masked = maskPhone(phone);
  const at = ctx.now();
  let sealed: string | undefined;
  if (ctx.role !== 'hall') {
    const cred = ctx.setup.credentials && Object.hasOwn(ctx.setup.credentials.devices, ctx.dev) ? ctx.setup.credentials.devices[ctx.dev] : undefined;
    if (!cred) throw new HttpError(409, 'no-hall', '本终端未连接大厅服务器，不能登记手机号 / this terminal has no hall server to send notices');
    sealed = sealPhone(cred.secret, { hall: ctx.config.hall.id, dev: ctx.dev, ticketId: t.id, masked, at }, phone);
  }
  const r = ctx.queue.execute({ type: 'add-contact', at, ticket: t.id, masked, ...(sealed ? { sealed } : {}) });
  if (!r.ok) throw fromDomain(r.error);
  // The hall's own screen: the number goes straight into its book (the notice follows the commit).
  if (ctx.role === 'hall') (ctx.caps.contacts ??= new ContactBook(ctx.db, ctx.vault)).store(t.id, phone, masked, r.state, at);
  return { ticketId: t.id, number: t.number, phoneMasked: masked };
}

export function contacts(): Feature {
  return {
    name: 'contacts',
    start(ctx) {
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/tickets/:id/contact',
        body: { phone: { type: 'string', maxLength: 20 } },
        required: ['phone'],
        handler: (req) => addContact(ctx, req.params.id!, String(req.body.phone)),
      });
    },
  };
}
