/**
 * The accessible keypad and the kiosk's hardware buttons (hall.yaml `kiosk.keys`): keyboard-class devices (a USB
 * keypad, the 语音 button programmed as F12) arrive as key presses. A key acts 40 ms after it is pressed unless
 * another follows at once: a keyboard-wedge scanner typing a booking code (< 30 ms apart) is not the citizen.
 */
import type { KioskSettings } from '../../types';

export interface KeypadActions {
  speech(): void;
  help(): void;
  next(): void;
  previous(): void;
  select(): void;
  back(): void;
  repeat(): void;
  /** Stepping keys act in the spoken mode only (elsewhere they belong to the page: a scanner, a typed code). */
  spoken(): boolean;
}

const SETTLE_MS = 40;

export function attachKeypad(keys: KioskSettings['keys'], act: KeypadActions): () => void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  let lastAt = -Infinity;
  const onKey = (ev: KeyboardEvent) => {
    const gap = ev.timeStamp - lastAt;
    lastAt = ev.timeStamp;
    if (ev.ctrlKey || ev.altKey || ev.metaKey) return;
    const k = ev.key;
    let run: (() => void) | undefined;
    if (keys.speech && k === keys.speech) run = act.speech;
    else if (keys.help && k === keys.help) run = act.help;
    else if (act.spoken()) {
      if (keys.next.includes(k)) run = act.next;
      else if (keys.previous.includes(k)) run = act.previous;
      else if (keys.select.includes(k)) run = act.select;
      else if (keys.back.includes(k)) run = act.back;
      else if (keys.repeat.includes(k)) run = act.repeat;
    }
    // In the spoken mode Enter and Space never press the focused option by themselves: only the keypad does, by hand.
    if (run || (act.spoken() && (k === 'Enter' || k === ' '))) ev.preventDefault();
    if (gap < SETTLE_MS) {
      // A burst: a scanner typing, not a key pressed by hand — neither this key nor the one before acts.
      clearTimeout(pending);
      pending = undefined;
      return;
    }
    if (!run) return;
    const go = run;
    pending = setTimeout(() => {
      pending = undefined;
      go();
    }, SETTLE_MS);
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
