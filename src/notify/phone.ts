/**
 * B12: the phone number a citizen leaves for notices. Checked as a mainland mobile number, masked wherever it is
 * shown (138****5678), sealed for the hall when a kiosk records it (util/for-hall.ts), and kept at the hall only
 * sealed with its PII key, until its day is over (the retention purge).
 */
import { openFromDevice, sealForHall } from '../util/for-hall';

const PURPOSE = 'contact v1';

export function normalisePhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

export interface ContactFacts {
  hall: string;
  dev: string;
  ticketId: string;
  masked: string;
  at: number;
}

const aad = (f: ContactFacts) => [f.hall, f.dev, 'ticket.contact', f.ticketId, f.masked, f.at].join('|');

export function sealPhone(secret: string, f: ContactFacts, phone: string): string {
  return sealForHall(secret, PURPOSE, Buffer.from(phone, 'utf8'), aad(f));
}

/** The phone a kiosk sealed, if it opens with that kiosk's secret and matches its mask. */
export function openPhone(secret: string, f: ContactFacts, sealed: unknown): string | undefined {
  const b = openFromDevice(secret, PURPOSE, sealed, aad(f));
  const phone = b ? normalisePhone(b.toString('utf8')) : undefined;
  return phone && maskPhone(phone) === f.masked ? phone : undefined;
}
