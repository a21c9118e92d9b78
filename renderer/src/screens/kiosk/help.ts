/**
 * 请工作人员协助 (帮办, issue 15): after the citizen pressed the button on any page, this page says what happens —
 * the help desk has been called (and since when), the call waits for the network when the kiosk is cut off (it is
 * sent by itself after the heal; the help desk is named so the citizen may walk there), or who is on the way.
 */
import { h } from '../../dom';
import { t } from '../../i18n';
import { icon } from '../../icons';
import { n, p, pause, type Part } from '../../speech/parts';
import type { Kiosk, ScreenView } from './context';
import { minutesSince } from './frame';

export function helpScreen(k: Kiosk): ScreenView {
  const call = k.calls.find((c) => c.terminal === k.terminal && c.status !== 'closed') ?? k.calls.find((c) => c.terminal === k.terminal);
  const from = k.s.helpFrom;
  const back = () => k.go(from ? { ...from } : { screen: 'home', page: 0, helpFrom: undefined });
  const keep = { key: 'keep', attrs: { 'data-test': 'help-back' }, body: t('keepUsing'), say: [p('keepUsing')], run: back };
  if (!call || call.status === 'closed') {
    return {
      title: t('callStaff'),
      say: [p('helpClosed')],
      info: [h('div.help-card.closed', { 'data-test': 'help-status', 'data-status': 'closed' }, h('p.help-state', null, t('helpClosed')))],
      options: [keep],
      layout: 'wide',
      back,
      key: 'closed',
    };
  }
  // Not yet at the hall: on its way (a moment), or waiting for the network when this kiosk is cut off from it.
  const state = call.pending ? (k.hallLinked ? 'sending' : 'pending') : call.status;
  const say: Part[] =
    state === 'acknowledged' && call.ack
      ? [p('helpAckedPre'), n(call.ack.window), p('helpAckedPost')]
      : state === 'pending'
        ? [p('helpCalled'), pause, p('helpPending')]
        : [p('helpCalled')];
  const stateText = state === 'acknowledged' && call.ack ? t('helpAcked', { w: call.ack.window }) : t('helpCalled');
  return {
    title: t('callStaff'),
    say,
    info: [
      h('div.help-card', { 'data-test': 'help-status', 'data-status': state },
        h('div.help-icon', { 'aria-hidden': 'true' }, icon.person(96)),
        h('div', null,
          h('p.help-state', null, stateText),
          h('p.help-since', null, t('helpSince', { n: minutesSince(call.at) })),
          state === 'pending' ? h('p.help-pending', { role: 'status' }, t('helpPending')) : null,
          state === 'sending' ? h('p.muted', { role: 'status' }, t('helpSending')) : null,
          h('p.muted', null, t('helpWhere', { k: k.terminal })),
        ),
      ),
    ],
    options: [
      ...(call.status === 'open' ? [{ key: 'cancel', attrs: { 'data-test': 'help-cancel' }, body: t('cancelHelp'), say: [p('cancelHelp')], run: () => void k.cancelHelp() }] : []),
      { ...keep, cls: 'primary' },
    ],
    layout: 'wide',
    back,
    key: `${call.id}|${state}`,
  };
}
