/**
 * 帮办 calls (issue 15; DB4210/T 61-2023 4.2.2.4 帮办代办): a citizen at a kiosk presses 请工作人员协助, the
 * help desk answers. Pure rules over the state, decided like every other command — on the kiosk while it is
 * cut off, and again by the hall when the event arrives:
 *
 * - H1 one open call per terminal: pressing again while one is open does not call twice.
 * - H2 a call is answered by a signed-in help window (kind help_desk; any window when the hall has none),
 *      once: the first committed answer wins, a later one is refused naming who answered.
 * - H3 a call is closed by the terminal that made it (the citizen cancels, or was helped) or by a help window.
 * - H4 an unanswered call outlives the day's rollover (it moves to the new day); answered-and-closed ones leave.
 */
import type { HallConfig, WindowConfig } from './config';
import type { Decision, DomainError, HelpEvent, HelpRequest, QueueState, RequestHelpCommand } from './types';

const fail = (code: string, status: DomainError['status'], message: string): Decision => ({ ok: false, error: { code, status, message } });

/** Request ids are UUIDs (minted by the terminal), never free text: they key a plain object. */
export const HELP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Terminal ids as the sync topics spell them. */
const TERMINAL_ID = /^[a-z0-9][a-z0-9-]{0,40}$/;
/** A kiosk screen's short code (home, services, swipe, checkin …). */
export const HELP_SCREEN = /^[a-z][a-z0-9-]{0,23}$/;

/** The windows that answer calls: the help desks, or every window when the hall has none. */
export function helpWindows(config: HallConfig): WindowConfig[] {
  const desks = config.windows.filter((w) => w.kind === 'help_desk');
  return desks.length ? desks : config.windows;
}

function own(state: QueueState, id: string): HelpRequest | undefined {
  return Object.hasOwn(state.help, id) ? state.help[id] : undefined;
}

/** The terminal's call still waiting or being answered, if any (H1). */
export function openHelpOf(state: QueueState, terminal: string): HelpRequest | undefined {
  return Object.values(state.help).find((r) => r.terminal === terminal && r.status !== 'closed');
}

export function decideRequestHelp(state: QueueState, cmd: RequestHelpCommand): Decision {
  if (!HELP_ID.test(cmd.requestId)) return fail('bad-help-id', 422, '求助编号格式错误 / the help request id is not a UUID');
  if (!TERMINAL_ID.test(cmd.dev)) return fail('bad-terminal', 422, '终端编号格式错误 / the terminal id is not valid');
  if (cmd.screen !== undefined && !HELP_SCREEN.test(cmd.screen)) return fail('bad-screen', 422, '页面代码格式错误 / the screen code is not valid');
  if (own(state, cmd.requestId)) return fail('duplicate-help-id', 409, '该求助已登记 / this help request is already recorded');
  // H1: one open call per terminal.
  const open = openHelpOf(state, cmd.dev);
  if (open) return fail('help-open', 409, `${cmd.dev} 已呼叫工作人员，请稍候 / ${cmd.dev} has already called for staff: please wait`);
  return { ok: true, events: [{ type: 'help.requested', body: { requestId: cmd.requestId, terminal: cmd.dev, day: state.day, ...(cmd.screen ? { screen: cmd.screen } : {}), at: cmd.at } }] };
}

/** The window answering or closing a call must be a help window with a clerk signed in (H2, H3). */
function helpWindow(state: QueueState, config: HallConfig, no: number): DomainError | undefined {
  const wc = config.windows.find((w) => w.no === no);
  if (!wc) return { code: 'unknown-window', status: 404, message: `没有 ${no} 号窗口 / no window ${no}` };
  if (!helpWindows(config).includes(wc)) return { code: 'not-help-window', status: 409, message: `${no}号窗口不是咨询导办台，不接求助 / window ${no} is not a help desk and does not answer help calls` };
  if ((state.windows[no]?.status ?? 'closed') === 'closed') return { code: 'window-closed', status: 409, message: `${no}号窗口未登录，请先登录 / window ${no} is closed: sign in first` };
  return undefined;
}

export function decideAckHelp(state: QueueState, cmd: { at: number; window: number; requestId: string }, config: HallConfig): Decision {
  const bad = helpWindow(state, config, cmd.window);
  if (bad) return { ok: false, error: bad };
  const r = own(state, cmd.requestId);
  if (!r) return fail('unknown-help', 404, '没有这条求助 / no such help request');
  if (r.status === 'closed') return fail('help-closed', 409, `${r.terminal} 的求助已结束 / the help call from ${r.terminal} is already closed`);
  if (r.ack) {
    // H2: answered once. The same window answering again (a repeated tap) changes nothing.
    if (r.ack.window === cmd.window) return { ok: true, events: [] };
    const who = r.ack.staffId ? `（工号 ${r.ack.staffId}）` : '';
    return fail('help-taken', 409, `${r.terminal} 的求助已由 ${r.ack.window} 号窗口${who}响应 / the help call from ${r.terminal} was answered by window ${r.ack.window}${r.ack.staffId ? ` (staff ${r.ack.staffId})` : ''}`);
  }
  const staffId = state.windows[cmd.window]?.staffId;
  return { ok: true, events: [{ type: 'help.acknowledged', body: { requestId: r.id, window: cmd.window, ...(staffId ? { staffId } : {}), at: cmd.at } }] };
}

export function decideCloseHelp(state: QueueState, cmd: { at: number; requestId: string; window?: number; terminal?: string }, config: HallConfig): Decision {
  if ((cmd.window === undefined) === (cmd.terminal === undefined)) return fail('bad-close', 422, '须由发起求助的终端或咨询台窗口结束 / a help call is closed by its terminal or by a help window');
  const r = own(state, cmd.requestId);
  if (!r) return fail('unknown-help', 404, '没有这条求助 / no such help request');
  if (cmd.terminal !== undefined && cmd.terminal !== r.terminal) return fail('not-your-help', 409, `这条求助来自 ${r.terminal} / this help call came from ${r.terminal}`);
  if (cmd.window !== undefined) {
    const bad = helpWindow(state, config, cmd.window);
    if (bad) return { ok: false, error: bad };
  }
  // Closing twice (the citizen cancels as the clerk closes) changes nothing.
  if (r.status === 'closed') return { ok: true, events: [] };
  return { ok: true, events: [{ type: 'help.closed', body: { requestId: r.id, at: cmd.at, ...(cmd.window !== undefined ? { by: 'window' as const, window: cmd.window } : { by: 'terminal' as const }) } }] };
}

function withHelp(state: QueueState, id: string, patch: Partial<HelpRequest>): QueueState {
  const r = own(state, id);
  return r ? { ...state, help: { ...state.help, [id]: { ...r, ...patch } } } : state;
}

export function applyHelp(state: QueueState, event: HelpEvent): QueueState {
  switch (event.type) {
    case 'help.requested': {
      const b = event.body;
      const r: HelpRequest = { id: b.requestId, day: b.day, terminal: b.terminal, ...(b.screen ? { screen: b.screen } : {}), at: b.at, status: 'open' };
      return { ...state, help: { ...state.help, [b.requestId]: r } };
    }
    case 'help.acknowledged': {
      const b = event.body;
      if (own(state, b.requestId)?.status !== 'open') return state;
      return withHelp(state, b.requestId, { status: 'acknowledged', ack: { window: b.window, ...(b.staffId ? { staffId: b.staffId } : {}), at: b.at } });
    }
    case 'help.closed': {
      const b = event.body;
      if (!own(state, b.requestId) || own(state, b.requestId)!.status === 'closed') return state;
      return withHelp(state, b.requestId, { status: 'closed', closed: { at: b.at, by: b.by, ...(b.window !== undefined ? { window: b.window } : {}) } });
    }
  }
}

/** H4, on a new business day: calls still waiting or being answered move to it; closed ones leave. */
export function rollHelp(state: QueueState, day: string): Pick<QueueState, 'help'> {
  const help: Record<string, HelpRequest> = {};
  for (const r of Object.values(state.help ?? {})) if (r.status !== 'closed') help[r.id] = { ...r, day };
  return { help };
}

/** Calls newest first: the open ones, then the rest of the day's. */
export function helpList(state: QueueState): HelpRequest[] {
  const rank = (r: HelpRequest) => (r.status === 'closed' ? 1 : 0);
  return Object.values(state.help).sort((a, b) => rank(a) - rank(b) || b.at - a.at);
}
