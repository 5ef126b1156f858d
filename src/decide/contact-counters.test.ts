import { describe, expect, it } from 'vitest';
import { InMemoryContactCounters, PURPOSE_BIT } from './contact-counters.js';

const DAY = 86_400_000;
const ALL = { purposeMask: 15, channels: null, departments: null };

describe('InMemoryContactCounters', () => {
  it('counts contacts in (from, to] by scope', () => {
    const c = new InMemoryContactCounters();
    c.record('a', { department: 'sales', channel: 'call', purpose: 'sales' }, 1000);
    c.record('a', { department: 'marketing', channel: 'email', purpose: 'marketing' }, 2000);
    c.record('a', { department: 'billing', channel: 'email', purpose: 'transactional' }, 3000);
    expect(c.countInWindow('a', ALL, 1000, 3000)).toBe(2);
    expect(c.countInWindow('a', ALL, 999, 3000)).toBe(3);
    expect(c.countInWindow('a', { purposeMask: PURPOSE_BIT.sales | PURPOSE_BIT.marketing, channels: null, departments: null }, 0, 5000)).toBe(2);
    expect(c.countInWindow('a', { purposeMask: 15, channels: ['email'], departments: ['marketing'] }, 0, 5000)).toBe(1);
    expect(c.countInWindow('b', ALL, 0, 5000)).toBe(0);
  });

  it('counts a reservation at once and forgets it on release', () => {
    const c = new InMemoryContactCounters();
    const id = c.reserve('a', { department: 'sales', channel: 'email', purpose: 'sales' }, 1000);
    expect(c.countInWindow('a', ALL, 0, 1000)).toBe(1);
    expect(c.idsInWindow('a', ALL, 0, 1000)).toEqual([id]);
    expect(c.release(id)).toBe(true);
    expect(c.release(id)).toBe(false);
    expect(c.countInWindow('a', ALL, 0, 1000)).toBe(0);
  });

  it('keeps time order for late records and forgets what is older than it retains', () => {
    const c = new InMemoryContactCounters(10 * DAY);
    c.record('a', { department: 'sales', channel: 'email', purpose: 'sales' }, 5 * DAY);
    c.record('a', { department: 'sales', channel: 'email', purpose: 'sales' }, 2 * DAY);
    expect(c.countInWindow('a', ALL, 3 * DAY, 6 * DAY)).toBe(1);
    const old = c.reserve('a', { department: 'sales', channel: 'email', purpose: 'sales' }, 2 * DAY + 1);
    c.record('a', { department: 'sales', channel: 'email', purpose: 'sales' }, 13 * DAY);
    expect(c.size('a')).toBe(2);
    expect(c.release(old)).toBe(false);
  });
});
