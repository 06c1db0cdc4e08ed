// The only bridge between the sandboxed renderer and the main process: two functions over a
// whitelist of method and event names taken from the shared contract. No raw ipcRenderer, no
// process.env, nothing else crosses.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { METHOD_NAMES, type MethodName } from '../../shared/api';
import { EVENT_NAMES, type EventName, type ServerEvents } from '../../shared/api/events';
import type { Result } from '../../shared/api/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../main/ipc-channels';

const methods: ReadonlySet<string> = new Set(METHOD_NAMES);
const events: ReadonlySet<string> = new Set(EVENT_NAMES);

export interface ConvioBridge {
  invoke(method: MethodName, input: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: ServerEvents[E]) => void): () => void;
}

const bridge = {
  invoke(method, input) {
    if (!methods.has(method)) return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `Unknown method "${String(method)}"` } });
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input) as Promise<Result<unknown>>;
  },
  on(event, listener) {
    if (!events.has(event)) throw new Error(`Unknown event "${String(event)}"`);
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload as never);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
} satisfies ConvioBridge;

contextBridge.exposeInMainWorld('convio', bridge);
