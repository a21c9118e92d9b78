/**
 * How a node issues tickets. The hall decides locally; a kiosk asks the hall first, so every kiosk's
 * numbers come from one sequence per prefix while the hall is reachable (Z001, Z002 … across kiosks), and
 * falls back to its leased block when it is not (the ticket then says so: `offline`).
 */
import type { DomainError, QueueState } from '../core/types';
import type { QueuePort } from '../queue/port';
import type { IssueResult, TicketIssuer } from '../queue/issuer';
import type { CheckInReq, IssueReq } from '../sync/topics';

/** What the hall-first issuer needs of a terminal's link and replica. */
export interface HallFirstDeps {
  queue: QueuePort;
  link: {
    readonly hallReachable: boolean;
    requestIssue(req: IssueRequestFields | CheckInRequestFields, timeoutMs: number): Promise<IssueReply | undefined>;
    catchUp(): void;
  };
  /** How long a kiosk waits for the hall's answer before it prints from its block (default 1500 ms). */
  replyTimeoutMs?: number;
  /** How long it waits for the issued ticket to arrive in the committed stream (default 5000 ms). */
  streamTimeoutMs?: number;
  /** After an unanswered request, print from the block without asking for this long (default 15 s). */
  quietMs?: number;
  now?: () => number;
}

/** What the issuer asks; the link adds the `transaction` it matches the reply by. */
export type CheckInRequestFields = Omit<CheckInReq, 'transaction'>;
export type IssueRequestFields = Omit<IssueReq, 'transaction'>;

export type IssueReply =
  | { type: 'issued'; transaction: string; ticketId: string; number: string; hseq: number }
  | { type: 'issue-refused'; transaction: string; code: string; status: number; message: string; existingTicket?: unknown };

/**
 * A kiosk's issuer: while the hall is reachable it asks the hall (one sequence across kiosks); when the hall
 * does not answer in time, or is known to be away, it prints from its own leased block — with the same ticket
 * id, so a late answer of the hall and the block number reconcile to the printed one (src/sync/authority.ts).
 */
export function hallFirstIssuer(deps: HallFirstDeps): TicketIssuer {
  const waitFor = (ticketId: string, ms: number) =>
    new Promise<QueueState | undefined>((resolve) => {
      const now = deps.queue.snapshot();
      if (now.tickets.has(ticketId)) return resolve(now);
      const nudge = setTimeout(() => deps.link.catchUp(), Math.min(1000, ms / 2));
      const timer = setTimeout(() => done(undefined), ms);
      const off = deps.queue.onCommitted(({ state }) => {
        if (state.tickets.has(ticketId)) done(state);
      });
      function done(s: QueueState | undefined) {
        clearTimeout(timer);
        clearTimeout(nudge);
        off();
        resolve(s);
      }
    });
  /** After the hall failed to answer once, kiosks stop asking for a while (a half-open link is not noticed at once). */
  let quietUntil = 0;
  const now = deps.now ?? Date.now;
  return {
    async issue(cmd, opts) {
      if (deps.link.hallReachable && now() >= quietUntil) {
        const reply = await deps.link.requestIssue(
          {
            type: 'issue',
            ticketId: cmd.ticketId,
            service: cmd.service,
            channel: 'kiosk',
            ...(cmd.idHash ? { idHash: cmd.idHash } : {}),
            ...(cmd.idMasked ? { idMasked: cmd.idMasked } : {}),
            ...(cmd.birthDate ? { birthDate: cmd.birthDate } : {}),
            ...(cmd.nameMasked ? { nameMasked: cmd.nameMasked } : {}),
          },
          deps.replyTimeoutMs ?? 1500,
        );
        if (reply) return answered(reply);
        quietUntil = now() + (deps.quietMs ?? 15_000);
      }
      // The hall is away (or silent): this kiosk's own block, spent before it is printed.
      const r = deps.queue.execute(cmd, opts);
      return r.ok ? { ...r, offline: true } : r;
    },
    async checkIn(cmd) {
      const reply = deps.link.hallReachable
        ? await deps.link.requestIssue(
            { type: 'check-in', ticketId: cmd.ticketId, ...(cmd.booking ? { booking: cmd.booking } : {}), ...(cmd.idHash ? { idHash: cmd.idHash } : {}), ...(cmd.birthDate ? { birthDate: cmd.birthDate } : {}) },
            deps.replyTimeoutMs ?? 1500,
          )
        : undefined;
      if (reply) return answered(reply);
      return { ok: false, error: { code: 'hall-unreachable', status: 409, message: '暂时无法连接大厅服务器，预约签到请到咨询台办理 / the hall server cannot be reached: please check in at the help desk' } };
    },
  };

  async function answered(reply: IssueReply): Promise<IssueResult> {
    if (reply.type === 'issue-refused') {
      return { ok: false, error: { code: reply.code, status: reply.status as DomainError['status'], message: reply.message, ...(reply.existingTicket ? { existingTicket: reply.existingTicket as DomainError['existingTicket'] } : {}) } };
    }
    const state = await waitFor(reply.ticketId, deps.streamTimeoutMs ?? 5000);
    if (state) return { ok: true, envelopes: [], state };
    return { ok: false, error: { code: 'issued-not-synced', status: 409, message: `号码 ${reply.number} 已由大厅发出，请到咨询台领取号票 / number ${reply.number} was issued by the hall: please collect it at the help desk` } };
  }
}
