import { describe, expect, it } from 'vitest';
import { keyName, shortcutLabel } from '../../renderer/src/lib/hotkeys';

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
