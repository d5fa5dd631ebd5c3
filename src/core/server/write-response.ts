import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { HttpResponse } from '../../http/response.js';
import type { HttpResponseBase } from '../../http/response-base.js';
import type { StreamingHttpResponse } from '../../http/streaming.js';

/** Statuses that never carry a body (RFC 9110). */
function bodyless(status: number): boolean {
  return status < 200 || status === 204 || status === 304;
}

/**
 * Writes a response to node:http: status, headers and cookies in one writeHead, then the body,
 * streamed with back-pressure for streaming responses. HEAD answers carry no body.
 */
export function writeResponse(res: ServerResponse, method: string, response: HttpResponseBase): void | Promise<void> {
  const headers = response.headers.flattenInto([]);
  for (const line of response.setCookieHeaders()) headers.push('Set-Cookie', line);
  const sendBody = method !== 'HEAD' && !bodyless(response.statusCode);

  if (!response.streaming) {
    const { body, encoding } = (response as HttpResponse).wireBody;
    if (!bodyless(response.statusCode) && !response.headers.has('Content-Length')) {
      const length = typeof body === 'string' ? Buffer.byteLength(body, encoding) : body.length;
      headers.push('Content-Length', String(length));
    }
    res.writeHead(response.statusCode, response.customReasonPhrase, headers);
    if (sendBody) res.end(body, encoding);
    else res.end();
    return;
  }

  res.writeHead(response.statusCode, response.customReasonPhrase, headers);
  if (!sendBody) {
    res.end();
    return;
  }
  return streamBody(res, response as StreamingHttpResponse);
}

async function streamBody(res: ServerResponse, response: StreamingHttpResponse): Promise<void> {
  try {
    for await (const chunk of response.streamingContent) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } catch (error) {
    // Headers are out: the only honest signal left is a broken connection.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
