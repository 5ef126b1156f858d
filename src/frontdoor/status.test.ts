import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultQueueConfig } from './queues.js';
import { CUSTOMER_STATUSES, customerStatus, customerStatusWords, customerView, findInternalTerms, INTERNAL_VOCABULARY, type ViewMessage, WORK_ITEM_STATUSES, type WorkItemStatus } from './status.js';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const items = (...statuses: WorkItemStatus[]) => statuses.map((status) => ({ status }));

describe('customerStatus', () => {
  it('maps internal statuses to the four customer states by the documented rules', () => {
    expect(customerStatus([])).toBe('received');
    expect(customerStatus(items('new', 'new'))).toBe('received');
    expect(customerStatus(items('new', 'assigned'))).toBe('working_on_it');
    expect(customerStatus(items('in_progress'))).toBe('working_on_it');
    expect(customerStatus(items('resolved', 'new'))).toBe('working_on_it'); // one problem done, one to go
    expect(customerStatus(items('cancelled', 'new'))).toBe('working_on_it');
    expect(customerStatus(items('resolved', 'waiting_on_customer', 'in_progress'))).toBe('need_something_from_you');
    expect(customerStatus(items('new', 'waiting_on_customer'))).toBe('need_something_from_you');
    expect(customerStatus(items('resolved', 'cancelled'))).toBe('resolved');
    expect(customerStatus(items('cancelled', 'cancelled'))).toBe('resolved');
  });

  it('says "Closed" rather than "Resolved" when every item was cancelled', () => {
    expect(customerStatusWords(items('resolved', 'cancelled'))).toMatchObject({ status: 'resolved', label: 'Resolved' });
    expect(customerStatusWords(items('cancelled'))).toMatchObject({ status: 'resolved', label: 'Closed' });
    expect(customerStatusWords(items('waiting_on_customer'))).toMatchObject({ label: 'We need something from you' });
  });

  it('is total and order-free over any mix of statuses', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...WORK_ITEM_STATUSES), { maxLength: 8 }), (statuses) => {
      const status = customerStatus(items(...statuses));
      expect(CUSTOMER_STATUSES).toContain(status);
      expect(customerStatus(items(...[...statuses].reverse()))).toBe(status);
      expect(status === 'need_something_from_you').toBe(statuses.includes('waiting_on_customer'));
      expect(status === 'resolved').toBe(statuses.length > 0 && statuses.every((s) => s === 'resolved' || s === 'cancelled'));
    }));
  });
});

describe('customerView', () => {
  const request = { id: 'req_01', subject: 'Parcel and a double charge', createdAt: T0 };
  const messages: ViewMessage[] = [
    { author: 'customer', visibility: 'customer', text: 'My parcel never came and you charged me twice.', createdAt: T0 },
    { author: 'agent', visibility: 'internal', text: 'Billing team: check with Mathilde in billing-payments', createdAt: T0 + 2 * MIN },
    { author: 'agent', visibility: 'customer', text: 'Sorry about that. Could you send the order number?', createdAt: T0 + 5 * MIN },
    { author: 'system', visibility: 'customer', text: 'We have your message.', createdAt: T0 + 1 },
    { author: 'agent', visibility: 'Customer', text: 'not shown: visibility must be exactly customer', createdAt: T0 + 6 * MIN },
  ];

  it('shows one status, the customer-visible messages oldest first, from you or us', () => {
    const view = customerView(request, [{ status: 'waiting_on_customer', updatedAt: T0 + 5 * MIN }, { status: 'in_progress', updatedAt: T0 + 3 * MIN }], messages);
    expect(view).toEqual({
      reference: 'req_01',
      status: 'need_something_from_you',
      statusLabel: 'We need something from you',
      statusText: expect.stringMatching(/reply below/),
      subject: 'Parcel and a double charge',
      createdAt: iso(T0),
      updatedAt: iso(T0 + 5 * MIN),
      messages: [
        { from: 'you', text: 'My parcel never came and you charged me twice.', at: iso(T0) },
        { from: 'us', text: 'We have your message.', at: iso(T0 + 1) },
        { from: 'us', text: 'Sorry about that. Could you send the order number?', at: iso(T0 + 5 * MIN) },
      ],
    });
  });

  it('takes the latest of creation, item updates and visible messages as updated; hidden messages do not move it', () => {
    const view = customerView({ id: 'req_02', reference: 'R-2', createdAt: T0 }, [], [{ author: 'agent', visibility: 'internal', text: 'x', createdAt: T0 + 9 * MIN }]);
    expect(view).toMatchObject({ reference: 'R-2', status: 'received', subject: null, updatedAt: iso(T0), messages: [] });
  });
});

describe('internal vocabulary', () => {
  const vocabulary = INTERNAL_VOCABULARY(defaultQueueConfig());

  it('lists every queue, team, department, region, agent and internal status name', () => {
    for (const term of ['billing-payments', 'triage', 'overflow', 'Payments Team', 'Customer Care', 'Floor Leads', 'billing', 'logistics', 'sales', 'service',
      'eu', 'americas', 'asia', 'agt_mathilde', 'Mathilde Roux', 'Mathilde', 'Noémie Laurent', 'new', 'assigned', 'in_progress', 'waiting_on_customer', 'cancelled']) {
      expect(vocabulary, term).toContain(term);
    }
    // `resolved` is also one of the customer's own four states.
    expect(vocabulary).not.toContain('resolved');
    expect(new Set(vocabulary).size).toBe(vocabulary.length);
  });

  it('finds terms as whole words, whatever the case and separators', () => {
    expect(findInternalTerms('Your case is In progress with the Payments team (EU).', vocabulary)).toEqual(['Payments Team', 'eu', 'in_progress']);
    expect(findInternalTerms('I passed this to noémie laurent', vocabulary)).toEqual(['Noémie', 'Noémie Laurent']);
    expect(findInternalTerms('A queue of requests; eurozone; newly; renewal', vocabulary)).toEqual([]);
    expect(findInternalTerms('agt-lena will call', vocabulary)).toEqual(['Lena', 'agt_lena']);
  });

  it('flags the internal message of the fixture above, which is why it must stay internal', () => {
    expect(findInternalTerms('Billing team: check with Mathilde in billing-payments', vocabulary)).toEqual(['Mathilde', 'billing', 'billing-payments']);
  });
});

// ---- Property: nothing internal reaches the customer ---------------------------------------

const config = defaultQueueConfig();
const VOCABULARY = INTERNAL_VOCABULARY(config);
/** What customers and agents write in customer-visible messages in this test. */
const SAFE_WORDS = ['my', 'parcel', 'never', 'came', 'you', 'charged', 'me', 'twice', 'thanks', 'please', 'help', 'order', 'refund', 'the', 'box', 'was',
  'broken', 'hello', 'we', 'are', 'sorry', 'looking', 'into', 'it', 'photo', 'attached', 'when', 'will', 'arrive', 'address', 'password', 'love', 'shoes',
  '#781583', '€20', 'ça', 'Grüße', '¿dónde?', '!!', '\n'];
const safeText = fc.array(fc.constantFrom(...SAFE_WORDS), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
/** Internal text: every kind of internal name, mixed with ordinary words. */
const internalText = fc.array(fc.oneof(fc.constantFrom(...VOCABULARY), fc.constantFrom(...SAFE_WORDS)), { minLength: 1, maxLength: 10 }).map((w) => w.join(' '));
const time = fc.integer({ min: 0, max: 30 * 86_400_000 }).map((ms) => T0 + ms);

const itemArb = fc.record({
  status: fc.constantFrom(...WORK_ITEM_STATUSES),
  updatedAt: time,
  // Internal fields a real work item carries: the view must ignore them.
  id: fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.constantFrom(...VOCABULARY)).map(([n, term]) => `wi_${n}_${term}`),
  queue: fc.constantFrom(...config.queues.map((q) => q.name)),
  team: fc.constantFrom(...config.queues.map((q) => q.team)),
  department: fc.constantFrom(...config.queues.map((q) => q.department)),
  assignee: fc.option(fc.constantFrom(...config.agents.map((a) => a.id)), { nil: null }),
  assigneeName: fc.constantFrom(...config.agents.map((a) => a.name)),
  region: fc.constantFrom('eu', 'americas', 'asia'),
  intent: fc.constantFrom('delivery_problem', 'double_charge', 'complaint'),
  notes: fc.array(internalText, { maxLength: 3 }),
  sla: fc.record({ fired: fc.constant(['first_response:breach']) }),
});

const messageArb = fc.oneof(
  fc.record({ author: fc.constantFrom('customer', 'agent', 'system'), visibility: fc.constant('customer'), text: safeText, createdAt: time, agentId: fc.constantFrom(...config.agents.map((a) => a.id)) }),
  fc.record({ author: fc.constantFrom('agent', 'system'), visibility: fc.constantFrom('internal', 'Customer', '', 'public'), text: internalText, createdAt: time, queue: fc.constantFrom(...config.queues.map((q) => q.name)) }),
);

const requestArb = fc.record({
  id: fc.integer({ min: 1, max: 1e9 }).map((n) => `req_${n}`),
  reference: fc.option(fc.integer({ min: 1000, max: 99999 }).map((n) => `R-${n}`), { nil: undefined }),
  subject: fc.option(safeText, { nil: null }),
  createdAt: time,
  // Internal request fields.
  customerId: fc.constant('cus_123'),
  intents: fc.constant(['double_charge', 'delivery_problem']),
  routedTo: fc.constantFrom(...config.queues.map((q) => q.name)),
}, { requiredKeys: ['id', 'subject', 'createdAt', 'customerId', 'intents', 'routedTo'] });

describe('customerView never shows an internal name', () => {
  it('the safe words are safe', () => {
    expect(findInternalTerms(SAFE_WORDS.join(' '), VOCABULARY)).toEqual([]);
  });

  it('over random requests, work items and messages', () => {
    fc.assert(fc.property(requestArb, fc.array(itemArb, { maxLength: 6 }), fc.array(messageArb, { maxLength: 10 }), (request, workItems, msgs) => {
      const view = customerView(request, workItems, msgs);
      expect(findInternalTerms(JSON.stringify(view), VOCABULARY)).toEqual([]);
      for (const value of [view.reference, view.status, view.statusLabel, view.statusText, view.subject ?? '', ...view.messages.flatMap((m) => [m.from, m.text, m.at])]) {
        expect(findInternalTerms(value, VOCABULARY), value).toEqual([]);
      }
      // Only the fields the customer may see, and only customer-visible messages.
      expect(Object.keys(view).sort()).toEqual(['createdAt', 'messages', 'reference', 'status', 'statusLabel', 'statusText', 'subject', 'updatedAt']);
      expect(view.messages.length).toBe(msgs.filter((m) => m.visibility === 'customer').length);
      for (const m of view.messages) expect(Object.keys(m).sort()).toEqual(['at', 'from', 'text']);
      expect(view.status).toBe(customerStatus(workItems));
    }), { numRuns: 500 });
  });
});
