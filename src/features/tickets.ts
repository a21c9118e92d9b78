/**
 * Taking a number (B1–B7): `POST /api/v1/tickets` from the kiosk (ID swipe as a card session, or none for
 * services that need no ID) or from staff (帮办: a typed ID, channel staff). The ticket is decided by the
 * node's issuer (the hall's one sequence, or this kiosk's leased block offline), then printed on this
 * terminal's printer: the number is spent whatever the printer does, and the screen says what happened.
 * `GET /api/v1/tickets/:id` gives the public fields the phone follow page shows.
 */
import { maskName } from '../core/mask';
import { aheadOf } from '../core/policy';
import { skillTier } from '../core/config';
import type { Command, QueueState, Ticket } from '../core/types';
import type { IssuedTicket, IssueRequest } from '../contract';
import { buildTicketLayout } from '../../drivers/ticket/template';
import { PrinterError } from '../../drivers/printer/service';
import { fromDomain, HttpError } from '../api/errors';
import type { Feature, NodeContext } from '../node/context';
import { uuidv7 } from '../store/uuidv7';
import type { PiiRow } from '../store/event-store';
import { identify, takeCard } from './identity';
import { localIssuer, type IssueCommand } from '../queue/issuer';
import { windowHint } from '../core/view';
import { followUrl, publicTicketRoute } from './follow';

export const ISSUE_NOTE = '请留意叫号，过号请到咨询台 / Watch the screens; if you miss your call, ask at the help desk';

/** The ticket as the kiosk shows it, printed on this terminal's printer when it has one. */
export async function issuedTicket(ctx: NodeContext, state: QueueState, t: Ticket, note: string, offline = false): Promise<IssuedTicket> {
  const { config } = ctx;
  const svc = config.services.find((s) => s.id === t.service)!;
  const openWindows = config.windows.filter((w) => skillTier(w, t.service) === 1 && state.windows[w.no]?.status === 'open').length;
  const ahead = aheadOf(state, t, ctx.now(), config);
  const issued: IssuedTicket = {
    id: t.id,
    number: t.number,
    service: t.service,
    serviceName: svc.name,
    ahead,
    estimatedWaitMin: openWindows > 0 ? Math.round((ahead * svc.meanServiceMin) / openWindows) : null,
    issuedAt: t.issuedAt,
    green: !!t.green,
    followUrl: followUrl(ctx, t.id),
    ...(offline ? { offline: true } : {}),
  };
  const printer = ctx.devices.printer(ctx.dev);
  if (!printer) return issued;
  try {
    await printer.printTicket(
      buildTicketLayout({
        hallName: config.hall.name,
        hallNameEn: config.hall.nameEn,
        number: t.number,
        serviceName: svc.name,
        serviceNameEn: svc.nameEn,
        ahead,
        issuedAt: t.issuedAt,
        qrUrl: issued.followUrl,
        green: !!t.green,
        windowHint: windowHint(config, t.service),
        note,
        offline,
      }),
    );
    return { ...issued, print: { ok: true } };
  } catch (err) {
    const code = err instanceof PrinterError ? err.code : 'print-failed';
    return { ...issued, print: { ok: false, code, message: err instanceof Error ? err.message : String(err) } };
  }
}

export { windowHint } from '../core/view';


/** Takes a number: identifies the citizen (card session or typed ID), asks the node's issuer, prints. */
export async function issueTicket(ctx: NodeContext, b: IssueRequest): Promise<IssuedTicket> {
  const ticketId = uuidv7(ctx.now());
  let idNumber = b.idNumber;
  let name = b.name;
  if (b.card !== undefined) {
    if (idNumber !== undefined) throw new HttpError(422, 'bad-field', '"card" 与 "idNumber" 只能二选一 / give either card or idNumber');
    const card = takeCard(ctx, b.card);
    idNumber = card.idNumber;
    name = card.name;
  }
  let idPart: Partial<IssueCommand> = {};
  let pii: PiiRow[] | undefined;
  if (idNumber !== undefined) {
    const { sealed, ...id } = identify(ctx, idNumber);
    idPart = id;
    pii = [{ ticketId, sealed }];
  }
  const cmd = { type: 'issue', at: ctx.now(), dev: ctx.dev, ticketId, service: b.service, channel: b.channel ?? 'kiosk', ...idPart, ...(name ? { nameMasked: maskName(name) } : {}) } as Command as IssueCommand;
  const r = await (ctx.caps.issuer ?? localIssuer(ctx.queue)).issue(cmd, pii ? { pii } : {});
  if (!r.ok) throw fromDomain(r.error);
  return issuedTicket(ctx, r.state, r.state.tickets.get(ticketId)!, ISSUE_NOTE, r.offline);
}

export function tickets(): Feature {
  return {
    name: 'tickets',
    start(ctx) {
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/tickets',
        status: 201,
        body: { service: 'string', idNumber: 'string', name: 'string', channel: { type: 'string', enum: ['kiosk', 'staff', 'api'] }, card: 'string', terminal: 'string' },
        required: ['service'],
        handler: (req) => issueTicket(ctx, req.body as IssueRequest),
      });
      ctx.api.route(publicTicketRoute(ctx));
    },
  };
}
