import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockText, localMinuteOfDay, ZoneOffsets, zoneOffsets } from './time-zones.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The exact offset, straight from Intl, to check the cached tables against. */
function intlOffset(zone: string, utc: number): number {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const p = Object.fromEntries(f.formatToParts(utc).map((x) => [x.type, Number(x.value)]));
  const t = Math.floor(utc / 1000) * 1000;
  return Date.UTC(p['year'] ?? 0, (p['month'] ?? 1) - 1, p['day'] ?? 1, p['hour'] ?? 0, p['minute'] ?? 0, p['second'] ?? 0) - t;
}

// Zones with DST at odd minutes (Lord Howe: 30-minute shift; Chatham: 02:45), southern
// hemisphere, abolished DST (Tehran), Ramadan suspensions (Casablanca), none (Kolkata).
const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo', 'Asia/Tehran', 'Africa/Casablanca', 'Asia/Kolkata', 'America/St_Johns', 'UTC'];
const FROM = Date.UTC(2020, 0, 1);
const TO = Date.UTC(2031, 0, 1);

describe('zone offsets', () => {
  it('agree with Intl at any instant, whatever order they are asked in', () => {
    fc.assert(fc.property(fc.constantFrom(...ZONES), fc.array(fc.integer({ min: FROM, max: TO }), { minLength: 1, maxLength: 30 }), (zone, instants) => {
      const table = new ZoneOffsets(zone);
      for (const t of instants) expect(table.offsetAt(t)).toBe(intlOffset(zone, t));
    }), { numRuns: 150 });
  });

  it('are exact to the second around the 2026 transitions', () => {
    const paris = new ZoneOffsets('Europe/Paris');
    const spring = Date.UTC(2026, 2, 29, 1, 0, 0);
    expect(paris.offsetAt(spring - 1000)).toBe(HOUR);
    expect(paris.offsetAt(spring)).toBe(2 * HOUR);
    const ny = new ZoneOffsets('America/New_York');
    const fall = Date.UTC(2026, 10, 1, 6, 0, 0);
    expect(ny.offsetAt(fall - 1000)).toBe(-4 * HOUR);
    expect(ny.offsetAt(fall)).toBe(-5 * HOUR);
    const lordHowe = new ZoneOffsets('Australia/Lord_Howe');
    const lh = Date.UTC(2026, 3, 4, 15, 0, 0); // 02:00 local daylight time → 01:30 standard
    expect(lordHowe.offsetAt(lh - 1000)).toBe(11 * HOUR);
    expect(lordHowe.offsetAt(lh)).toBe(10.5 * HOUR);
  });

  it('turn a wall-clock time into the earliest instant after a given one, through gaps and overlaps', () => {
    const paris = new ZoneOffsets('Europe/Paris');
    const wall = (s: string) => Date.parse(`${s}Z`);
    expect(paris.wallToUtc(wall('2026-03-29T08:00'), 0)).toBe(Date.parse('2026-03-29T06:00Z'));
    // 02:30 does not exist that night: the first instant past it is the transition, 03:00 CEST.
    expect(paris.wallToUtc(wall('2026-03-29T02:30'), 0)).toBe(Date.parse('2026-03-29T01:00Z'));
    const ny = new ZoneOffsets('America/New_York');
    // 01:30 happens twice on 2026-11-01: 05:30Z (EDT) then 06:30Z (EST).
    expect(ny.wallToUtc(wall('2026-11-01T01:30'), 0)).toBe(Date.parse('2026-11-01T05:30Z'));
    expect(ny.wallToUtc(wall('2026-11-01T01:30'), Date.parse('2026-11-01T05:30Z'))).toBe(Date.parse('2026-11-01T06:30Z'));
  });

  it('give the local minute of day and format clock times', () => {
    expect(localMinuteOfDay(Date.parse('2026-03-29T06:00Z'), 2 * HOUR)).toBe(8 * 60);
    expect(localMinuteOfDay(Date.parse('2026-03-01T02:00Z'), -5 * HOUR)).toBe(21 * 60);
    expect(clockText(8 * 60 + 5)).toBe('08:05');
    expect(zoneOffsets('Not/AZone')).toBeNull();
    expect(zoneOffsets('Europe/Paris')).toBe(zoneOffsets('Europe/Paris'));
  });
});
