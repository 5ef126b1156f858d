/**
 * From internal work items to what the customer sees (DESIGN 3.4): one request, one status
 * from four, and only messages meant for the customer. Nothing internal — queue, team,
 * department, region, agent, internal status, work item, intent, note — is copied into the
 * view: `customerView` builds it field by field from a closed set of values, and a property test
 * checks its output against `INTERNAL_VOCABULARY` over random inputs.
 *
 * The customer's status, first rule that applies:
 * 1. `need_something_from_you` — any item waits on the customer (even while others progress:
 *    the customer's move is the one that matters to them);
 * 2. `resolved` — every item is resolved or cancelled and there is at least one item. When all
 *    were cancelled (a duplicate, a withdrawn request) the status is still `resolved`, since
 *    nothing more will happen, but the label says "Closed", not "Resolved";
 * 3. `working_on_it` — someone has picked something up: an item is assigned, in progress, or
 *    already done while another is still new;
 * 4. `received` — nothing picked up yet (no items, or all new).
 */
import { type CustomerRequestView, STATUS_WORDS } from './status-page.js';
import type { QueueConfig } from './queues-schema.js';

/** A work item's internal status. */
export const WORK_ITEM_STATUSES = ['new', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved', 'cancelled'] as const;
export type WorkItemStatus = (typeof WORK_ITEM_STATUSES)[number];

/** The customer's four states for a request. */
export const CUSTOMER_STATUSES = ['received', 'working_on_it', 'need_something_from_you', 'resolved'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export function isWorkItemStatus(value: string): value is WorkItemStatus {
  return (WORK_ITEM_STATUSES as readonly string[]).includes(value);
}

/** The customer's one status for a request made of these work items. */
export function customerStatus(items: readonly { status: WorkItemStatus }[]): CustomerStatus {
  let closed = 0;
  let pickedUp = false;
  for (const { status } of items) {
    if (status === 'waiting_on_customer') return 'need_something_from_you';
    if (status === 'resolved' || status === 'cancelled') closed += 1;
    if (status !== 'new') pickedUp = true;
  }
  if (items.length > 0 && closed === items.length) return 'resolved';
  return pickedUp ? 'working_on_it' : 'received';
}

/** The label and sentence shown for a status; "Closed" when every item was cancelled. */
export function customerStatusWords(items: readonly { status: WorkItemStatus }[]): { status: CustomerStatus; label: string; text: string } {
  const status = customerStatus(items);
  if (status === 'resolved' && !items.some((i) => i.status === 'resolved')) return { status, ...CLOSED_WORDS };
  return { status, ...STATUS_WORDS[status] };
}

const CLOSED_WORDS = { label: 'Closed', text: 'This request is closed. If anything is still wrong, reply below and we will pick it up again.' };

/** The request fields the view reads. */
export interface ViewRequest {
  id: string;
  /** What the customer quotes (defaults to the id). */
  reference?: string;
  /** The customer's own subject line, if they gave one. */
  subject?: string | null;
  createdAt: number;
}

/** The work-item fields the view reads; anything else the caller passes is ignored. */
export interface ViewItem {
  status: WorkItemStatus;
  updatedAt: number;
}

/** The message fields the view reads (request_messages). */
export interface ViewMessage {
  /** customer | agent | system */
  author: string;
  /** Only `customer` is shown; anything else (internal, a typo, missing) is not. */
  visibility: string;
  text: string;
  createdAt: number;
}

/**
 * What the customer may fetch of a request: status, label and sentence, created and updated
 * times, the customer-visible messages (`from` you or us, never who), oldest first. Updated is
 * the latest of the request's creation, any item's update and any visible message, so an
 * internal reassignment can move it but never show what happened.
 */
export function customerView(request: ViewRequest, items: readonly ViewItem[], messages: readonly ViewMessage[]): CustomerRequestView {
  const words = customerStatusWords(items);
  const visible = messages
    .filter((m) => m.visibility === 'customer')
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.createdAt - b.m.createdAt || a.i - b.i)
    .map(({ m }) => ({ from: m.author === 'customer' ? ('you' as const) : ('us' as const), text: m.text, at: iso(m.createdAt) }));
  let updated = request.createdAt;
  for (const item of items) updated = Math.max(updated, item.updatedAt);
  for (const m of messages) if (m.visibility === 'customer') updated = Math.max(updated, m.createdAt);
  return {
    reference: request.reference ?? request.id,
    status: words.status,
    statusLabel: words.label,
    statusText: words.text,
    subject: request.subject ?? null,
    createdAt: iso(request.createdAt),
    updatedAt: iso(updated),
    messages: visible,
  };
}

/**
 * Every internal name a customer must never see: queue, team and department names, regions,
 * agent ids, names and given names, and internal status names (also as words: `in progress`).
 * `resolved` is left out: it is one of the customer's own four states, so saying it reveals
 * nothing. Sorted, distinct.
 */
export function INTERNAL_VOCABULARY(config: QueueConfig): string[] {
  const terms = new Set<string>();
  for (const q of config.queues) {
    terms.add(q.name);
    terms.add(q.team);
    terms.add(q.department);
  }
  terms.add(config.triage.queue);
  for (const a of config.agents) {
    terms.add(a.id);
    terms.add(a.name);
    const given = a.name.split(/\s+/)[0];
    if (given !== undefined && given.length >= 2) terms.add(given);
    for (const r of a.regions) terms.add(r);
  }
  for (const s of WORK_ITEM_STATUSES) if (!(CUSTOMER_STATUSES as readonly string[]).includes(s)) terms.add(s);
  return [...terms].sort();
}

/**
 * The internal terms that occur in `text` as whole words, case-insensitively, with `_`, `-`
 * and spacing treated alike (`in_progress` is found in "In progress."). For the view test, and
 * for warning an agent whose customer-visible reply names a team or a colleague.
 */
export function findInternalTerms(text: string, vocabulary: readonly string[]): string[] {
  const haystack = ` ${words(text)} `;
  return vocabulary.filter((term) => {
    const needle = words(term);
    return needle !== '' && haystack.includes(` ${needle} `);
  });
}

function words(text: string): string {
  return (text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
