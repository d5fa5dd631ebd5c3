import { describe, expect, it } from 'vitest';
import { formatDate, makeMsgid } from './message-id.js';

describe('formatDate', () => {
  it("writes Python's formatdate(): UTC as -0000, a time zone's wall clock with its offset", () => {
    const at = new Date('2026-07-04T23:30:05.900Z');
    expect(formatDate(at)).toBe('Sat, 04 Jul 2026 23:30:05 -0000');
    expect(formatDate(at, 'Europe/Paris')).toBe('Sun, 05 Jul 2026 01:30:05 +0200');
    expect(formatDate(at, 'America/St_Johns')).toBe('Sat, 04 Jul 2026 21:00:05 -0230');
    expect(formatDate(new Date('2026-01-04T23:30:05Z'), 'Asia/Kolkata')).toBe('Mon, 05 Jan 2026 05:00:05 +0530');
  });
});

describe('makeMsgid', () => {
  it('makes a different id each time, on the given host', () => {
    const ids = new Set(Array.from({ length: 100 }, () => makeMsgid('example.com')));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^<\d+\.\d+\.\d+@example\.com>$/);
  });
});
