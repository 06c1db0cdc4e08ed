import type { EventName, ServerEvents } from '../../shared/api/events';

type Listener<E extends EventName> = (payload: ServerEvents[E]) => void;

/** Server-pushed events inside the main process; transports (IPC, SSE) subscribe and forward. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  onAny(listener: <E extends EventName>(name: E, payload: ServerEvents[E]) => void): () => void {
    const unsubscribers = (['app.status', 'job.progress', 'data.changed'] as const).map((name) =>
      this.on(name, (payload) => listener(name, payload)),
    );
    return () => unsubscribers.forEach((u) => u());
  }

  emit<E extends EventName>(name: E, payload: ServerEvents[E]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`[events] a listener of ${name} failed:`, err);
      }
    }
  }
}
