// Electron entry: app lifecycle, the secured window, and the IPC binding of the shared handlers.
// Everything it calls is plain Node code that tests and the headless host also run.
import { app, BrowserWindow, ipcMain, Menu, net, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVENT_NAMES } from '../../shared/api/events';
import { createAppContext, type AppContext } from './context';
import type { Dispatcher } from './dispatch';
import { createDispatcher } from './handlers';
import { APP_ORIGIN, APP_SCHEME, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from './ipc-channels';
import { prepareDatabase } from './prepare';
import { CONTENT_SECURITY_POLICY } from './security';
import { SafeStorageSecretStore } from './sync/secrets';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const rendererDir = join(__dirname, '../renderer');
const migrationsFolder = join(app.getAppPath(), 'db', 'migrations');
const noDemo = process.argv.includes('--no-demo');

let services: Promise<{ ctx: AppContext; dispatcher: Dispatcher }> | null = null;
const windows = new Set<WebContents>();

function isTrustedSender(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  try {
    return new URL(frameUrl).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html';
    const file = resolve(rendererDir, relative);
    if (!file.startsWith(resolve(rendererDir) + sep)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}

function startServices(): Promise<{ ctx: AppContext; dispatcher: Dispatcher }> {
  const dbPath = join(app.getPath('userData'), 'convio.sqlite');
  return (async () => {
    // Migrations and the first-run demo seed run in a worker; progress reaches open windows.
    await prepareDatabase({ dbPath, migrationsFolder, demo: !noDemo }, (progress) => {
      for (const wc of windows) wc.send(IPC_EVENT_CHANNEL, 'job.progress', progress);
    });
    const ctx = await createAppContext({
      dbPath,
      migrationsFolder,
      appVersion: app.getVersion(),
      demo: false,
      // The password is encrypted by the OS keychain (refused when the only backend is plain text).
      sync: { secrets: (db) => new SafeStorageSecretStore(db, safeStorage), runner: 'worker', background: true },
    });
    ctx.events.onAny((name, payload) => {
      if (!(EVENT_NAMES as readonly string[]).includes(name)) return;
      for (const wc of windows) wc.send(IPC_EVENT_CHANNEL, name, payload);
    });
    return { ctx, dispatcher: createDispatcher(ctx) };
  })();
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Convio Console',
    backgroundColor: '#0f1115',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: true,
      // Middle-click would open links in a new window, bypassing setWindowOpenHandler.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const wc = win.webContents;
  windows.add(wc);
  wc.on('destroyed', () => windows.delete(wc));
  // No navigation away from the app and no new windows; external links open in the browser.
  wc.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== APP_ORIGIN) event.preventDefault();
  });
  wc.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-redirect', (event, url) => {
    if (new URL(url).origin !== APP_ORIGIN) event.preventDefault();
  });
});

app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  serveRenderer();
  services = startServices();
  services.catch((err) => {
    console.error('Convio Console could not open its database:', err);
    app.exit(1);
  });

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    // Only our own top-level page may call in: not a subframe, not any other origin.
    if (!isTrustedSender(event.senderFrame?.url) || event.senderFrame !== event.sender.mainFrame) {
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the Convio Console window' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'unknown_method', message: 'Method name must be a string' } };
    const { dispatcher } = await services!;
    return dispatcher.call(method, input);
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { role: 'appMenu' as const, visible: process.platform === 'darwin' },
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { label: 'View', submenu: [{ role: 'reload' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
      { role: 'windowMenu' },
    ]),
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void services?.then(({ ctx }) => ctx.close());
});
