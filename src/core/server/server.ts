import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest } from '../../http/request.js';
import type { HttpResponseBase } from '../../http/response-base.js';
import { isThenable } from '../../utils/maybe-promise.js';
import type { Handler } from '../handler.js';
import { getLogger } from '../../conf/log.js';
import { writeResponse } from './write-response.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  /** Longest a client may take to send its headers (slowloris guard), ms. */
  headersTimeout?: number;
  /** Longest a client may take to send the whole request, ms. */
  requestTimeout?: number;
  /** How long an idle keep-alive connection stays open, ms. */
  keepAliveTimeout?: number;
  /** How long a graceful shutdown waits for requests in flight, ms. */
  shutdownTimeout?: number;
}

const log = getLogger('canter.server');

/** A running server: its address and a graceful stop. */
export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /** Stops accepting, lets requests in flight finish (up to shutdownTimeout), then closes. */
  close(): Promise<void>;
}

/** Shared between the listener and close(): once draining, answers tell clients to hang up. */
interface Lifecycle {
  draining: boolean;
}

/** The node:http request listener for a handler: request in, response out, request_finished after. */
export function requestListener(
  handler: Handler,
  lifecycle: Lifecycle = { draining: false },
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => void answer(handler, lifecycle, req, res);
}

function answer(handler: Handler, lifecycle: Lifecycle, req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  const request = new HttpRequest({
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    body: req,
    encrypted: (socket as { encrypted?: boolean }).encrypted === true,
    socket,
    settings: handler.requestSettings,
  });
  // A chain that answered synchronously is written in the same tick, as bare node:http would.
  const result = handler.handle(request);
  if (isThenable(result)) {
    result.then(
      (response) => deliver(handler, lifecycle, request, res, response),
      (error: unknown) => fail(request, res, error),
    );
  } else {
    deliver(handler, lifecycle, request, res, result);
  }
}

function deliver(handler: Handler, lifecycle: Lifecycle, request: HttpRequest, res: ServerResponse, response: HttpResponseBase): void {
  // During a graceful shutdown, a keep-alive connection closes after its current answer.
  if (lifecycle.draining) res.shouldKeepAlive = false;
  let writing: void | Promise<void>;
  try {
    writing = writeResponse(res, request.method, response);
  } catch (error) {
    fail(request, res, error);
    return finish(handler, request, response);
  }
  if (writing === undefined) finish(handler, request, response);
  else writing.then(() => finish(handler, request, response), (error: unknown) => fail(request, res, error));
}

function finish(handler: Handler, request: HttpRequest, response: HttpResponseBase): void {
  const report = (error: unknown): void => log.error(`Failed to finish ${request.method} ${request.path}`, { error });
  try {
    const finishing = handler.finish(request, response);
    if (finishing !== undefined) finishing.catch(report);
  } catch (error) {
    report(error);
  }
}

function fail(request: HttpRequest, res: ServerResponse, error: unknown): void {
  log.error(`Failed to answer ${request.method} ${request.path}`, { error });
  if (!res.headersSent) {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Internal Server Error');
  } else {
    res.destroy();
  }
}

/**
 * Serves the handler on node:http with keep-alive and timeouts that keep slow clients from holding
 * the process.
 *
 * @example const running = await serve(new Handler(), { port: 8000 });
 */
export async function serve(handler: Handler, options: ServeOptions = {}): Promise<RunningServer> {
  const lifecycle: Lifecycle = { draining: false };
  const server = createServer(
    {
      headersTimeout: options.headersTimeout ?? 10_000,
      requestTimeout: options.requestTimeout ?? 30_000,
      keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
      connectionsCheckingInterval: 1_000,
    },
    requestListener(handler, lifecycle),
  );
  server.on('clientError', (error, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = (error as { code?: string }).code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8000, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const shutdownTimeout = options.shutdownTimeout ?? 10_000;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        lifecycle.draining = true;
        const force = setTimeout(() => server.closeAllConnections(), shutdownTimeout);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
