/**
 * What the hall checks of a terminal's event besides the domain rules (authority.ts), with what only the hall
 * holds — every device's secret: a staff credential sealed into a login or clock event must open with the
 * sending counter's secret and match the directory (src/staff/proof.ts, docs/sync.md "Trust"); a phone number
 * sealed into a kiosk's `ticket.contact` must open with that kiosk's secret, and is then stored sealed with the
 * hall's own PII key, in the same transaction as the event.
 */
import type { HallConfig } from '../core/config';
import type { Envelope } from '../core/envelope';
import type { DomainEvent, QueueState } from '../core/types';
import { checkProof } from '../staff/proof';
import type { ContactSink } from '../notify/contacts';
import { openPhone } from '../notify/phone';
import type { Identity } from './acl';

export type CheckVerdict = { ok: true } | { ok: false; code: string; message: string };

export interface HallChecks {
  /** Before the authority judges the event. */
  before(id: Identity, env: Envelope): CheckVerdict;
  /** After the hall applied it (inside the same transaction). */
  applied(id: Identity, env: Envelope, state: QueueState): void;
}


export function hallChecks(o: { config: HallConfig; contacts?: ContactSink }): HallChecks {
  const facts = (id: Identity, env: Envelope) => ({ hall: env.hall, dev: id.dev, at: 0 });
  return {
    before(id, env) {
      const e = { type: env.type, body: env.body } as DomainEvent;
      const secret = id.cred.secret;
      switch (e.type) {
        case 'window.opened':
          return checkProof(o.config, secret, { ...facts(id, env), type: e.type, staffId: e.body.staffId, ...(e.body.via ? { via: e.body.via } : {}), window: e.body.window, at: e.body.at }, e.body.proof);
        case 'staff.clocked-in':
        case 'staff.clocked-out':
          if (e.type === 'staff.clocked-in' && e.body.withLogin) return { ok: true };
          return checkProof(o.config, secret, { ...facts(id, env), type: e.type, staffId: e.body.staffId, ...(e.body.via ? { via: e.body.via } : {}), ...(e.body.window !== undefined ? { window: e.body.window } : {}), at: e.body.at }, e.body.proof);
        case 'ticket.contact': {
          const phone = openPhone(secret, { hall: env.hall, dev: id.dev, ticketId: e.body.ticketId, masked: e.body.masked, at: e.body.at }, e.body.sealed);
          return phone ? { ok: true } : { ok: false, code: 'bad-contact', message: '手机号无法核实，未登记 / the phone number could not be opened: not recorded' };
        }
        default:
          return { ok: true };
      }
    },
    applied(id, env, state) {
      if (env.type !== 'ticket.contact' || !o.contacts) return;
      const b = env.body as { ticketId: string; masked: string; at: number; sealed?: string };
      const phone = openPhone(id.cred.secret, { hall: env.hall, dev: id.dev, ticketId: b.ticketId, masked: b.masked, at: b.at }, b.sealed);
      if (phone) o.contacts.store(b.ticketId, phone, b.masked, state, b.at);
    },
  };
}
