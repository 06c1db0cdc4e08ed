import { SHORTCUTS } from '../lib/commands';
import { shortcutLabel } from '../lib/hotkeys';
import { useUi } from '../stores/ui';
import { Dialog } from './Dialog';

export function ShortcutsDialog() {
  const close = () => useUi.getState().setShortcuts(false);
  return (
    <Dialog title="Keyboard shortcuts" onClose={close} width={560}>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{shortcutLabel(s.keys)}</kbd>
              </td>
              <td>{s.what}</td>
              <td className="muted">{s.where}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
