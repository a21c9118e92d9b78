/**
 * Staff credentials (C8) as the directory keeps them: never a card number or a password, only a *verifier*
 * `sha256(key)` of a slow salted key (`crypto.scrypt`):
 *   card     key = scrypt("<kind>:<number>", "halledge staff card:<hall id>")   kind: id (ID card) | staff (staff card)
 *   password key = scrypt(password, <16 random bytes of salt per person>)
 * A terminal that reads a card or is typed a password derives the key, checks its verifier in the directory it
 * holds (offline too), and seals the key for the hall (proof.ts): the hall, which holds only verifiers as well,
 * checks sha256(key) again. Whoever copies the directory learns no card number and no password, and cannot
 * make a key from a verifier.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { StaffMember } from '../core/config';

export type CardKind = 'id' | 'staff';

/** ~50 ms and 16 MiB per card read: one per swipe, the same for every member (a hall-wide salt). */
export const CARD_SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** ~100 ms and 32 MiB per password attempt. */
export const PASSWORD_SCRYPT: ScryptOptions = { N: 32768, r: 8, p: 1, maxmem: 96 * 1024 * 1024 };
const KEY_BYTES = 32;

function scrypt(secret: string, salt: Buffer | string, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(secret.normalize('NFC'), salt, KEY_BYTES, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** A card number as printed or read: trimmed, spaces removed, upper case (an ID number's final x → X). */
export function normaliseCard(number: string): string {
  return number.replace(/\s+/g, '').toUpperCase();
}

export function cardKey(hallId: string, kind: CardKind, number: string): Promise<Buffer> {
  return scrypt(`${kind}:${normaliseCard(number)}`, `halledge staff card:${hallId}`, CARD_SCRYPT);
}

export function passwordKey(password: string, saltHex: string): Promise<Buffer> {
  return scrypt(password, Buffer.from(saltHex, 'hex'), PASSWORD_SCRYPT);
}

export function verifierOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A key matches one of a member's credentials of that kind. */
export function keyMatches(member: StaffMember, via: 'card' | 'password', key: Buffer): boolean {
  const v = verifierOf(key);
  if (via === 'card') return member.cards.some((c) => sameHex(c, v));
  return !!member.password && sameHex(member.password.verifier, v);
}

/** C8 password rules: at least 8 characters with letters and digits; not the staff id or staff number. */
export function passwordProblem(password: string, member?: Pick<StaffMember, 'id' | 'staffNo'>): string | undefined {
  if (password.length < 8) return '密码至少 8 位 / a password needs at least 8 characters';
  if (password.length > 128) return '密码太长 / the password is too long';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '密码须同时包含字母和数字 / a password needs letters and digits';
  if (member && (password.includes(member.id) && password.length - member.id.length < 4)) return '密码不能只是工号 / the password cannot be just the staff id';
  return undefined;
}

export async function makePassword(password: string): Promise<{ salt: string; verifier: string }> {
  const salt = randomBytes(16).toString('hex');
  return { salt, verifier: verifierOf(await passwordKey(password, salt)) };
}

export async function makeCardVerifier(hallId: string, kind: CardKind, number: string): Promise<string> {
  return verifierOf(await cardKey(hallId, kind, number));
}

/** The member a card belongs to (with the key that proves it), if any. */
export async function memberByCard(members: readonly StaffMember[], hallId: string, kind: CardKind, number: string): Promise<{ member: StaffMember; key: Buffer } | undefined> {
  const key = await cardKey(hallId, kind, number);
  const member = members.find((m) => keyMatches(m, 'card', key));
  return member ? { member, key } : undefined;
}

/** The key of a member's password when it is right. */
export async function checkPassword(member: StaffMember, password: string): Promise<Buffer | undefined> {
  if (!member.password || password.length === 0 || password.length > 128) return undefined;
  const key = await passwordKey(password, member.password.salt);
  return keyMatches(member, 'password', key) ? key : undefined;
}
