/**
 * The hall's book of phone numbers for notices (B12): sealed with its PII vault in `contacts`, opened only to
 * send a notice, gone once their day is over. The kiosk's sealed copy is opened by HallSync (hall-checks.ts)
 * and stored here in the same transaction as the `ticket.contact` event.
 */
import type { QueueState } from '../core/types';
import type { WriteDb } from '../store/db';
import { ContactStore } from '../store/contact-store';
import type { PiiVault } from '../store/pii';

/** Where the hall puts a phone number it opened from a kiosk's event (src/sync/hall-checks.ts). */
export interface ContactSink {
  store(ticketId: string, phone: string, masked: string, state: QueueState, at: number): void;
}

export class ContactBook implements ContactSink {
  readonly store_: ContactStore;

  constructor(db: WriteDb, private readonly vault: PiiVault) {
    this.store_ = new ContactStore(db);
  }

  store(ticketId: string, phone: string, masked: string, state: QueueState, at: number): void {
    const day = state.tickets.get(ticketId)?.day ?? state.day;
    this.store_.put(ticketId, day, this.vault.seal(phone), masked, at);
  }

  /** The clear number, only to hand it to the gateway. */
  phoneOf(ticketId: string): string | undefined {
    const c = this.store_.get(ticketId);
    return c ? this.vault.open(c.cipher) : undefined;
  }

  maskedOf(ticketId: string): string | undefined {
    return this.store_.get(ticketId)?.masked;
  }

  purgeBefore(day: string): number {
    return this.store_.purgeBefore(day);
  }
}
