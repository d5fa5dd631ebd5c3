import { TextDecoder } from 'node:util';
import { settingsConfigured, getSettings } from '../conf/settings/index.js';

/** DEFAULT_CHARSET, or utf-8 when settings are not configured (plain unit tests). */
export function defaultCharset(): string {
  return settingsConfigured() ? getSettings().DEFAULT_CHARSET : 'utf-8';
}

// Content types repeat endlessly across responses; parsing each one once is enough.
const CHARSETS = new Map<string, string | undefined>();

/** The charset parameter of a Content-Type header, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  if (CHARSETS.has(contentType)) return CHARSETS.get(contentType);
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (CHARSETS.size < 256) CHARSETS.set(contentType, charset);
  return charset;
}

const TEXT_DECODERS = new Map<string, TextDecoder>();

/** Decodes bytes in a charset Node knows; an unknown charset falls back to utf-8. */
export function decodeText(bytes: Uint8Array, charset: string): string {
  const key = charset.toLowerCase();
  let decoder = TEXT_DECODERS.get(key);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(key);
    } catch {
      decoder = new TextDecoder('utf-8');
    }
    TEXT_DECODERS.set(key, decoder);
  }
  return decoder.decode(bytes);
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}
