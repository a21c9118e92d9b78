/** A tiny DOM helper: h('div.card', {onclick}, 'text', child) — enough for these screens, no framework. */
export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, unknown> & { class?: string; style?: string; dataset?: Record<string, string> };

export function h<K extends keyof HTMLElementTagNameMap>(sel: K | `${K}.${string}` | `${K}#${string}`, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const [tagAndId, ...classes] = sel.split('.');
  const [tag, id] = tagAndId!.split('#');
  const el = document.createElement(tag as K);
  if (id) el.id = id;
  if (classes.length) el.className = classes.join(' ');
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = [el.className, String(v)].filter(Boolean).join(' ');
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

/** Replace an element's children. */
export function mount(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

// The hall's timezone (QueueSnapshot.hall.timezone): every time on a screen is the hall's, not the browser's.
let hallZone: string | undefined;
const zoneListeners = new Set<() => void>();

export function setHallTimeZone(tz: string | undefined): void {
  if (!tz || tz === hallZone) return;
  hallZone = tz;
  for (const f of zoneListeners) f();
}
export function onHallTimeZone(f: () => void): void {
  zoneListeners.add(f);
}
/** Intl options that put a time in the hall's zone (the browser's until the first snapshot). */
export function inHallZone<T extends Intl.DateTimeFormatOptions>(opts: T): T {
  return hallZone ? { ...opts, timeZone: hallZone } : opts;
}

/** "HH:MM" in the hall's timezone. */
export function clock(at: Date | number = new Date()): string {
  return new Intl.DateTimeFormat('en-GB', inHallZone({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const })).format(at);
}
