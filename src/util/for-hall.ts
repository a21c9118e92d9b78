/**
 * Something a terminal must tell the hall server and nobody else — a staff credential the counter verified
 * (src/staff/proof.ts), a citizen's phone number given at a kiosk (src/notify/) — rides in the terminal's event,
 * sealed with AES-256-GCM under a key derived from that terminal's own MQTT secret. Only the terminal and the
 * hall server (which holds every device's secret in the credentials file) can open it; the authenticated data
 * binds it to its purpose, its device and its event, so it cannot be moved to another event or terminal.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'h1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyFor(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('halledge for-hall'), purpose, 32));
}

/** `h1.` + base64url(iv ‖ ciphertext ‖ tag). */
export function sealForHall(secret: string, purpose: string, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return PREFIX + Buffer.concat([iv, ct, c.getAuthTag()]).toString('base64url');
}

/** The plaintext, or undefined when the seal is not this device's, not for this purpose and event, or tampered with. */
export function openFromDevice(secret: string, purpose: string, sealed: unknown, aad: string): Buffer | undefined {
  if (typeof sealed !== 'string' || !sealed.startsWith(PREFIX) || sealed.length > 2048) return undefined;
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES + 1) return undefined;
  try {
    const d = createDecipheriv('aes-256-gcm', keyFor(secret, purpose), raw.subarray(0, IV_BYTES));
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([d.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), d.final()]);
  } catch {
    return undefined;
  }
}
