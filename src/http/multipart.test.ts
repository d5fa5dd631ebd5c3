import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestDataTooBig, SuspiciousMultipartForm, TooManyFieldsSent, TooManyFilesSent } from '../conf/errors.js';
import { ClientDisconnected } from './errors.js';
import { parseMultipart } from './multipart.js';
import type { MultipartLimits } from './multipart.js';
import { TemporaryUploadedFile } from './uploaded-file.js';

interface Part {
  name?: string;
  filename?: string;
  type?: string;
  encoding?: string;
  data: string | Buffer;
}

const BOUNDARY = '----canterBoundary7MA4YWxk';
const CT = `multipart/form-data; boundary=${BOUNDARY}`;

function body(parts: Part[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let disposition = 'form-data';
    if (part.name !== undefined) disposition += `; name="${part.name}"`;
    if (part.filename !== undefined) disposition += `; filename="${part.filename}"`;
    let head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n`;
    if (part.type !== undefined) head += `Content-Type: ${part.type}\r\n`;
    if (part.encoding !== undefined) head += `Content-Transfer-Encoding: ${part.encoding}\r\n`;
    chunks.push(Buffer.from(head + '\r\n'), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** A stream that delivers the body in small pieces, as a socket would. */
function streamOf(data: Buffer, pieceSize = 7): Readable {
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length; at += pieceSize) pieces.push(data.subarray(at, at + pieceSize));
  return Readable.from(pieces);
}

let tempDir: string;
let limits: MultipartLimits;

beforeEach(async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'canter-multipart-test-'));
  limits = { maxMemorySize: 2_621_440, maxNumberFields: 1000, maxNumberFiles: 100, fileMaxMemorySize: 2_621_440, tempDir };
});

afterEach(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

describe('parseMultipart', () => {
  it('parses fields and files in order', async () => {
    const data = body([
      { name: 'title', data: 'Hello' },
      { name: 'doc', filename: 'a.txt', type: 'text/plain', data: 'file content' },
      { name: 'title', data: 'World €' },
      { name: 'doc', filename: 'b.bin', type: 'application/octet-stream', data: Buffer.from([0, 1, 2, 255]) },
    ]);
    const { POST, FILES, cleanup } = await parseMultipart(streamOf(data), CT, limits);
    expect(POST.getlist('title')).toEqual(['Hello', 'World €']);
    expect(POST.mutable).toBe(false);
    const docs = FILES.getlist('doc');
    expect(docs.map((f) => [f.name, f.size, f.contentType, f.fieldName])).toEqual([
      ['a.txt', 12, 'text/plain', 'doc'],
      ['b.bin', 4, 'application/octet-stream', 'doc'],
    ]);
    expect((await docs[0]?.read())?.toString()).toBe('file content');
    expect([...(await docs[1]!.read())]).toEqual([0, 1, 2, 255]);
    await cleanup();
  });

  it('spills files over fileMaxMemorySize to a temporary file that cleanup removes', async () => {
    const big = Buffer.alloc(10_000, 'x');
    const data = body([
      { name: 'small', filename: 's.txt', data: 'tiny' },
      { name: 'big', filename: 'big.txt', data: big },
    ]);
    const { FILES, cleanup } = await parseMultipart(streamOf(data, 1000), CT, { ...limits, fileMaxMemorySize: 1000 });
    expect(FILES.get('small')?.temporaryFilePath()).toBeNull();
    const file = FILES.get('big');
    expect(file).toBeInstanceOf(TemporaryUploadedFile);
    const path = file!.temporaryFilePath()!;
    expect(path.startsWith(tempDir)).toBe(true);
    expect(path.endsWith('.upload.txt')).toBe(true);
    expect((await file!.read()).equals(big)).toBe(true);
    const pieces: number[] = [];
    for await (const chunk of file!.chunks(4096)) pieces.push(chunk.length);
    expect(pieces).toEqual([4096, 4096, 1808]);
    expect(file!.multipleChunks(4096)).toBe(true);
    await cleanup();
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('sanitises file names and skips names that sanitise to nothing', async () => {
    const data = body([
      { name: 'a', filename: '../../etc/passwd', data: '1' },
      { name: 'b', filename: 'C:\\Users\\me\\photo&#233;.jpg', data: '2' },
      { name: 'c', filename: '..', data: '3' },
      { name: 'd', filename: 'x\u200By\u2028.txt', data: '4' },
    ]);
    const { FILES } = await parseMultipart(streamOf(data), CT, limits);
    expect(FILES.get('a')?.name).toBe('passwd');
    expect(FILES.get('b')?.name).toBe('photoé.jpg');
    expect(FILES.has('c')).toBe(false);
    expect(FILES.get('d')?.name).toBe('xy.txt');
  });

  it('treats a file part with an empty filename as a field, like Django', async () => {
    const data = body([{ name: 'f', filename: '', type: 'application/octet-stream', data: '' }, { name: 'a', data: 'x' }]);
    const { POST, FILES } = await parseMultipart(streamOf(data), CT, limits);
    expect([...POST.lists()]).toEqual([['f', ['']], ['a', ['x']]]);
    expect(FILES.size).toBe(0);
  });

  it('strips field names, skips nameless parts and decodes base64 parts', async () => {
    const data = body([
      { name: ' spaced ', data: 'v' },
      { data: 'nameless' },
      { name: 'b64', encoding: 'base64', data: Buffer.from('héllo').toString('base64') },
      { name: 'f', filename: 'f.txt', encoding: 'base64', data: Buffer.from('file!').toString('base64') },
    ]);
    const { POST, FILES } = await parseMultipart(streamOf(data, 3), CT, limits);
    expect([...POST.lists()]).toEqual([['spaced', ['v']], ['b64', ['héllo']]]);
    expect((await FILES.get('f')!.read()).toString()).toBe('file!');
  });

  it('gives an empty result for an empty body', async () => {
    const { POST, FILES } = await parseMultipart(Readable.from([]), CT, limits);
    expect(POST.size).toBe(0);
    expect(FILES.size).toBe(0);
  });

  it.each([
    ['no boundary', 'multipart/form-data'],
    ['an empty boundary', 'multipart/form-data; boundary='],
    ['a boundary ending in a space', 'multipart/form-data; boundary="abc "'],
    ['a non-ASCII boundary', 'multipart/form-data; boundary=abcé'],
    ['a boundary over 201 characters', `multipart/form-data; boundary=${'a'.repeat(202)}`],
    ['a non-multipart type', 'text/plain; boundary=abc'],
  ])('refuses %s with SuspiciousMultipartForm (400)', async (_what, contentType) => {
    const error = await parseMultipart(streamOf(body([{ name: 'a', data: '1' }])), contentType, limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SuspiciousMultipartForm);
    expect((error as SuspiciousMultipartForm).status).toBe(400);
  });

  it('refuses a truncated body and leaves no temporary file', async () => {
    const full = body([{ name: 'f', filename: 'big.txt', data: Buffer.alloc(5000, 'y') }]);
    const cut = full.subarray(0, 3000);
    const run = parseMultipart(streamOf(cut, 500), CT, { ...limits, fileMaxMemorySize: 100 });
    await expect(run).rejects.toBeInstanceOf(SuspiciousMultipartForm);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('refuses a body without a closing boundary', async () => {
    const data = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello`);
    await expect(parseMultipart(streamOf(data), CT, limits)).rejects.toBeInstanceOf(SuspiciousMultipartForm);
  });

  it('refuses a body that is not multipart at all', async () => {
    await expect(parseMultipart(streamOf(Buffer.from('garbage')), CT, limits)).rejects.toBeInstanceOf(SuspiciousMultipartForm);
  });

  it('refuses malformed part headers', async () => {
    const data = Buffer.from(`--${BOUNDARY}\r\n${'X-Long: ' + 'a'.repeat(20_000)}\r\n\r\nv\r\n--${BOUNDARY}--\r\n`);
    await expect(parseMultipart(streamOf(data, 4096), CT, limits)).rejects.toBeInstanceOf(SuspiciousMultipartForm);
  });

  it('refuses more fields than maxNumberFields', async () => {
    const parts = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, data: 'v' }));
    await expect(parseMultipart(streamOf(body(parts)), CT, { ...limits, maxNumberFields: 5 })).rejects.toBeInstanceOf(TooManyFieldsSent);
    const ok = await parseMultipart(streamOf(body(parts.slice(0, 5))), CT, { ...limits, maxNumberFields: 5 });
    expect(ok.POST.size).toBe(5);
  });

  it('refuses more files than maxNumberFiles and removes the ones already spilled', async () => {
    const parts = Array.from({ length: 4 }, (_, i) => ({ name: 'f', filename: `f${i}.txt`, data: Buffer.alloc(300, 'z') }));
    const run = parseMultipart(streamOf(body(parts), 128), CT, { ...limits, maxNumberFiles: 3, fileMaxMemorySize: 10 });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyFilesSent);
    expect((error as Error).message).toMatch(/DATA_UPLOAD_MAX_NUMBER_FILES \(3\)/);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('refuses fields over maxMemorySize with RequestDataTooBig (413), counting names as Django does', async () => {
    // 'a' + 2 + 5 bytes = 8 per field.
    const parts = [{ name: 'a', data: '12345' }, { name: 'a', data: '12345' }];
    expect((await parseMultipart(streamOf(body(parts)), CT, { ...limits, maxMemorySize: 16 })).POST.getlist('a')).toHaveLength(2);
    const error = await parseMultipart(streamOf(body(parts)), CT, { ...limits, maxMemorySize: 15 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestDataTooBig);
    expect((error as RequestDataTooBig).status).toBe(413);
    expect((error as Error).message).toMatch(/DATA_UPLOAD_MAX_MEMORY_SIZE \(15 bytes\)/);
  });

  it('refuses one huge field without buffering all of it', async () => {
    const data = body([{ name: 'a', data: Buffer.alloc(2_000_000, 'a') }]);
    await expect(parseMultipart(streamOf(data, 65536), CT, { ...limits, maxMemorySize: 1000 })).rejects.toBeInstanceOf(RequestDataTooBig);
  });

  it('does not count files against maxMemorySize', async () => {
    const data = body([{ name: 'f', filename: 'f.txt', data: Buffer.alloc(5000, 'q') }]);
    const { FILES, cleanup } = await parseMultipart(streamOf(data, 1000), CT, { ...limits, maxMemorySize: 100, fileMaxMemorySize: 100 });
    expect(FILES.get('f')?.size).toBe(5000);
    await cleanup();
  });

  it('answers ClientDisconnected when the source fails mid-body, leaving no temporary file', async () => {
    const source = new PassThrough();
    const run = parseMultipart(source, CT, { ...limits, fileMaxMemorySize: 10 });
    const data = body([{ name: 'f', filename: 'f.txt', data: Buffer.alloc(1000, 'q') }]);
    source.write(data.subarray(0, 600));
    await new Promise((resolve) => setTimeout(resolve, 20));
    source.destroy(new Error('socket hang up'));
    await expect(run).rejects.toBeInstanceOf(ClientDisconnected);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('parses generated well-formed bodies back to their parts', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 });
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
    const part = fc.record({
      name,
      file: fc.option(fc.tuple(fc.stringMatching(/^[a-z]{1,8}\.[a-z]{1,3}$/), fc.uint8Array({ maxLength: 300 })), { nil: undefined }),
      value: text,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: 8 }), fc.integer({ min: 1, max: 64 }), async (parts, pieceSize) => {
        const data = body(
          parts.map((p) => (p.file === undefined ? { name: p.name, data: p.value } : { name: p.name, filename: p.file[0], data: Buffer.from(p.file[1]) })),
        );
        const { POST, FILES, cleanup } = await parseMultipart(streamOf(data, pieceSize), CT, { ...limits, fileMaxMemorySize: 100 });
        const expectedFields = parts.filter((p) => p.file === undefined).map((p) => [p.name, p.value]);
        const gotFields = [...POST.lists()].flatMap(([k, vs]) => vs.map((v) => [k, v]));
        expect(gotFields.sort()).toEqual(expectedFields.sort());
        for (const p of parts) {
          if (p.file === undefined) continue;
          const file = FILES.getlist(p.name).find((f) => f.name === p.file![0] && f.size === p.file![1].length);
          expect(file).toBeDefined();
        }
        const files = [...FILES.lists()].flatMap(([, fs]) => fs);
        for (const f of files) {
          const expected = parts.find((p) => p.file?.[0] === f.name && p.name === f.fieldName);
          expect(expected).toBeDefined();
        }
        await cleanup();
      }),
      { numRuns: 60 },
    );
    expect(await readdir(tempDir)).toEqual([]);
  });
});
