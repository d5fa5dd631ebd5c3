import { headerValue, metaName } from './request-headers.js';
import type { RawHeaders } from './request-headers.js';

/** What META is built from (a subset of RequestSource). */
export interface MetaSource {
  /** Lower-case header names, as node:http gives them. */
  headers: RawHeaders;
  remoteAddress?: string;
  remotePort?: number;
  /** The connection itself is TLS. */
  encrypted?: boolean;
  /** Used when there is no Host header (HTTP/1.0). */
  serverName?: string;
  serverPort?: string;
  /**
   * The connection, when there is one: addresses not given above are read from it, and only when
   * META asks (each read is a call into libuv).
   */
  socket?: { remoteAddress?: string; remotePort?: number; localAddress?: string; localPort?: number };
}

/** Django's META: HTTP_* for every header, and the CGI variables of the request. */
export function buildMeta(s: MetaSource, request: { method: string; pathInfo: string; scriptName: string; queryString: string }): Record<string, string> {
  const meta: Record<string, string> = Object.create(null);
  for (const name of Object.keys(s.headers)) {
    const value = headerValue(s.headers, name);
    if (value !== undefined) meta[metaName(name)] = value;
  }
  meta.REQUEST_METHOD = request.method;
  meta.PATH_INFO = request.pathInfo;
  meta.SCRIPT_NAME = request.scriptName;
  meta.QUERY_STRING = request.queryString;
  const socket = s.socket;
  meta.REMOTE_ADDR = s.remoteAddress ?? socket?.remoteAddress ?? '';
  const remotePort = s.remotePort ?? socket?.remotePort;
  if (remotePort !== undefined) meta.REMOTE_PORT = String(remotePort);
  meta.SERVER_NAME = s.serverName ?? socket?.localAddress ?? 'localhost';
  const localPort = socket?.localPort;
  meta.SERVER_PORT = s.serverPort ?? (localPort === undefined ? (s.encrypted ? '443' : '80') : String(localPort));
  meta.SERVER_PROTOCOL = 'HTTP/1.1';
  meta['wsgi.url_scheme'] = s.encrypted ? 'https' : 'http';
  return meta;
}
