/**
 * The human-readable event catalogue, docs/events.md, rendered from the catalogue itself so
 * the two never drift: the property tables come from the TypeBox schemas, the validation error
 * shown is the one checkProperties gives, and every catalogued event must have an effect line
 * below (rendering throws otherwise). `npm run docs:events` writes the file; a test fails when
 * the committed copy differs from what this renders.
 */
import { Kind, KindGuard, type TObject, type TSchema } from '@sinclair/typebox';
import type { JsonObject } from './event.js';
import { CATALOGUE_VERSION, type CatalogueEntry, type EventCategory, catalogueEntries, checkProperties } from './catalogue.js';

/** Category headings, in documentation order. A new category does not compile without one. */
const CATEGORY_TITLES: Record<EventCategory, string> = {
  order: 'Orders',
  email: 'Email',
  contact: 'Contacts',
  ticket: 'Tickets',
  complaint: 'Complaints',
  shipment: 'Shipments',
  refund: 'Refunds',
  dispute: 'Disputes',
  survey: 'Surveys',
  promise: 'Promises',
  consent: 'Consent',
  lifecycle: 'Lifecycle',
};

/**
 * What each catalogued event does to the live customer state, written from
 * src/state/catalogue-effects.ts and src/state/promise-effects.ts. Keep in step with them.
 */
const EFFECTS: Record<string, string> = {
  'Order Completed':
    'Order count +1; revenue grows by `revenue` (else `total`, else 0); the last-order time moves to this event if it is newer.',
  'Order Cancelled': 'Cancelled-order count +1.',
  'Order Refunded':
    'Refunded total grows by `total` (else `revenue`); any pending refund on the same `order_id` is settled (removed), as a Refund Issued would.',
  'Email Delivered':
    'Records an email contact by the sending department: the per-department, per-channel contact tally and the recent-contacts list (with `purpose` when given) that contact-pressure rules read.',
  'Email Opened': 'None beyond the generic effects (timeline, seen times, department count).',
  'Email Link Clicked': 'None beyond the generic effects (timeline, seen times, department count).',
  'Email Bounced': 'None beyond the generic effects (timeline, seen times, department count).',
  'Email Marked as Spam': 'Withdraws consent for the `email` purpose (the newest consent fact per purpose wins).',
  Unsubscribed: 'Withdraws consent for `purpose` (default `marketing`); the newest consent fact per purpose wins.',
  'Contact Made':
    'Outbound (or no `direction`): records a contact on `channel` by the department, as Email Delivered does for email. Inbound contacts drive no state.',
  'Ticket Opened':
    'Opens the ticket (or refreshes its subject and priority). `complaint: true` also opens a complaint tied to the ticket, with `category` as its reason. A resolution already seen with a later time keeps it closed.',
  'Ticket Updated':
    'A closed `status` (resolved, closed, solved, done, cancelled) resolves the ticket. Otherwise opens it if unknown, updates `priority`, and `complaint: true` / `false` raises or drops the complaint tied to it.',
  'Ticket Resolved':
    'Closes the ticket and the complaint its complaint flag raised. If the ticket is not open, a tombstone stops a late Ticket Opened from reopening it.',
  'Complaint Opened':
    'Opens the complaint (or refreshes reason, severity, caused_by and ticket_id); it replaces a complaint raised by the same ticket\'s complaint flag.',
  'Complaint Updated': 'A closed `status` resolves the complaint; otherwise as Complaint Opened (opens it if unknown, refreshes its details).',
  'Complaint Resolved': 'Closes the complaint; if it is not open, a tombstone stops a late Complaint Opened from reopening it.',
  'Shipment Dispatched':
    'Opens a pending shipment (linked to `order_id`) with its dispatch time and ETA `eta`; the ETA from the newest event wins.',
  'Shipment Delayed': 'Delay count +1 on the pending shipment (opened if unknown); its ETA moves to `new_eta`.',
  'Shipment Delivered': 'Closes the pending shipment; if it is not open, a tombstone stops a late dispatch or delay from reopening it.',
  'Refund Requested': 'Opens a pending refund of `amount` (linked to `order_id`); a re-sent request updates the amount.',
  'Refund Issued':
    'Closes the pending refund; the refunded total grows by `amount` (else the pending refund\'s amount). If it is not pending, a tombstone stops a late request from reopening it.',
  'Dispute Opened': 'Opens a dispute (with `amount` and `order_id` when given); a re-sent one updates the amount.',
  'Dispute Resolved': 'Closes the dispute (tombstone if it is not open); `outcome` stays on the timeline only.',
  'Survey Answered': 'Sets the latest NPS or CSAT answer (score and comment); the newest answer of each kind wins.',
  'Promise Made':
    'Opens (or refreshes) the promise: type, owner (default: the department), due time, grace and kept_by. Ignored once the promise has closed. Being past due + grace makes it overdue in the summary; the reducer never breaks a promise because time passed.',
  'Promise Kept': 'Closes the promise as kept and counts it; a later event with another outcome overrules it.',
  'Promise Broken': 'Closes the promise as broken, counts it and sets the last-broken time; a later event with another outcome overrules it.',
  'Promise Renegotiated': 'Moves the open promise\'s due time to `new_due_at` and counts a renegotiation; the promise stays open.',
  'Promise Cancelled': 'Closes the promise as cancelled and counts it; a later event with another outcome overrules it.',
  'Consent Updated': 'Sets consent for each purpose in `purposes` (true granted, false withdrawn); the newest fact per purpose wins.',
  'Segment Consent Preference Updated':
    'None from its properties: the purposes come from `context.consent.categoryPreferences`, which is applied on every event.',
  'Lead Created': 'None beyond the generic effects (timeline, seen times, department count).',
  'Customer Churned': 'Sets the churned time (the latest one wins).',
};

/** A full Segment track message, as a source would send it. */
export interface TrackExample {
  type: 'track';
  event: string;
  messageId: string;
  userId?: string;
  anonymousId?: string;
  timestamp: string;
  context?: JsonObject;
  properties: JsonObject;
}

const EXAMPLES: Record<EventCategory, TrackExample> = {
  order: {
    type: 'track', event: 'Order Completed', messageId: 'web-7f3c2a10', userId: 'u-1042', timestamp: '2025-03-14T09:30:00.000Z',
    context: { traits: { email: 'ann.lee@example.com' } },
    properties: { order_id: 'O-50017', revenue: 84.5, currency: 'EUR', products: [{ product_id: 'P-12', name: 'Kettle', price: 84.5, quantity: 1 }] },
  },
  email: {
    type: 'track', event: 'Email Delivered', messageId: 'esp-91d2', userId: 'u-1042', timestamp: '2025-03-14T10:00:00.000Z',
    properties: { email_id: 'E-3381', campaign_id: 'spring-sale', purpose: 'marketing' },
  },
  contact: {
    type: 'track', event: 'Contact Made', messageId: 'cc-20250314-0042', userId: 'u-1042', timestamp: '2025-03-14T11:15:00.000Z',
    properties: { channel: 'call', purpose: 'service', direction: 'outbound' },
  },
  ticket: {
    type: 'track', event: 'Ticket Opened', messageId: 'zd-ticket-8812-open', timestamp: '2025-03-15T08:05:00.000Z',
    context: { traits: { email: 'ann.lee@example.com' }, externalIds: [{ id: '991', type: 'zendesk_id', collection: 'users', encoding: 'none' }] },
    properties: { ticket_id: 'T-8812', subject: 'Kettle arrived broken', category: 'damaged item', complaint: true, priority: 'high' },
  },
  complaint: {
    type: 'track', event: 'Complaint Opened', messageId: 'crm-cmp-311', userId: 'u-1042', timestamp: '2025-03-15T09:00:00.000Z',
    properties: { complaint_id: 'C-311', ticket_id: 'T-8812', reason: 'damaged item', severity: 'high', caused_by: 'logistics' },
  },
  shipment: {
    type: 'track', event: 'Shipment Delayed', messageId: 'wms-S-7730-d1', timestamp: '2025-03-15T16:40:00.000Z',
    properties: { shipment_id: 'S-7730', order_id: 'O-50017', new_eta: '2025-03-18T12:00:00.000Z', reason: 'carrier backlog' },
  },
  refund: {
    type: 'track', event: 'Refund Requested', messageId: 'fin-R-204', userId: 'u-1042', timestamp: '2025-03-16T10:20:00.000Z',
    properties: { refund_id: 'R-204', order_id: 'O-50017', amount: 84.5, currency: 'EUR' },
  },
  dispute: {
    type: 'track', event: 'Dispute Opened', messageId: 'psp-dp-55', userId: 'u-1042', timestamp: '2025-03-20T07:00:00.000Z',
    properties: { dispute_id: 'D-55', order_id: 'O-50017', amount: 84.5 },
  },
  survey: {
    type: 'track', event: 'Survey Answered', messageId: 'svy-4410', userId: 'u-1042', timestamp: '2025-03-21T18:02:00.000Z',
    properties: { survey: 'nps', score: 3, comment: 'Third contact about the same kettle.' },
  },
  promise: {
    type: 'track', event: 'Promise Made', messageId: 'cc-promise-77', userId: 'u-1042', timestamp: '2025-03-16T10:25:00.000Z',
    properties: {
      promise_id: 'PR-77', type: 'refund', owner: 'finance', due_at: '2025-03-19T17:00:00.000Z', grace_minutes: 60,
      kept_by: { event: 'Refund Issued', refund_id: 'R-204', min_amount: 84.5 },
      description: 'Refund for the broken kettle within three days',
    },
  },
  consent: {
    type: 'track', event: 'Consent Updated', messageId: 'pref-centre-1203', userId: 'u-1042', timestamp: '2025-03-22T12:00:00.000Z',
    context: { consent: { categoryPreferences: { analytics: true } } },
    properties: { purposes: { marketing: false, service: true } },
  },
  lifecycle: {
    type: 'track', event: 'Customer Churned', messageId: 'billing-churn-1042', userId: 'u-1042', timestamp: '2025-06-30T23:59:00.000Z',
    properties: { reason: 'did not renew' },
  },
};

/** The example track message shown for each category. */
export function catalogueExamples(): Readonly<Record<EventCategory, TrackExample>> {
  return EXAMPLES;
}

/** Where identity resolution finds each identifier (src/identity/identifiers.ts). */
export interface IdentifierSource {
  /** The message field, as a path. */
  field: string;
  /** The identifier type it becomes, as documented. */
  type: string;
  /** The type extractIdentifiers gives the sample's identifier. */
  extractedAs: string;
  note: string;
  /** A message fragment carrying it (the catalogue-doc test checks the type really comes out). */
  sample: { type?: 'track' | 'identify' | 'alias'; userId?: string; anonymousId?: string; properties?: JsonObject; traits?: JsonObject; context?: JsonObject };
  /** The identifier value the sample yields, normalised. */
  value: string;
}

export const IDENTIFIER_SOURCES: readonly IdentifierSource[] = [
  { field: 'userId', type: '`userId`', extractedAs: 'userId', note: 'The strongest identifier: the id a system assigned.', sample: { userId: 'u-1042' }, value: 'u-1042' },
  { field: 'previousId', type: '`userId`, else `anonymousId`', extractedAs: 'previousId', note: 'Alias messages only. Looked up as a userId, then as an anonymousId; linked as an anonymousId when neither is known.', sample: { type: 'alias', properties: { previousId: 'anon-9f2' } }, value: 'anon-9f2' },
  { field: 'traits.email', type: '`email`', extractedAs: 'email', note: 'Trimmed and lower-cased; needs text on both sides of the `@`.', sample: { traits: { email: ' Ann.Lee@Example.com ' } }, value: 'ann.lee@example.com' },
  { field: 'context.traits.email', type: '`email`', extractedAs: 'email', note: 'Same as traits.email; works on every message type.', sample: { context: { traits: { email: 'ann.lee@example.com' } } }, value: 'ann.lee@example.com' },
  { field: 'properties.email', type: '`email`', extractedAs: 'email', note: 'Same normalisation.', sample: { properties: { email: 'ann.lee@example.com' } }, value: 'ann.lee@example.com' },
  { field: 'traits.phone', type: '`phone`', extractedAs: 'phone', note: 'Reduced to a leading `+` and digits; at least 6 digits.', sample: { traits: { phone: '+44 20 7946 0958' } }, value: '+442079460958' },
  { field: 'context.traits.phone', type: '`phone`', extractedAs: 'phone', note: 'Same as traits.phone.', sample: { context: { traits: { phone: '+44 20 7946 0958' } } }, value: '+442079460958' },
  { field: 'traits.crm_id', type: '`crm`', extractedAs: 'crm', note: 'The CRM\'s customer number (`traits.crmId` works too).', sample: { traits: { crm_id: 'CRM-55-201' } }, value: 'CRM-55-201' },
  { field: 'properties.order_id', type: '`order`', extractedAs: 'order', note: 'Links every event about an order (shipments included) to whoever placed it.', sample: { properties: { order_id: 'O-50017' } }, value: 'O-50017' },
  { field: 'properties.ticket_id', type: '`ticket`', extractedAs: 'ticket', note: 'Links help-desk events to the customer who opened the ticket.', sample: { properties: { ticket_id: 'T-8812' } }, value: 'T-8812' },
  { field: 'context.externalIds[].id', type: 'the entry\'s `type`, lower-cased', extractedAs: 'zendesk_id', note: 'Segment external ids, e.g. `{ "id": "991", "type": "zendesk_id" }`; the type must match `[a-z][a-z0-9_]*`.', sample: { context: { externalIds: [{ id: '991', type: 'Zendesk_ID' }] } }, value: '991' },
  { field: 'anonymousId', type: '`anonymousId`', extractedAs: 'anonymousId', note: 'The weakest identifier: a device, possibly shared.', sample: { anonymousId: 'anon-9f2' }, value: 'anon-9f2' },
];

// ---------------------------------------------------------------------------------------------
// Rendering

/** The Markdown of docs/events.md. Throws when a catalogued event has no effect line. */
export function renderCatalogueMarkdown(): string {
  const entries = catalogueEntries();
  checkCoverage(entries);

  const out: string[] = [];
  const p = (...lines: string[]): void => {
    out.push(...lines, '');
  };

  p(
    '<!-- Generated from src/core/catalogue.ts by src/core/catalogue-doc.ts. Do not edit: run `npm run docs:events`. -->',
    '# Tutti event catalogue',
  );
  p(`Catalogue version **${CATALOGUE_VERSION}** — ${entries.length} events.`);
  p(
    'Tutti reuses the names of the Segment spec where they exist (`Order Completed`, `Email Delivered`, `Unsubscribed`, …) and defines its own, in the same Object Action style with snake_case properties, for what Segment does not cover: tickets and complaints, shipments and delays, refunds and disputes, promises, surveys.',
  );
  p('## Contents');
  p(
    '- [Versioning](#versioning)',
    '- [Validation](#validation)',
    '- [Identifying the customer](#identifying-the-customer)',
    '- [Consent on every event](#consent-on-every-event)',
    '- [Effects every event has](#effects-every-event-has)',
    '- [Events at a glance](#events-at-a-glance)',
    ...categories(entries).map(([category]) => `- [${CATEGORY_TITLES[category]}](#${anchor(CATEGORY_TITLES[category])})`),
  );

  p('## Versioning');
  p(
    'The catalogue has a semantic version. Every stored event records the catalogue version that validated it (`catalogueVersion`; `null` for a track event whose name is not catalogued).',
  );
  p(
    '- **Minor** (1.x): new events, new optional properties. Everything accepted before is still accepted.',
    '- **Major** (x.0): anything that rejects an event accepted before — a new required property, a narrower type, a removed enum value, a renamed event.',
    '- Patch: wording only.',
  );

  p('## Validation');
  p(
    'Sources send Segment messages to `POST /v1/batch` (or `/v1/track`, `/v1/identify`, …). Each message is checked on its own:',
  );
  p(
    '- A **track** message whose `event` is in this catalogue must match that event\'s property schema. If it does not, that message alone is rejected and the response names it by its index in the batch; the rest of the batch is stored.',
    '- Properties that are not listed are allowed and stored as they are (except inside `kept_by`, which is closed). Handlers may read a few of them (`purpose`, `status`, `priority`, `category`), as the effect lines say.',
    '- A track message with an **unknown** event name is stored on the customer\'s timeline and drives no state (beyond the generic effects below).',
    '- **identify, page, screen, group and alias** messages are always accepted as far as the catalogue goes: their traits and properties are not checked against it. (An alias still needs a `previousId`.)',
    '- Every message needs something to identify the customer by (see below); one without is rejected.',
  );
  const bad = { shipment_id: 'S-7730', new_eta: 'next Tuesday' };
  const problem = checkProperties('Shipment Delayed', bad);
  if (problem === null) throw new Error('catalogue-doc: the invalid-message example unexpectedly validates');
  p(`For example, a \`Shipment Delayed\` with \`"new_eta": "next Tuesday"\` at index 1 of a batch of two gives:`);
  p(
    '```json',
    JSON.stringify({ success: false, stored: 1, duplicates: 0, rejected: 1, errors: [{ index: 1, messageId: 'wms-S-7730-d2', code: 'invalid_event', message: problem }] }, null, 2),
    '```',
  );

  p('## Identifying the customer');
  p(
    'Identity resolution reads these fields from every message (a `group` message\'s own traits describe the company, so only its `context.traits` count). Values are trimmed; values longer than 200 characters and placeholders (`null`, `anonymous`, `test@test.com`, `0000`, `1234567890`, …) never identify anyone. Strongest first:',
  );
  p(
    '| Field | Identifier type | Notes |',
    '| --- | --- | --- |',
    ...IDENTIFIER_SOURCES.map((s) => `| \`${s.field}\` | ${s.type} | ${cell(s.note)} |`),
  );
  p(
    'Shipments resolve through their `order_id`: there is no shipment identifier. A message with no userId, no anonymousId and none of email (traits, context.traits or properties), `traits.phone`, `properties.order_id`, `properties.ticket_id` or `context.externalIds` is rejected.',
  );

  p('## Consent on every event');
  p(
    'Consent is kept per purpose (`marketing`, `service`, `email`, `analytics`, …) as granted or withdrawn, attributed to the department whose source sent it. For each purpose the newest fact (by event timestamp) wins, so a late-arriving old event never overturns a newer choice.',
  );
  p(
    '- `context.consent.categoryPreferences` (Segment\'s consent object, a map of purpose to boolean) is applied on **any** message, track or not.',
    '- `Consent Updated` carries the same map in `properties.purposes`.',
    '- `Unsubscribed` withdraws `purpose` (default `marketing`); `Email Marked as Spam` withdraws `email`.',
  );

  p('## Effects every event has');
  p(
    '- First and last seen times, the event count and the per-department count.',
    '- Traits from identify `traits` and from any message\'s `context.traits` (the newest event wins), the time zone from `context.timezone` or `traits.timezone`, and consent as above.',
    '- Any track event can **keep a promise**: an open promise whose `kept_by.event` names it is kept when every id in `kept_by` (`order_id`, `shipment_id`, `refund_id`, `ticket_id`) equals the event\'s, its `amount` (or `total`, or `revenue`) is at least `kept_by.min_amount`, and it happens by the due time plus grace. A match after the deadline is noted but does not keep the promise.',
  );
  p('## Events at a glance');
  p(
    'Each event is marked *Segment spec* when Segment\'s semantic spec defines it and *Tutti* when it is Tutti\'s own.',
  );
  p(
    '| Event | Category | Defined by |',
    '| --- | --- | --- |',
    ...categories(entries).flatMap(([category, list]) =>
      list.map((e) => `| [${e.name}](#${anchor(e.name)}) | ${CATEGORY_TITLES[category]} | ${e.segment ? 'Segment spec' : 'Tutti'} |`)),
  );

  for (const [category, list] of categories(entries)) {
    p(`## ${CATEGORY_TITLES[category]}`);
    for (const e of list) renderEntry(e, p);
    const example = EXAMPLES[category];
    p(`Example (\`${example.event}\`, a complete Segment track message):`);
    p('```json', JSON.stringify(example, null, 2), '```');
  }

  return `${out.join('\n').trimEnd()}\n`;
}

function renderEntry(e: CatalogueEntry, p: (...lines: string[]) => void): void {
  const effect = EFFECTS[e.name];
  if (effect === undefined) throw new Error(`catalogue-doc: no effect line for "${e.name}"`);
  p(`### ${e.name}`);
  p(`*${e.segment ? 'Segment spec' : 'Tutti'}* — ${e.description}`);
  p(`**Effect on customer state:** ${effect}`);
  const rows = propertyRows(e.properties, '');
  if (rows.length === 0) {
    p('No catalogued properties (any properties are accepted).');
    return;
  }
  p('| Property | Type | Required |', '| --- | --- | --- |', ...rows);
}

function propertyRows(schema: TObject, prefix: string): string[] {
  const required = new Set(schema.required ?? []);
  const rows: string[] = [];
  for (const [key, sub] of Object.entries(schema.properties)) {
    const name = `${prefix}${key}`;
    rows.push(`| \`${name}\` | ${cell(typeOf(sub))} | ${required.has(key) ? 'required' : 'optional'} |`);
    if (KindGuard.IsObject(sub) && Object.keys(sub.properties).length > 0) rows.push(...propertyRows(sub, `${name}.`));
  }
  return rows;
}

/** A schema as a short human type. Throws on a kind it cannot describe, so new kinds get handled. */
function typeOf(s: TSchema): string {
  if (KindGuard.IsLiteral(s)) return `\`${JSON.stringify(s.const)}\``;
  if (KindGuard.IsString(s)) {
    if (s.format === 'date-time') return 'ISO 8601 date-time';
    const min = s.minLength ?? 0;
    const max = s.maxLength;
    if (max !== undefined) return min > 0 ? `string, ${min}–${max} characters` : `string, at most ${max} characters`;
    if (min === 1) return 'non-empty string';
    return min > 1 ? `string, at least ${min} characters` : 'string';
  }
  if (KindGuard.IsNumber(s) || KindGuard.IsInteger(s)) {
    const base = KindGuard.IsInteger(s) ? 'integer' : 'number';
    const { minimum: min, maximum: max } = s;
    if (min !== undefined && max !== undefined) return `${base} ${min}–${max}`;
    if (min !== undefined) return `${base} ≥ ${min}`;
    if (max !== undefined) return `${base} ≤ ${max}`;
    return base;
  }
  if (KindGuard.IsBoolean(s)) return 'boolean';
  if (KindGuard.IsUnion(s)) {
    if (s.anyOf.every((x) => KindGuard.IsLiteral(x))) return `one of ${s.anyOf.map(typeOf).join(', ')}`;
    return s.anyOf.map(typeOf).join(' or ');
  }
  if (KindGuard.IsArray(s)) {
    const items = s.items;
    return KindGuard.IsObject(items) ? 'array of objects' : `array of ${typeOf(items)}`;
  }
  if (KindGuard.IsRecord(s)) {
    const values = Object.values(s.patternProperties);
    const value = values[0];
    return value === undefined ? 'object' : `object, every value ${typeOf(value)}`;
  }
  if (KindGuard.IsObject(s)) return s.additionalProperties === false ? 'object with only the keys below' : 'object';
  throw new Error(`catalogue-doc: cannot describe a schema of kind ${String(s[Kind])}`);
}

/** Entries grouped by category, in CATEGORY_TITLES order; categories without events are left out. */
function categories(entries: readonly CatalogueEntry[]): Array<[EventCategory, CatalogueEntry[]]> {
  const out: Array<[EventCategory, CatalogueEntry[]]> = [];
  for (const category of Object.keys(CATEGORY_TITLES) as EventCategory[]) {
    const list = entries.filter((e) => e.category === category);
    if (list.length > 0) out.push([category, list]);
  }
  return out;
}

/** Every event documented, no stale effect lines, and every example valid for its category. */
function checkCoverage(entries: readonly CatalogueEntry[]): void {
  const names = new Set(entries.map((e) => e.name));
  const missing = entries.filter((e) => EFFECTS[e.name] === undefined).map((e) => e.name);
  if (missing.length > 0) {
    throw new Error(`catalogue-doc: no effect line for ${missing.map((n) => `"${n}"`).join(', ')}. Add one to EFFECTS in src/core/catalogue-doc.ts.`);
  }
  const stale = Object.keys(EFFECTS).filter((n) => !names.has(n));
  if (stale.length > 0) throw new Error(`catalogue-doc: effect lines for events not in the catalogue: ${stale.join(', ')}`);
  for (const [category, list] of categories(entries)) {
    const example = EXAMPLES[category];
    if (!list.some((e) => e.name === example.event)) throw new Error(`catalogue-doc: the ${category} example's event "${example.event}" is not in that category`);
    const problem = checkProperties(example.event, example.properties);
    if (problem !== null) throw new Error(`catalogue-doc: the ${category} example is invalid: ${problem}`);
  }
}

/** GitHub's heading anchor for a plain heading. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

/** Escapes a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
