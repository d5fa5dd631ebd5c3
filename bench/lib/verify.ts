import { request } from 'node:http';

/**
 * One GET before any load: a server that does not answer 200, `ok`, text/plain; charset=utf-8
 * posts no number. Throws with what it got instead.
 */
export async function verifyHello(url: string): Promise<void> {
  const { status, contentType, body } = await new Promise<{ status: number; contentType: string; body: string }>(
    (resolve, reject) => {
      const req = request(url, { method: 'GET', agent: false, timeout: 5_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: text }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
      req.on('error', reject);
      req.end();
    },
  );
  const normalized = contentType.toLowerCase().replace(/\s+/g, '');
  if (status !== 200 || body !== 'ok' || normalized !== 'text/plain;charset=utf-8') {
    throw new Error(`wrong answer: ${status}, Content-Type ${JSON.stringify(contentType)}, body ${JSON.stringify(body.slice(0, 200))}`);
  }
}
