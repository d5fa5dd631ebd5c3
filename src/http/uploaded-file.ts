/**
 * Files uploaded in a multipart body (Django's UploadedFile family): small ones are kept in
 * memory, larger ones in a temporary file that the request's cleanup removes.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Django's UploadedFile.DEFAULT_CHUNK_SIZE: 64 KiB. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;

export interface UploadedFileInit {
  /** The client's file name; it is sanitised again and cut to 255 characters. */
  name: string;
  fieldName: string;
  contentType: string;
  charset?: string | null;
  size: number;
}

/**
 * An uploaded file. `name` is the client's file name, reduced to a base name; still treat it as
 * untrusted input.
 *
 * @example
 * const avatar = request.FILES.get('avatar');
 * if (avatar) for await (const chunk of avatar.chunks()) hash.update(chunk);
 */
export abstract class UploadedFile {
  readonly name: string;
  /** The form field the file came in. */
  readonly fieldName: string;
  /** The part's media type as the client sent it, e.g. 'image/png'. */
  readonly contentType: string;
  readonly charset: string | null;
  /** Size in bytes. */
  readonly size: number;

  constructor(init: UploadedFileInit) {
    this.name = limitNameLength(baseName(init.name));
    this.fieldName = init.fieldName;
    this.contentType = init.contentType;
    this.charset = init.charset ?? null;
    this.size = init.size;
  }

  /** The whole content. */
  abstract read(): Promise<Buffer>;

  /** The content in pieces of at most `chunkSize` bytes. */
  abstract chunks(chunkSize?: number): AsyncIterableIterator<Buffer>;

  /** Whether chunks(chunkSize) would yield more than one piece. */
  multipleChunks(chunkSize: number = DEFAULT_CHUNK_SIZE): boolean {
    return this.size > chunkSize;
  }

  /** The path of the temporary file holding the content, or null when it is held in memory. */
  temporaryFilePath(): string | null {
    return null;
  }
}

/** An upload no bigger than FILE_UPLOAD_MAX_MEMORY_SIZE, held in memory. */
export class InMemoryUploadedFile extends UploadedFile {
  readonly #data: Buffer;

  constructor(init: Omit<UploadedFileInit, 'size'>, data: Buffer) {
    super({ ...init, size: data.length });
    this.#data = data;
  }

  override read(): Promise<Buffer> {
    return Promise.resolve(this.#data);
  }

  override async *chunks(chunkSize: number = DEFAULT_CHUNK_SIZE): AsyncIterableIterator<Buffer> {
    for (let at = 0; at < this.#data.length; at += chunkSize) yield this.#data.subarray(at, at + chunkSize);
  }
}

/** An upload bigger than FILE_UPLOAD_MAX_MEMORY_SIZE, spilled to a file in FILE_UPLOAD_TEMP_DIR. */
export class TemporaryUploadedFile extends UploadedFile {
  readonly #path: string;

  constructor(init: UploadedFileInit, path: string) {
    super(init);
    this.#path = path;
  }

  override read(): Promise<Buffer> {
    return readFile(this.#path);
  }

  override async *chunks(chunkSize: number = DEFAULT_CHUNK_SIZE): AsyncIterableIterator<Buffer> {
    for await (const chunk of createReadStream(this.#path, { highWaterMark: chunkSize })) yield chunk as Buffer;
  }

  override temporaryFilePath(): string {
    return this.#path;
  }
}

/**
 * Django's MultiPartParser.sanitize_file_name: HTML character references decoded, everything up
 * to the last '/' or '\' dropped, non-printable characters removed; '', '.' and '..' give null
 * (the part is then skipped).
 *
 * @example sanitizeFileName('C:\\Users\\me\\..\\photo&#233;.jpg'); // 'photoé.jpg'
 */
export function sanitizeFileName(raw: string): string | null {
  const name = baseName(unescapeHtml(raw)).replace(NON_PRINTABLE, (c) => (c === ' ' ? c : ''));
  return name === '' || name === '.' || name === '..' ? null : name;
}

// Python's str.isprintable() is false for these categories, except for the space itself.
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/gu;

function baseName(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

/** Django's UploadedFile keeps names to 255 characters, preserving the extension. */
function limitNameLength(name: string): string {
  if (name.length <= 255) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot, dot + 255) : '';
  return name.slice(0, 255 - ext.length) + ext;
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The character references browsers use in file names: numeric ones and the five XML names. */
function unescapeHtml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|(amp|lt|gt|quot|apos));?/g, (ref, dec, hex, name) => {
    if (name !== undefined) return NAMED[name as string] ?? ref;
    const code = Number.parseInt((dec ?? hex) as string, dec === undefined ? 16 : 10);
    // Python's html.unescape turns NUL, surrogates and out-of-range numbers into U+FFFD.
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
    return String.fromCodePoint(code);
  });
}
