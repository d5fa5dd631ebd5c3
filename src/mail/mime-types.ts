/** A file's MIME type from its name, for the types mail attachments commonly have (Python's mimetypes.guess_type). */

const TYPES: Readonly<Record<string, string>> = {
  txt: 'text/plain', text: 'text/plain', log: 'text/plain', csv: 'text/csv', html: 'text/html', htm: 'text/html',
  css: 'text/css', xml: 'text/xml', ics: 'text/calendar', md: 'text/markdown', js: 'text/javascript',
  eml: 'message/rfc822', mht: 'message/rfc822', json: 'application/json', pdf: 'application/pdf', zip: 'application/zip',
  gz: 'application/gzip', tar: 'application/x-tar', doc: 'application/msword', xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text', rtf: 'application/rtf',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp',
  bmp: 'image/bmp', ico: 'image/vnd.microsoft.icon', tif: 'image/tiff', tiff: 'image/tiff',
  mp3: 'audio/mpeg', wav: 'audio/x-wav', ogg: 'audio/ogg', mp4: 'video/mp4', webm: 'video/webm', mpeg: 'video/mpeg',
};

/** The MIME type for `filename` by its extension, or undefined when not known. */
export function guessMimeType(filename: string | null | undefined): string | undefined {
  if (!filename) return undefined;
  const dot = filename.lastIndexOf('.');
  if (dot < 0 || dot === filename.length - 1) return undefined;
  return TYPES[filename.slice(dot + 1).toLowerCase()];
}
