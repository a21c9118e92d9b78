/**
 * C1–C4 at the node's edge: an ID number (typed, or read at this terminal's reader as a one-use card
 * session) is validated, and leaves only as a keyed hash (for B2 limits), a mask and a sealed copy.
 */
import { parseIdNumber } from '../core/idnumber';
import { maskIdNumber } from '../core/mask';
import { HttpError } from '../api/errors';
import type { CardSession } from '../devices/hub';
import type { NodeContext } from '../node/context';

export interface Identified {
  idHash: string;
  idMasked: string;
  birthDate: string;
  sealed: string;
}

export function identify(ctx: NodeContext, idNumber: string): Identified {
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw new HttpError(422, parsed.error.code, parsed.error.message);
  const { vault } = ctx;
  return { idHash: vault.hashId(parsed.info.value), idMasked: maskIdNumber(parsed.info.value), birthDate: parsed.info.birthDate, sealed: vault.seal(parsed.info.value) };
}

/** The card read at a terminal's reader: used once, then forgotten (C9). */
export function takeCard(ctx: NodeContext, session: string): CardSession {
  const card = ctx.devices.takeCard(session);
  if (!card) throw new HttpError(409, 'card-expired', '读卡信息已失效，请重新刷身份证 / the card reading has expired: please swipe the ID card again');
  return card;
}
