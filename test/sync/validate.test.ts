import { mayAuthor } from '../../src/sync/acl';
import fc from 'fast-check';
import { checkEnvelope, checkEvtBatch, checkAck, checkCmd, checkReq } from '../../src/sync/validate';

const good = { v: 1, eid: '01a205f8-7bd1-706f-bbb4-6e33542c9d55', hall: 'h1', dev: 'k1', boot: 1, seq: 1, ts: 1, type: 'window.opened', body: { window: 1, staffId: 's', at: 1 } };

describe('checkEnvelope', () => {
  it('accepts a well-formed envelope', () => expect(checkEnvelope(good, { hall: 'h1', dev: 'k1' }).ok).toBe(true));
  it('rejects an envelope published under another device (forged-dev)', () => {
    expect(checkEnvelope(good, { hall: 'h1', dev: 'k2' })).toMatchObject({ ok: false, error: { code: 'forged-dev' } });
  });
  it('rejects another hall, unknown types and missing body fields', () => {
    expect(checkEnvelope({ ...good, hall: 'h2' }, { hall: 'h1' })).toMatchObject({ ok: false, error: { code: 'wrong-hall' } });
    expect(checkEnvelope({ ...good, type: 'x.y' }, { hall: 'h1' })).toMatchObject({ ok: false, error: { code: 'bad-type' } });
    expect(checkEnvelope({ ...good, body: { window: '1' } }, { hall: 'h1' })).toMatchObject({ ok: false, error: { code: 'bad-body' } });
  });
  it('rejects a ticket carrying a clear ID number', () => {
    const t = { id: 't', number: 'A001', service: 'A', day: 'd', status: 'waiting', issuedBy: 'k1', seqNo: 1, rank: 1, issuedAt: 1, idNumber: '310117195003159972' };
    expect(checkEnvelope({ ...good, type: 'ticket.issued', body: { ticket: t } }, { hall: 'h1' })).toMatchObject({ ok: false, error: { code: 'clear-id' } });
  });
});

describe('checkEvtBatch', () => {
  it('requires seq +1 inside a batch', () => {
    expect(checkEvtBatch(JSON.stringify([good, { ...good, seq: 3 }]), { hall: 'h1', dev: 'k1' })).toMatchObject({ ok: false, error: { code: 'bad-batch' } });
    expect(checkEvtBatch(JSON.stringify([good, { ...good, seq: 2, eid: '01a205f8-7bd1-706f-bbb4-6e33542c9d56' }]), { hall: 'h1', dev: 'k1' }).ok).toBe(true);
  });
  it('never throws on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const buf = Buffer.from(b);
        for (const f of [() => checkEvtBatch(buf, { hall: 'h1', dev: 'k1' }), () => checkAck(buf), () => checkCmd(buf, 'h1'), () => checkReq(buf)]) expect(f().ok === true || f().ok === false).toBe(true);
      }),
    );
    fc.assert(fc.property(fc.jsonValue(), (j) => expect(typeof checkEvtBatch(JSON.stringify(j) ?? 'null', { hall: 'h1', dev: 'k1' }).ok).toBe('boolean')));
  });
});

describe('call reservations on the wire (issue 9)', () => {
  const counter = { dev: 'c1', cred: { role: 'counter' as const, secret: 'x', window: 1 } };
  it('only the hall grants: a counter may not author ticket.reserved, and releases only its own window’s', () => {
    expect(mayAuthor(counter, 'ticket.reserved', { ticketId: 't', window: 1, at: 1 })).toEqual({ ok: false, reason: 'a counter may not publish ticket.reserved' });
    expect(mayAuthor(counter, 'ticket.released', { ticketId: 't', window: 1, at: 1 })).toEqual({ ok: true });
    expect(mayAuthor(counter, 'ticket.released', { ticketId: 't', window: 2, at: 1 })).toEqual({ ok: false, reason: 'c1 is bound to window 1, not 2' });
  });
  it('a stream chunk carrying grants and releases is accepted; a grant without its window is not', () => {
    const env = (seq: number, type: string, body: object) => ({ ...good, dev: 'hall-server', seq, type, body });
    expect(checkEnvelope(env(1, 'ticket.reserved', { ticketId: 't', window: 1, at: 1 }), { hall: 'h1' }).ok).toBe(true);
    expect(checkEnvelope(env(2, 'ticket.released', { ticketId: 't', window: 1, at: 2 }), { hall: 'h1' }).ok).toBe(true);
    expect(checkEnvelope(env(3, 'ticket.reserved', { ticketId: 't', at: 1 }), { hall: 'h1' })).toMatchObject({ ok: false, error: { code: 'bad-body' } });
  });
});

describe('checkEnvelope ts', () => {
  it('refuses a ts that is not whole milliseconds (the inbox stores it as an INTEGER: 1.5 made the whole group commit fail)', () => {
    for (const ts of [1.5, -1, 1e300, Number.MAX_SAFE_INTEGER + 2]) expect(checkEnvelope({ ...good, ts }, { hall: 'h1' })).toMatchObject({ ok: false, error: { code: 'bad-ts' } });
  });
});
