import { describe, expect, it } from 'vitest';
import { type Binding, hotkeyHandler, keyName, SEQUENCE_MS, shortcutLabel } from '../../renderer/src/lib/hotkeys';

const key = (k: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}) =>
  keyName({ key: k, ctrlKey: mods.ctrl ?? false, metaKey: mods.meta ?? false, shiftKey: mods.shift ?? false, altKey: mods.alt ?? false });

describe('keyboard shortcut names', () => {
  it.each([
    [key('k', { ctrl: true }), 'mod+k'],
    [key('L', { ctrl: true, shift: true }), 'mod+shift+l'],
    [key('?', { shift: true }), '?'],
    [key('/'), '/'],
    [key('Escape'), 'escape'],
    [key('Enter', { ctrl: true }), 'mod+enter'],
    [key('Tab', { shift: true }), 'shift+tab'],
    [key('n'), 'n'],
    [key('N', { shift: true }), 'shift+n'],
    [key('x', { alt: true }), 'alt+x'],
  ])('%s is %s', (got, want) => {
    expect(got).toBe(want);
  });

  it('labels sequences and chords for people', () => {
    expect(shortcutLabel('g l')).toBe('G then L');
    expect(shortcutLabel('mod+k')).toMatch(/^(Ctrl\+K|⌘K)$/);
    expect(shortcutLabel('escape')).toBe('Esc');
  });
});

describe('the hotkey handler', () => {
  const press = (onKey: ReturnType<typeof hotkeyHandler>, k: string, timeStamp: number, target: EventTarget | null = null) => {
    let prevented = false;
    onKey({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, timeStamp, target, defaultPrevented: false, preventDefault: () => (prevented = true) });
    return prevented;
  };
  const setup = () => {
    const ran: string[] = [];
    const bindings: Binding[] = ['g r', 'g l', 'r', 'j'].map((keys) => ({ keys, run: () => ran.push(keys) }));
    return { ran, onKey: hotkeyHandler(() => bindings) };
  };

  it('runs a sequence whose second key comes within the window, by the events’ time stamps', () => {
    const { ran, onKey } = setup();
    expect(press(onKey, 'g', 1000)).toBe(false);
    expect(press(onKey, 'r', 1000 + SEQUENCE_MS)).toBe(true);
    expect(ran).toEqual(['g r']);
  });

  it('takes the single key once the window has passed, and forgets the first key after a hit', () => {
    const { ran, onKey } = setup();
    press(onKey, 'g', 1000);
    press(onKey, 'r', 1001 + SEQUENCE_MS);
    press(onKey, 'r', 1002 + SEQUENCE_MS);
    expect(ran).toEqual(['r', 'r']);
  });

  it('a key that starts no sequence and has no binding ends the sequence', () => {
    const { ran, onKey } = setup();
    press(onKey, 'g', 0);
    press(onKey, 'x', 10);
    press(onKey, 'l', 20);
    press(onKey, 'j', 30);
    expect(ran).toEqual(['j']);
  });

  it('ignores keys typed in a field, unless the binding says so', () => {
    const ran: string[] = [];
    const onKey = hotkeyHandler(() => [
      { keys: 'j', run: () => ran.push('j') },
      { keys: 'escape', run: () => ran.push('escape'), inInputs: true },
    ]);
    const field = { tagName: 'INPUT', isContentEditable: false } as unknown as EventTarget;
    expect(press(onKey, 'j', 0, field)).toBe(false);
    press(onKey, 'Escape', 1, field);
    expect(ran).toEqual(['escape']);
  });
});
