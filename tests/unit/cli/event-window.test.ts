/**
 * --since and --until: ISO 8601 with a zone as given; a date alone or a time without a zone is
 * taken as UTC and said (never this computer's local time, silently); a --since in the future is
 * refused, since no event is there yet.
 */
import { describe, expect, it } from 'vitest';
import { eventWindow } from '../../../main/cli/commands/verify';

const now = Date.parse('2026-11-28T16:00:00Z');

describe('the events window', () => {
  it('takes a date alone as midnight UTC, and says so', () => {
    const notes: string[] = [];
    expect(eventWindow('2026-11-28', undefined, now, (line) => notes.push(line))).toEqual({
      since: '2026-11-28T00:00:00.000Z',
    });
    expect(notes).toEqual([
      '--since 2026-11-28 has no zone: taken as UTC, 2026-11-28T00:00:00.000Z. Add Z or an offset such as +01:00 to say which.',
    ]);
  });

  it('takes a time without a zone as UTC, never local time, and says the instant', () => {
    const notes: string[] = [];
    expect(eventWindow('2026-11-28T08:00', undefined, now, (line) => notes.push(line)).since).toBe(
      '2026-11-28T08:00:00.000Z',
    );
    expect(notes[0]).toMatch(/taken as UTC, 2026-11-28T08:00:00\.000Z/);
  });

  it('keeps a zoned time and a duration as they are, with no note', () => {
    const notes: string[] = [];
    expect(eventWindow('2026-11-28T09:00:00+01:00', '1h', now, (line) => notes.push(line))).toEqual(
      {
        since: '2026-11-28T08:00:00.000Z',
        until: '2026-11-28T15:00:00.000Z',
      },
    );
    expect(notes).toEqual([]);
  });

  it('refuses a --since in the future', () => {
    expect(() => eventWindow('2026-11-29T00:00:00Z', undefined, now, () => undefined)).toThrow(
      /--since 2026-11-29T00:00:00\.000Z is in the future \(it is 2026-11-28T16:00:00\.000Z now\)/,
    );
  });
});
