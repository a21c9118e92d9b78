/** Golden vectors from reference devices.md §1.3, §1.5 and §1.10 (fictitious person 张三). */
import { fromHex } from '../../../drivers/idcard/codec';

export const REQUESTS = {
  reset: 'AA AA AA 96 69 00 03 10 FF EC',
  status: 'AA AA AA 96 69 00 03 11 FF ED',
  samId: 'AA AA AA 96 69 00 03 12 FF EE',
  find: 'AA AA AA 96 69 00 03 20 01 22',
  select: 'AA AA AA 96 69 00 03 20 02 21',
  read: 'AA AA AA 96 69 00 03 30 01 32',
  readExtraAddress: 'AA AA AA 96 69 00 03 30 03 30',
  readFingerprint: 'AA AA AA 96 69 00 03 30 10 23',
  baud115200: 'AA AA AA 96 69 00 03 60 00 63',
  baud9600: 'AA AA AA 96 69 00 03 60 04 67',
  maxRf: 'AA AA AA 96 69 00 04 61 FF 50 CA',
} as const;

export const RESPONSES = {
  statusOk: 'AA AA AA 96 69 00 04 00 00 90 94',
  findOk: 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97',
  findFail: 'AA AA AA 96 69 00 04 00 00 80 84',
  selectOk: 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C',
  selectFail: 'AA AA AA 96 69 00 04 00 00 81 85',
  readFail: 'AA AA AA 96 69 00 04 00 00 41 45',
  hostChecksumErr: 'AA AA AA 96 69 00 04 00 00 10 14',
  samAuthFail: 'AA AA AA 96 69 00 04 00 00 32 36',
} as const;

/** §1.10 text block: 张三 / 1 / 01 / 19491231 / 北京市东城区测试路1号 / 11010519491231002X / 北京市公安局东城分局 / 20200101 / 20400101. */
export const ZHANG_SAN_TEXT_HEX = `
20 5F 09 4E 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 31 00
30 00 31 00 31 00 39 00 34 00 39 00 31 00 32 00 33 00 31 00 17 53 AC 4E 02 5E 1C 4E CE 57 3A 53
4B 6D D5 8B EF 8D 31 00 F7 53 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00
20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 31 00 31 00 30 00
31 00 30 00 35 00 31 00 39 00 34 00 39 00 31 00 32 00 33 00 31 00 30 00 30 00 32 00 58 00 17 53
AC 4E 02 5E 6C 51 89 5B 40 5C 1C 4E CE 57 06 52 40 5C 20 00 20 00 20 00 20 00 20 00 32 00 30 00
32 00 30 00 30 00 31 00 30 00 31 00 32 00 30 00 34 00 30 00 30 00 31 00 30 00 31 00 20 00 20 00
20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00 20 00`;

export const ZHANG_SAN_TEXT = fromHex(ZHANG_SAN_TEXT_HEX);

/** The full 1295-byte `30 01` response: header + text + 1024×00 photo + CHK A5. */
export function zhangSanReadFrame(photoByte: (i: number) => number = () => 0): Uint8Array {
  const head = fromHex('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
  const out = new Uint8Array(1295);
  out.set(head, 0);
  out.set(ZHANG_SAN_TEXT, 14);
  for (let i = 0; i < 1024; i++) out[270 + i] = photoByte(i);
  out[1294] = 0xa5;
  return out;
}
