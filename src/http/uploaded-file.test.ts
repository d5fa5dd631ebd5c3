import { describe, expect, it } from 'vitest';
import { InMemoryUploadedFile, sanitizeFileName } from './uploaded-file.js';

describe('sanitizeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\photo.jpg', 'photo.jpg'],
    ['dir/sub\\mixed/name.txt', 'name.txt'],
    ['caf&#233;.txt', 'café.txt'],
    ['&#x41;&#66;&amp;&lt;&gt;&quot;&apos;.txt', 'AB&<>"\'.txt'],
    ['..&#47;..&#47;secret', 'secret'],
    ['a\u0000b\u200bc\u2028.txt', 'abc.txt'],
    ['with space.txt', 'with space.txt'],
    ['&#0;x', '\uFFFDx'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it.each(['', '.', '..', 'dir/', 'a/..', '\u0000', '&#46;&#46;'])('%j gives null', (raw) => {
    expect(sanitizeFileName(raw)).toBeNull();
  });
});

describe('UploadedFile', () => {
  it('keeps names to 255 characters, preserving the extension', () => {
    const file = new InMemoryUploadedFile({ name: 'a'.repeat(300) + '.txt', fieldName: 'f', contentType: 'text/plain' }, Buffer.from('x'));
    expect(file.name).toHaveLength(255);
    expect(file.name.endsWith('a.txt')).toBe(true);
  });

  it('reads in-memory content whole and in chunks', async () => {
    const file = new InMemoryUploadedFile({ name: 'x/y.bin', fieldName: 'f', contentType: 'application/octet-stream' }, Buffer.from('abcdefg'));
    expect(file.name).toBe('y.bin');
    expect(file.size).toBe(7);
    expect(file.charset).toBeNull();
    expect((await file.read()).toString()).toBe('abcdefg');
    const pieces: string[] = [];
    for await (const chunk of file.chunks(3)) pieces.push(chunk.toString());
    expect(pieces).toEqual(['abc', 'def', 'g']);
    expect(file.multipleChunks(3)).toBe(true);
    expect(file.multipleChunks()).toBe(false);
    expect(file.temporaryFilePath()).toBeNull();
  });
});
