/**
 * The announcer: calls are queued and played one after another, never overlapping (Novo SGA #78). Each call is
 * a list of pre-recorded clips (assets/sounds) decoded once and scheduled back to back with Web Audio — fully
 * offline. Without audio (no device, autoplay blocked) the queue still advances on the clips' durations so the
 * order and timing stay right and the screen keeps working.
 */
export interface AnnouncementRecord {
  clips: string[];
  queuedAt: number;
  startedAt?: number;
  endedAt?: number;
  audible: boolean;
}

/** Fallback durations when a clip cannot be decoded (seconds). */
const FALLBACK_S = 0.45;
const GAP_S = 0.05;
const HISTORY = 20;
/** A backlog longer than this is stale: the oldest waiting announcements are dropped (the screen still shows them). */
const MAX_BACKLOG = 30;

export class Announcer {
  private ctx: AudioContext | null = null;
  private readonly buffers = new Map<string, AudioBuffer | null>();
  private readonly queue: AnnouncementRecord[] = [];
  private playing: AnnouncementRecord | null = null;
  /** What is scheduled for the announcement playing now, so interrupt() can stop it. */
  private sources: AudioBufferSourceNode[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last few announcements (bounded), for tests and the technician. */
  readonly history: AnnouncementRecord[] = [];
  onChange: (() => void) | undefined;

  constructor(private readonly base = '/sounds/') {
    try {
      this.ctx = new AudioContext();
    } catch {
      this.ctx = null;
    }
  }

  get blocked(): boolean {
    return !!this.ctx && this.ctx.state === 'suspended';
  }

  async unlock(): Promise<void> {
    await this.ctx?.resume().catch(() => {});
    this.onChange?.();
  }

  get pending(): number {
    return this.queue.length + (this.playing ? 1 : 0);
  }

  get current(): AnnouncementRecord | null {
    return this.playing;
  }

  enqueue(clips: string[]): void {
    this.queue.push({ clips, queuedAt: performance.now(), audible: false });
    if (this.queue.length > MAX_BACKLOG) this.queue.splice(0, this.queue.length - MAX_BACKLOG);
    if (!this.playing) void this.next();
  }

  /**
   * Stops what is playing and drops what waits (spoken guidance: the citizen moved on, the old words are stale).
   * Calls on the displays never use it: a call is never cut short.
   */
  interrupt(): void {
    this.queue.splice(0);
    for (const src of this.sources.splice(0)) {
      try {
        src.stop();
      } catch {
        /* not started yet */
      }
    }
    clearTimeout(this.timer);
    if (this.playing) {
      this.playing.endedAt = performance.now();
      this.playing = null;
      this.onChange?.();
    }
  }

  private async load(name: string): Promise<AudioBuffer | null> {
    if (this.buffers.has(name)) return this.buffers.get(name)!;
    let buf: AudioBuffer | null = null;
    try {
      if (this.ctx) {
        const res = await fetch(`${this.base}${name}.wav`);
        if (res.ok) buf = await this.ctx.decodeAudioData(await res.arrayBuffer());
      }
    } catch {
      buf = null;
    }
    this.buffers.set(name, buf);
    return buf;
  }

  private async next(): Promise<void> {
    const rec = this.queue.shift();
    if (!rec) {
      this.playing = null;
      this.onChange?.();
      return;
    }
    this.playing = rec;
    const buffers = await Promise.all(rec.clips.map((c) => this.load(c)));
    if (this.playing !== rec) return; // interrupted while loading
    rec.startedAt = performance.now();
    this.onChange?.();
    let total = 0;
    const ctx = this.ctx;
    const audible = !!ctx && ctx.state === 'running';
    if (audible && ctx) {
      let at = ctx.currentTime + 0.05;
      for (const b of buffers) {
        if (b) {
          const src = ctx.createBufferSource();
          src.buffer = b;
          src.connect(ctx.destination);
          src.start(at);
          this.sources.push(src);
          at += b.duration;
        } else at += FALLBACK_S;
        at += GAP_S;
      }
      total = at - ctx.currentTime;
    } else {
      total = buffers.reduce((s, b) => s + (b ? b.duration : FALLBACK_S) + GAP_S, 0);
    }
    rec.audible = audible;
    this.timer = setTimeout(() => {
      this.sources = [];
      rec.endedAt = performance.now();
      this.history.push(rec);
      if (this.history.length > HISTORY) this.history.shift();
      void this.next();
    }, total * 1000 + 150);
  }
}
