export const IPC_INVOKE_CHANNEL = 'convio:invoke';
export const IPC_EVENT_CHANNEL = 'convio:event';
/** The custom scheme the renderer is served from: a real origin, so CSP 'self' and frame checks mean something. */
export const APP_SCHEME = 'convio';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
