/** 帮办 calls in the pure engine (src/core/help.ts): H1 one open call per terminal, H2 answered once by a help window, H3 who closes, H4 the rollover. */
import { Harness } from '../helpers/engine';
import { MINUTE, testHallConfig } from '../helpers/config';
import { helpList, helpWindows } from '../../src/core/help';
import { applyAll, emptyState } from '../../src/core/apply';
import { stateFromJson, stateToJson } from '../../src/core/state-json';

let n = 0;
const rid = () => `0190a000-0000-7000-8000-${String(++n).padStart(12, '0')}`;
const ask = (h: Harness, dev = 'kiosk-1', extra: { requestId?: string; screen?: string } = {}) => ({ type: 'request-help' as const, at: h.now, dev, requestId: extra.requestId ?? rid(), ...(extra.screen ? { screen: extra.screen } : {}) });

describe('H1 a kiosk calls for a person', () => {
  it('records which kiosk, on which screen and since when — and nothing about the citizen', () => {
    const h = new Harness();
    const cmd = ask(h, 'kiosk-1', { screen: 'swipe' });
    h.do(cmd);
    expect(h.state.help[cmd.requestId]).toEqual({ id: cmd.requestId, day: '2026-11-23', terminal: 'kiosk-1', screen: 'swipe', at: h.now, status: 'open' });
  });

  it('H1 pressing again while the call is open calls nobody twice; another kiosk calls on its own', () => {
    const h = new Harness();
    h.do(ask(h));
    expect(h.refuse(ask(h.tick())).code).toBe('help-open');
    h.do(ask(h, 'kiosk-2'));
    expect(helpList(h.state).map((r) => r.terminal).sort()).toEqual(['kiosk-1', 'kiosk-2']);
  });

  it('refuses ids that are not UUIDs (they key the state), bad screen codes and repeated ids', () => {
    const h = new Harness();
    expect(h.refuse(ask(h, 'kiosk-1', { requestId: '__proto__' })).code).toBe('bad-help-id');
    expect(h.refuse(ask(h, 'kiosk-1', { screen: '<script>' })).code).toBe('bad-screen');
    expect(h.refuse({ ...ask(h), dev: 'Kiosk 1' }).code).toBe('bad-terminal');
    const first = ask(h);
    h.do(first);
    h.do({ type: 'close-help', at: h.now, requestId: first.requestId, terminal: 'kiosk-1' });
    expect(h.refuse({ ...ask(h), requestId: first.requestId }).code).toBe('duplicate-help-id');
  });
});

describe('H2 the help desk answers', () => {
  it('the help desk (kind help_desk) answers, with its signed-in clerk; other windows may not', () => {
    const h = new Harness();
    const call = ask(h);
    h.do(call);
    h.open(4, '1030').open(1, '1001');
    expect(h.refuse({ type: 'ack-help', at: h.now, window: 1, requestId: call.requestId }).code).toBe('not-help-window');
    h.do({ type: 'ack-help', at: h.tick(90_000).now, window: 4, requestId: call.requestId });
    expect(h.state.help[call.requestId]).toMatchObject({ status: 'acknowledged', ack: { window: 4, staffId: '1030', at: h.now } });
  });

  it('a help desk with nobody signed in cannot answer', () => {
    const h = new Harness();
    const call = ask(h);
    h.do(call);
    expect(h.refuse({ type: 'ack-help', at: h.now, window: 4, requestId: call.requestId }).code).toBe('window-closed');
  });

  it('H2 answered once: a second desk is told who answered; the same desk tapping again changes nothing', () => {
    const config = testHallConfig();
    config.windows.push({ no: 5, label: '5号 咨询台', kind: 'help_desk', skills: { Z: 1 }, greenChannel: false });
    const h = new Harness(config);
    const call = ask(h);
    h.do(call);
    h.open(4, '1030').open(5, '1031');
    h.do({ type: 'ack-help', at: h.now, window: 4, requestId: call.requestId });
    expect(h.do({ type: 'ack-help', at: h.now, window: 4, requestId: call.requestId })).toEqual([]);
    const e = h.refuse({ type: 'ack-help', at: h.now, window: 5, requestId: call.requestId });
    expect(e.code).toBe('help-taken');
    expect(e.message).toContain('4 号窗口（工号 1030）');
  });

  it('a hall without a help desk lets any window answer', () => {
    const config = testHallConfig();
    config.windows = config.windows.filter((w) => w.kind !== 'help_desk');
    expect(helpWindows(config).map((w) => w.no)).toEqual([1, 2, 3]);
    const h = new Harness(config);
    const call = ask(h);
    h.do(call);
    h.open(3);
    h.do({ type: 'ack-help', at: h.now, window: 3, requestId: call.requestId });
    expect(h.state.help[call.requestId]!.status).toBe('acknowledged');
  });
});

describe('H3 closing a call', () => {
  it('the kiosk that called may cancel it; another kiosk may not; a closed call is closed once', () => {
    const h = new Harness();
    const call = ask(h);
    h.do(call);
    expect(h.refuse({ type: 'close-help', at: h.now, requestId: call.requestId, terminal: 'kiosk-2' }).code).toBe('not-your-help');
    h.do({ type: 'close-help', at: h.now, requestId: call.requestId, terminal: 'kiosk-1' });
    expect(h.state.help[call.requestId]).toMatchObject({ status: 'closed', closed: { by: 'terminal' } });
    expect(h.do({ type: 'close-help', at: h.now, requestId: call.requestId, terminal: 'kiosk-1' })).toEqual([]);
    expect(h.refuse({ type: 'ack-help', at: h.now, window: 4, requestId: call.requestId }).code).toMatch(/window-closed|help-closed/);
    h.do(ask(h)); // and the kiosk may call again
  });

  it('the help desk closes a call it dealt with; it needs a window or a terminal, not both', () => {
    const h = new Harness();
    const call = ask(h);
    h.do(call);
    h.open(4, '1030');
    expect(h.refuse({ type: 'close-help', at: h.now, requestId: call.requestId, window: 4, terminal: 'kiosk-1' }).code).toBe('bad-close');
    h.do({ type: 'close-help', at: h.now, requestId: call.requestId, window: 4 });
    expect(h.state.help[call.requestId]).toMatchObject({ status: 'closed', closed: { by: 'window', window: 4 } });
  });
});

describe('H4 the day rollover', () => {
  it('an unanswered call moves to the new day; answered-and-closed ones leave', () => {
    const h = new Harness();
    const open = ask(h, 'kiosk-1');
    const done = ask(h, 'kiosk-2');
    h.do(open);
    h.do(done);
    h.do({ type: 'close-help', at: h.now, requestId: done.requestId, terminal: 'kiosk-2' });
    h.now += 24 * 60 * MINUTE;
    h.issue('Z'); // the first command of Tuesday rolls the day over
    expect(Object.keys(h.state.help)).toEqual([open.requestId]);
    expect(h.state.help[open.requestId]!.day).toBe('2026-11-24');
  });

  it('the state keeps its calls through JSON (a terminal replica snapshot)', () => {
    const h = new Harness();
    h.do(ask(h));
    expect(stateFromJson(stateToJson(h.state))).toEqual(h.state);
    const { help: _h, ...older } = JSON.parse(stateToJson(emptyState('x'))) as Record<string, unknown>;
    expect(stateFromJson(JSON.stringify(older)).help).toEqual({});
    expect(applyAll(emptyState('x'), h.log).help).toEqual(h.state.help);
  });
});
