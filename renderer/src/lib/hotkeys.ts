// Keyboard shortcuts: single keys, modifier chords (mod = Ctrl, or Cmd on macOS) and Linear-style
// sequences ("g l"). Ignored while typing in a field unless the binding says otherwise.
import { useEffect, useRef } from 'react';

export interface Binding {
  /** "mod+k", "?", "g l", "escape", "/" */
  keys: string;
  run: (e: KeyboardEvent) => void;
  /** Fire even when focus is in an input or textarea. */
  inInputs?: boolean;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function keyName(e: Pick<KeyboardEvent, 'key' | 'metaKey' | 'ctrlKey' | 'altKey' | 'shiftKey'>): string {
  const parts: string[] = [];
  if (isMac ? e.metaKey : e.ctrlKey) parts.push('mod');
  if (e.altKey) parts.push('alt');
  // Shift counts for letters and named keys ("mod+shift+l"), not for symbols it produces ("?").
  const isLetter = e.key.length === 1 && e.key.toLowerCase() !== e.key.toUpperCase();
  if (e.shiftKey && (e.key.length > 1 || isLetter)) parts.push('shift');
  parts.push(e.key.length === 1 ? e.key.toLowerCase() : e.key.toLowerCase());
  return parts.join('+');
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/** How long after the first key of a sequence the second still counts. */
export const SEQUENCE_MS = 1200;

type KeyEventLike = Pick<KeyboardEvent, 'key' | 'metaKey' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'timeStamp' | 'target' | 'defaultPrevented' | 'preventDefault'>;

/**
 * The keydown handler behind useHotkeys, over the current bindings. The first key of a sequence
 * is remembered with its event's time stamp, and the gap is measured between the events' own
 * stamps, so a busy moment between pressing "g" and "r" doesn't lose the "g".
 */
export function hotkeyHandler(bindings: () => Binding[]): (e: KeyEventLike) => void {
  let pending: { name: string; at: number } | null = null;
  return (e) => {
    if (e.defaultPrevented) return;
    const name = keyName(e);
    const inField = typing(e.target);
    const sequence = pending && e.timeStamp - pending.at <= SEQUENCE_MS ? `${pending.name} ${name}` : null;
    // A sequence in progress ("g" then "c") wins over the single key ("c").
    const usable = bindings().filter((b) => !inField || b.inInputs);
    const hit = (sequence ? usable.find((b) => b.keys === sequence) : undefined) ?? usable.find((b) => b.keys === name);
    if (hit) {
      e.preventDefault();
      pending = null;
      hit.run(e as KeyboardEvent);
      return;
    }
    pending = !inField && bindings().some((b) => b.keys.startsWith(`${name} `)) ? { name, at: e.timeStamp } : null;
  };
}

export function useHotkeys(bindings: Binding[], enabled = true): void {
  const ref = useRef(bindings);
  ref.current = bindings;
  useEffect(() => {
    if (!enabled) return;
    const onKey = hotkeyHandler(() => ref.current);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

const NAMED_KEYS: Record<string, string> = { escape: 'Esc', enter: 'Enter', arrowright: '→', arrowleft: '←', arrowup: '↑', arrowdown: '↓' };

export function shortcutLabel(keys: string): string {
  return keys
    .split(' ')
    .map((chord) =>
      chord
        .split('+')
        .map((k) => NAMED_KEYS[k] ?? (k === 'mod' ? (isMac ? '⌘' : 'Ctrl') : k === 'shift' && isMac ? '⇧' : k.length === 1 ? k.toUpperCase() : k.charAt(0).toUpperCase() + k.slice(1)))
        .join(isMac ? '' : '+'),
    )
    .join(' then ');
}
