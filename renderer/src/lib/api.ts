// The renderer's one way to the backend. Inside Electron the preload exposes window.convio (IPC);
// in a browser the console talks to the headless host over HTTP with the run's token. Components
// and stores call `call()` and `subscribe()`; nothing else touches window.* for backend access.
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api';
import type { ApiError, FieldError, Result } from '../../../shared/api/contract';
import type { EventName, ServerEvents } from '../../../shared/api/events';

interface Bridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: ServerEvents[E]) => void): () => void;
}

export class ApiCallError extends Error {
  override name = 'ApiCallError';
  readonly code: ApiError['code'];
  readonly fields: FieldError[];
  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
    this.fields = error.fields ?? [];
  }
  /** The message for one field (dotted path, prefix match), for showing next to its input. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field || f.field.endsWith(`.${field}`))?.message;
  }
}

const TOKEN_KEY = 'convio.hostToken';

function hostToken(): string | null {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar, history and screenshots.
    params.delete('token');
    const query = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function httpBridge(): Bridge {
  const token = hostToken();
  let source: EventSource | null = null;
  return {
    async invoke(method, input) {
      try {
        const response = await fetch(`/api/call/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Convio-Token': token } : {}) },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
        return (await response.json()) as Result<unknown>;
      } catch (err) {
        return { ok: false, error: { code: 'internal', message: `The console's host did not answer (${(err as Error).message}). Is it still running?` } };
      }
    },
    on(event, listener) {
      source ??= new EventSource('/api/events', { withCredentials: true });
      const handler = (e: MessageEvent<string>) => listener(JSON.parse(e.data) as ServerEvents[typeof event]);
      source.addEventListener(event, handler as EventListener);
      return () => source?.removeEventListener(event, handler as EventListener);
    },
  };
}

const bridge: Bridge = (window as unknown as { convio?: Bridge }).convio ?? httpBridge();

export const transport: 'ipc' | 'http' = (window as unknown as { convio?: Bridge }).convio ? 'ipc' : 'http';

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await bridge.invoke(method, input);
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value as MethodOutput<M>;
}

export function subscribe<E extends EventName>(event: E, listener: (payload: ServerEvents[E]) => void): () => void {
  return bridge.on(event, listener);
}
