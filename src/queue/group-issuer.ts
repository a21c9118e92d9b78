/**
 * Group commit for tickets issued at the hall: the requests that arrive in one turn of the event loop (twenty
 * kiosks and the help desk at the morning opening) are decided one after another and committed in ONE
 * `synchronous=FULL` transaction, and the screens hear one change for all of them. Each request still gets its
 * answer only after that transaction is durable, so nothing is printed that a power cut could take back; a
 * storage failure fails every request of the group, and none of their numbers exists.
 *
 * Decisions are the same as one by one: each command sees the ones before it in the group (B2 one waiting
 * ticket per ID per service, caps, numbering). A lone request is a group of one: its own transaction, as before.
 */
import type { AuthoritativeQueue } from './authoritative';
import { stamp, type ExecuteOptions } from './port';
import type { IssueResult, TicketIssuer } from './issuer';
import type { Command } from '../core/types';

interface Waiting {
  cmd: Command;
  opts: ExecuteOptions;
  resolve: (r: IssueResult) => void;
  reject: (err: unknown) => void;
}

export function groupIssuer(queue: AuthoritativeQueue, now: () => number): TicketIssuer {
  let waiting: Waiting[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const group = waiting;
    waiting = [];
    let results: IssueResult[];
    try {
      results = queue.batch((ctx) => group.map((w) => ctx.execute(w.cmd, w.opts))).result;
    } catch (err) {
      for (const w of group) w.reject(err);
      return;
    }
    group.forEach((w, i) => w.resolve(results[i]!));
  }

  function enqueue(cmd: Command, opts: ExecuteOptions): Promise<IssueResult> {
    return new Promise<IssueResult>((resolve, reject) => {
      waiting.push({ cmd: stamp(cmd, now), opts, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    });
  }

  return { issue: enqueue, checkIn: enqueue };
}
