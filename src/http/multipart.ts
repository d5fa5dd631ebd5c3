/**
 * Parsing multipart/form-data bodies into request.POST and request.FILES with Django's limits
 * and rules, on busboy's streaming parser.
 */
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Busboy, FieldInfo, FileInfo } from 'busboy';
import { CanterError, RequestDataTooBig, SuspiciousMultipartForm, TooManyFieldsSent, TooManyFilesSent } from '../conf/errors.js';
import { drain } from './body.js';
import { ClientDisconnected } from './errors.js';
import { MultiValueDict } from './multi-value-dict.js';
import { receiveFilePart } from './multipart-file.js';
import { parseContentType, pyStrip } from './parsing.js';
import { QueryDict } from './query-dict.js';
import { sanitizeFileName } from './uploaded-file.js';
import type { UploadedFile } from './uploaded-file.js';

export interface MultipartLimits {
  /** DATA_UPLOAD_MAX_MEMORY_SIZE: bytes of non-file fields in all (names + 2 bytes each counted). */
  maxMemorySize: number | null;
  /** DATA_UPLOAD_MAX_NUMBER_FIELDS. */
  maxNumberFields: number | null;
  /** DATA_UPLOAD_MAX_NUMBER_FILES. */
  maxNumberFiles: number | null;
  /** FILE_UPLOAD_MAX_MEMORY_SIZE: bigger files spill to a temporary file. */
  fileMaxMemorySize: number;
  /** FILE_UPLOAD_TEMP_DIR; null for os.tmpdir(). */
  tempDir: string | null;
}

export interface MultipartResult {
  POST: QueryDict;
  FILES: MultiValueDict<UploadedFile>;
  /** Removes the temporary files of spilled uploads; call it when the response is done. */
  cleanup(): Promise<void>;
}

// Python's cgi.valid_boundary, which Django checks: printable ASCII, at most 201 characters,
// not ending in a space.
const VALID_BOUNDARY = /^[ -~]{0,200}[!-~]$/;

/**
 * Parses a multipart body as it streams in. Parts come out in body order; a file part without a
 * file name is a field (as in Django), and one whose name sanitises to nothing is skipped.
 *
 * @throws SuspiciousMultipartForm (400) for a missing or invalid boundary, a truncated body or
 *   malformed part headers; TooManyFieldsSent / TooManyFilesSent (400) over the counts;
 *   RequestDataTooBig (413) when fields pass maxMemorySize; ClientDisconnected (400) when the
 *   source fails. No temporary file is left behind when it throws.
 * @example
 * const { POST, FILES, cleanup } = await parseMultipart(req, req.headers['content-type'] ?? '', limits);
 */
export async function parseMultipart(source: Readable, contentType: string, limits: MultipartLimits): Promise<MultipartResult> {
  const { mediaType, params } = parseContentType(contentType);
  if (!mediaType.startsWith('multipart/')) {
    drain(source);
    throw new SuspiciousMultipartForm(`Invalid Content-Type for a multipart body: ${JSON.stringify(contentType)}.`);
  }
  const boundary = params.boundary;
  if (boundary === undefined || !VALID_BOUNDARY.test(boundary)) {
    drain(source);
    throw new SuspiciousMultipartForm(
      `Invalid boundary in multipart: ${JSON.stringify(boundary ?? null)}; a boundary is 1 to 201 ` +
        'printable ASCII characters not ending in a space.',
    );
  }
  return new MultipartRun(source, boundary, limits).run();
}

/** The state of one parse; its run() settles once every part has been read or the parse failed. */
class MultipartRun {
  readonly #source: Readable;
  readonly #limits: MultipartLimits;
  readonly #parser: Busboy;
  readonly #fields: [number, string, string][] = [];
  readonly #files: [number, string, UploadedFile][] = [];
  readonly #pending: Promise<unknown>[] = [];
  readonly #tempFiles = new Set<string>();
  #seq = 0;
  #fieldCount = 0;
  #fileCount = 0;
  #fieldBytes = 0;
  #received = 0;
  #error: Error | null = null;

  constructor(source: Readable, boundary: string, limits: MultipartLimits) {
    this.#source = source;
    this.#limits = limits;
    const quoted = boundary.replace(/["\\]/g, (c) => `\\${c}`);
    this.#parser = busboy({
      headers: { 'content-type': `multipart/form-data; boundary="${quoted}"` },
      // Django sanitises file names itself and decodes header parameters as UTF-8.
      preservePath: true,
      defParamCharset: 'utf8',
      // Counting is done here, where Django counts; busboy only bounds one field's memory.
      limits: { fieldSize: limits.maxMemorySize === null ? Infinity : limits.maxMemorySize + 1 },
    });
  }

  run(): Promise<MultipartResult> {
    return new Promise<void>((resolve) => {
      const parser = this.#parser;
      const source = this.#source;
      parser.on('field', (name, value, info) => this.#onField(name, value, info));
      parser.on('file', (name, stream, info) => this.#onFile(name, stream, info));
      parser.on('error', (error: Error) => {
        // An empty body is an empty form to Django, not a malformed one.
        if (this.#received === 0 && /Unexpected end of form/.test(error.message)) return resolve();
        this.#fail(new SuspiciousMultipartForm(`Malformed multipart body: ${error.message}.`, { cause: error }));
        resolve();
      });
      parser.on('close', () => resolve());
      source.on('data', (chunk: Buffer) => (this.#received += chunk.length));
      source.on('error', (error: Error) => {
        this.#fail(new ClientDisconnected(`The request body could not be read: ${error.message}.`, { cause: error }));
        resolve();
      });
      source.on('close', () => {
        if (source.readableEnded) return;
        this.#fail(new ClientDisconnected('The client closed the connection before the multipart body was complete.'));
        resolve();
      });
      source.pipe(parser);
    }).then(() => this.#finish());
  }

  async #finish(): Promise<MultipartResult> {
    await Promise.allSettled(this.#pending);
    const cleanup = (): Promise<void> => removeAll(this.#tempFiles);
    if (this.#error !== null) {
      await cleanup();
      throw this.#error;
    }
    const fields = new Map<string, string[]>();
    for (const [, key, value] of this.#fields.sort(bySeq)) appendTo(fields, key, value);
    const files = new Map<string, UploadedFile[]>();
    for (const [, key, file] of this.#files.sort(bySeq)) appendTo(files, key, file);
    return { POST: new QueryDict(fields), FILES: new MultiValueDict(files), cleanup };
  }

  #fail(error: Error): void {
    if (this.#error !== null) return;
    this.#error = error;
    this.#source.unpipe(this.#parser);
    drain(this.#source);
    this.#parser.destroy();
  }

  #onField(name: string | undefined, value: string, info: FieldInfo): void {
    if (this.#error !== null) return;
    const seq = this.#seq++;
    if (!this.#countField()) return;
    if (info.valueTruncated) return this.#fail(this.#tooBig());
    const data = info.encoding === 'base64' ? Buffer.from(value, 'base64').toString('utf8') : value;
    this.#addField(seq, name, data, Buffer.byteLength(value));
  }

  #onFile(name: string | undefined, stream: Readable, info: FileInfo): void {
    if (this.#error !== null) return drain(stream);
    const seq = this.#seq++;
    if (info.filename === undefined || info.filename === '') return this.#fileAsField(seq, name, stream, info);
    // Django skips a nameless part before it counts files.
    if (name === undefined) return drain(stream);
    const fieldName = pyStrip(name);
    this.#fileCount++;
    const max = this.#limits.maxNumberFiles;
    if (max !== null && this.#fileCount > max) {
      drain(stream);
      return this.#fail(new TooManyFilesSent(`The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES (${max}).`));
    }
    const fileName = sanitizeFileName(info.filename);
    if (fileName === null) return drain(stream);
    const task = receiveFilePart(stream, {
      name: fileName,
      fieldName,
      contentType: info.mimeType,
      transferEncoding: info.encoding.toLowerCase(),
      maxMemorySize: this.#limits.fileMaxMemorySize,
      tempDir: this.#limits.tempDir,
      onTempFile: (path) => this.#tempFiles.add(path),
    }).then(
      (file) => void this.#files.push([seq, fieldName, file]),
      (error: unknown) => this.#fail(this.#asError(error)),
    );
    this.#pending.push(task);
  }

  /** A part busboy calls a file (no file name, octet-stream type) that Django reads as a field. */
  #fileAsField(seq: number, name: string | undefined, stream: Readable, info: FileInfo): void {
    if (!this.#countField()) return drain(stream);
    const max = this.#limits.maxMemorySize;
    const chunks: Buffer[] = [];
    let size = 0;
    const task = (async () => {
      for await (const chunk of stream) {
        size += (chunk as Buffer).length;
        if (max !== null && this.#fieldBytes + size > max) throw this.#tooBig();
        chunks.push(chunk as Buffer);
      }
    })().then(
      () => {
        const raw = Buffer.concat(chunks, size);
        const bytes = info.encoding.toLowerCase() === 'base64' ? Buffer.from(raw.toString('latin1'), 'base64') : raw;
        if (this.#error === null) this.#addField(seq, name, bytes.toString('utf8'), size);
      },
      (error: unknown) => {
        drain(stream);
        this.#fail(this.#asError(error));
      },
    );
    this.#pending.push(task);
  }

  /** Counts a field as Django does (nameless ones too); false once the count is over. */
  #countField(): boolean {
    this.#fieldCount++;
    const max = this.#limits.maxNumberFields;
    if (max === null || this.#fieldCount <= max) return true;
    this.#fail(
      new TooManyFieldsSent(`The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS (${max}).`),
    );
    return false;
  }

  #addField(seq: number, name: string | undefined, value: string, rawBytes: number): void {
    if (name === undefined) return;
    const key = pyStrip(name);
    // Django adds two bytes per field so that the count matches a urlencoded body's '&' and '='.
    this.#fieldBytes += rawBytes + key.length + 2;
    const max = this.#limits.maxMemorySize;
    if (max !== null && this.#fieldBytes > max) return this.#fail(this.#tooBig());
    this.#fields.push([seq, key, value]);
  }

  #tooBig(): RequestDataTooBig {
    return new RequestDataTooBig(
      `The multipart fields exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE (${String(this.#limits.maxMemorySize)} bytes).`,
    );
  }

  #asError(error: unknown): Error {
    // Our own errors keep their status; a failing disk (ENOSPC, EACCES) is the server's fault: 500.
    if (error instanceof CanterError || (error instanceof Error && 'syscall' in error)) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new SuspiciousMultipartForm(`Malformed multipart body: ${message}.`, { cause: error });
  }
}

function appendTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function bySeq(a: readonly [number, ...unknown[]], b: readonly [number, ...unknown[]]): number {
  return a[0] - b[0];
}

async function removeAll(paths: Set<string>): Promise<void> {
  const list = [...paths];
  paths.clear();
  await Promise.all(list.map((path) => rm(path, { force: true })));
}
