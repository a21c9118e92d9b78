/** SAM status byte SW3 (GA 467; reference devices.md §1.4) → machine code + words in Chinese and English. */

export interface Sw3Meaning { code: string; zh: string; en: string }

const SW3: Record<number, Sw3Meaning> = {
  0x90: { code: 'ok', zh: '操作成功', en: 'OK' },
  0x9f: { code: 'card-found', zh: '寻卡成功', en: 'card found' },
  0x10: { code: 'host-checksum', zh: '收到的命令校验和错误', en: 'SAM received a frame with a bad checksum' },
  0x11: { code: 'host-length', zh: '收到的命令长度错误', en: 'SAM received a frame with a bad length' },
  0x21: { code: 'bad-command', zh: '命令错误', en: 'command not understood' },
  0x23: { code: 'unauthorized', zh: '越权操作', en: 'operation not authorised' },
  0x24: { code: 'unknown-error', zh: '无法识别的错误', en: 'unrecognised error' },
  0x31: { code: 'card-auth-sam-failed', zh: '卡认证SAM失败', en: 'card failed to authenticate the SAM' },
  0x32: { code: 'sam-auth-card-failed', zh: 'SAM认证卡失败', en: 'SAM failed to authenticate the card' },
  0x33: { code: 'verify-failed', zh: '信息验证错误', en: 'information verification failed' },
  0x40: { code: 'wrong-card-type', zh: '无法识别的卡类型', en: 'wrong card type' },
  0x41: { code: 'read-failed', zh: '读卡失败', en: 'reading the card failed' },
  0x47: { code: 'random-failed', zh: '取随机数失败', en: 'getting a random number failed' },
  0x60: { code: 'sam-self-test', zh: 'SAM模块自检失败', en: 'SAM self-test failed' },
  0x66: { code: 'sam-unauthorized', zh: 'SAM模块未经授权', en: 'SAM module not authorised' },
  0x80: { code: 'no-card', zh: '寻卡失败（无卡）', en: 'no card on the reader' },
  0x81: { code: 'select-failed', zh: '选卡失败', en: 'selecting the card failed' },
  0x91: { code: 'no-content', zh: '无此内容', en: 'no such content' },
};

export function describeSw3(sw3: number): Sw3Meaning {
  return SW3[sw3] ?? { code: `sw3-${sw3.toString(16).padStart(2, '0')}`, zh: `未知状态码 ${sw3.toString(16).toUpperCase()}`, en: `unknown SAM status 0x${sw3.toString(16)}` };
}

/** Status codes that mean the SAM module itself is broken (health: degraded "SAM模块故障"). */
export function isSamFault(sw3: number): boolean {
  return sw3 === 0x60 || sw3 === 0x66;
}
