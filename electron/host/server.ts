// The headless host: the same handler map as the Electron main process, over HTTP on 127.0.0.1,
// with events over Server-Sent Events and the built renderer as static files. Every request must
// carry this run's random token (header, cookie set from the printed URL, or query on /events).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ErrorCode, Result } from '../../shared/api/contract';
import { EVENT_NAMES } from '../../shared/api/events';
import type { Dispatcher } from '../main/dispatch';
import type { EventBus } from '../main/event-bus';
import { CONTENT_SECURITY_POLICY } from '../main/security';

export interface HostOptions {
  dispatcher: Dispatcher;
  events: EventBus;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
}

export interface Host {
  url: string;
  /** The URL to open: carries the token once; the page then keeps it in a cookie. */
  openUrl: string;
  token: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const COOKIE = 'convio_token';
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};
const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  internal: 500,
};

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function cookieToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return decodeURIComponent(v.join('='));
  }
  return null;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

const DENY_CODES: Record<number, ErrorCode> = { 401: 'forbidden', 403: 'forbidden', 404: 'not_found', 405: 'not_found', 415: 'invalid_input', 400: 'invalid_input' };

function deny(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { ok: false, error: { code: DENY_CODES[status] ?? 'internal', message } });
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`Request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startHost(options: HostOptions): Promise<Host> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  const indexPath = join(rendererDir, 'index.html');
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  let port = 0;

  const authorized = (req: IncomingMessage, url: URL): boolean => {
    const header = req.headers['x-convio-token'];
    const candidates = [typeof header === 'string' ? header : null, cookieToken(req), url.searchParams.get('token')];
    return candidates.some((c) => c !== null && safeEqual(c, token));
  };

  const server = createServer((req, res) => {
    // Nothing a client sends may take the host down: any failure answers this request only.
    try {
      route(req, res);
    } catch (err) {
      if (res.headersSent) res.destroy();
      else deny(res, err instanceof URIError || err instanceof TypeError ? 400 : 500, `Bad request: ${(err as Error).message}`);
    }
  });

  const route = (req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res);
    // DNS-rebinding guard: only our own loopback origin may talk to us.
    const hostHeader = req.headers.host ?? '';
    if (hostHeader !== `127.0.0.1:${port}` && hostHeader !== `localhost:${port}`) return deny(res, 403, 'Unexpected Host header');
    const url = new URL(req.url ?? '/', `http://${hostHeader}`);
    if (!authorized(req, url)) {
      if (req.method === 'GET' && !url.pathname.startsWith('/api/')) {
        res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>Convio Console</title><p>This console needs its access token. Open the URL printed by <code>npm run serve</code> (or <code>npm start</code>); it ends in <code>?token=…</code>.</p>');
        return;
      }
      return deny(res, 401, 'Missing or wrong access token: use the URL printed by the host');
    }
    if (url.pathname.startsWith('/api/')) return void handleApi(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed');
    // The token in the URL becomes a same-site, HTTP-only cookie so assets and reloads carry it.
    res.setHeader('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    serveStatic(res, url.pathname);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    try {
      await api(req, res, url);
    } catch (err) {
      if (res.headersSent) res.destroy();
      else deny(res, 500, `The host failed on this request: ${(err as Error).message}`);
    }
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res);
    const match = /^\/api\/call\/([\w.]+)$/.exec(url.pathname);
    if (!match || req.method !== 'POST') return deny(res, 404, 'Unknown endpoint');
    // Cross-site POSTs from a browser can't set this header without a preflight we never allow.
    if (!req.headers['content-type']?.startsWith('application/json')) return deny(res, 415, 'Send JSON (Content-Type: application/json)');
    let input: unknown;
    try {
      const text = await readBody(req, maxBody);
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch (err) {
      return deny(res, 400, `Request body is not valid JSON: ${(err as Error).message}`);
    }
    const result: Result<unknown> = await options.dispatcher.call(match[1]!, input);
    sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
  };

  const streamEvents = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = options.events.onAny((name, payload) => {
      if ((EVENT_NAMES as readonly string[]).includes(name)) res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  };

  const serveStatic = (res: ServerResponse, pathname: string) => {
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    const candidate = resolve(rendererDir, relative);
    const inside = candidate === rendererDir || candidate.startsWith(rendererDir + sep);
    const file = inside && existsSync(candidate) && statSync(candidate).isFile() ? candidate : indexPath;
    if (!existsSync(file)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The console has not been built yet: run `npm run build` (npm run serve does it for you).');
      return;
    }
    const isAsset = file !== indexPath && relative.startsWith('assets');
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': isAsset ? 'private, max-age=31536000, immutable' : 'no-store',
    });
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openUrl: `${url}/?token=${token}`,
    token,
    port,
    server,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
