/** Drives the pure engine in tests: decide, then apply, failing loudly on a refused command. */
import { applyAll, emptyState } from '../../src/core/apply';
import type { HallConfig } from '../../src/core/config';
import { decide } from '../../src/core/decide';
import type { Command, DomainError, DomainEvent, QueueState, Ticket } from '../../src/core/types';
import { MONDAY_0915, testHallConfig } from './config';

export class Harness {
  state: QueueState;
  now = MONDAY_0915;
  log: DomainEvent[] = [];
  private n = 0;
  constructor(readonly config: HallConfig = testHallConfig()) {
    this.state = emptyState(config.hall.id);
  }
  tick(ms = 1000): this {
    this.now += ms;
    return this;
  }
  try(cmd: Command): { ok: true; events: DomainEvent[] } | { ok: false; error: DomainError } {
    const d = decide(this.state, cmd, this.config);
    if (d.ok) {
      this.state = applyAll(this.state, d.events);
      this.log.push(...d.events);
    }
    return d;
  }
  do(cmd: Command): DomainEvent[] {
    const d = this.try(cmd);
    if (!d.ok) throw new Error(`${cmd.type} refused: ${d.error.code} ${d.error.message}`);
    return d.events;
  }
  refuse(cmd: Command): DomainError {
    const d = this.try(cmd);
    if (d.ok) throw new Error(`${cmd.type} was accepted: ${JSON.stringify(d.events)}`);
    return d.error;
  }
  issue(service: string, extra: Partial<Extract<Command, { type: 'issue' }>> = {}): Ticket {
    this.tick();
    const ticketId = extra.ticketId ?? `t${++this.n}`;
    const idHash = this.config.services.find((s) => s.id === service)?.idRequired ? (extra.idHash ?? `h${this.n}`) : extra.idHash;
    this.do({ type: 'issue', at: this.now, dev: 'kiosk-1', service, ...extra, ticketId, ...(idHash ? { idHash } : {}) });
    return this.state.tickets.get(ticketId)!;
  }
  open(window: number, staffId = `s${window}`): this {
    this.do({ type: 'login', at: this.now, window, staffId });
    return this;
  }
  callNext(window: number): Ticket {
    this.tick();
    this.do({ type: 'call-next', at: this.now, window });
    return this.state.tickets.get(this.state.windows[window]!.current!)!;
  }
  finish(window: number): void {
    this.tick();
    this.do({ type: 'finish', at: this.now, window });
  }
  ticket(id: string): Ticket {
    return this.state.tickets.get(id)!;
  }
}
