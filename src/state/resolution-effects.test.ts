import { describe, expect, it } from 'vitest';
import { foldEvents, LIMITS } from './customer-state.js';
import { latestResolution } from './resolution-effects.js';
import { event } from './test-events.js';

const foldResolutions = (events: Parameters<typeof foldEvents>[1]) => foldEvents('cus_1', events).resolutions;

describe('resolution history', () => {
  it('records complaint, ticket and dispute resolutions, including complaints closed with their ticket', () => {
    const history = foldResolutions([
      event('Ticket Opened', { ticket_id: 'T-1', complaint: true }, { at: 1000 }),
      event('Ticket Updated', { ticket_id: 'T-1', status: 'Solved' }, { at: 2000, seq: 41 }),
      event('Complaint Opened', { complaint_id: 'C-2' }, { at: 3000 }),
      event('Complaint Updated', { complaint_id: 'C-2', status: 'open' }, { at: 3500 }),
      event('Complaint Updated', { complaint_id: 'C-2', status: 'closed' }, { at: 4000 }),
      event('Dispute Resolved', { dispute_id: 'D-1' }, { at: 5000, department: 'billing' }),
      event('Ticket Resolved', { ticket_id: 'T-9' }, { at: 500 }),
    ]);
    expect(history?.map((r) => `${r.kind}:${r.id}@${r.at}`)).toEqual([
      'ticket_resolved:T-9@500', 'ticket_resolved:T-1@2000', 'complaint_resolved:T-1@2000', 'complaint_resolved:C-2@4000', 'dispute_resolved:D-1@5000',
    ]);
    expect(latestResolution(history, 'complaint_resolved')).toMatchObject({ id: 'C-2', at: 4000 });
    expect(latestResolution(history, 'ticket_resolved')).toMatchObject({ id: 'T-1', seq: 41, department: 'service' });
  });

  it('stays bounded without losing the latest of each kind', () => {
    const events = [event('Complaint Resolved', { complaint_id: 'C-1' }, { at: 1 })];
    for (let i = 0; i < 30; i++) events.push(event('Ticket Resolved', { ticket_id: `T-${i}` }, { at: 10 + i }));
    const history = foldResolutions(events);
    expect(history?.length).toBe(LIMITS.resolutions);
    expect(latestResolution(history, 'complaint_resolved')?.id).toBe('C-1');
    expect(latestResolution(history, 'ticket_resolved')?.id).toBe('T-29');
  });
});
