/**
 * The event catalogue: the events that drive customer state, with the properties each one
 * needs. Segment's semantic event names and snake_case properties are reused where they exist;
 * Tutti adds its own for tickets, complaints, shipments, refunds, disputes, surveys, promises
 * and consent. Events not listed here are kept on the timeline but drive no state.
 *
 * Versioned: a stored event records the catalogue version that validated it. Add events and
 * optional properties in a minor version; a change that rejects events accepted before needs
 * a major version. docs/events.md is the human-readable copy of this file.
 */
import { FormatRegistry, Type, type TObject, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';

export const CATALOGUE_VERSION = '1.0.0';

if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)));
}

const Id = Type.String({ minLength: 1, maxLength: 200 });
const DateTime = Type.String({ format: 'date-time' });
const Money = Type.Number({ minimum: 0 });
const Optional = Type.Optional;
const open = <T extends Record<string, TSchema>>(props: T): TObject<T> => Type.Object(props, { additionalProperties: true });

export type EventCategory = 'order' | 'email' | 'contact' | 'ticket' | 'complaint' | 'shipment' | 'refund' | 'dispute' | 'survey' | 'promise' | 'consent' | 'lifecycle';

export interface CatalogueEntry {
  name: string;
  category: EventCategory;
  /** Segment's spec defines it (true) or Tutti does (false). */
  segment: boolean;
  description: string;
  properties: TObject;
}

const entries: CatalogueEntry[] = [
  // Orders (Segment e-commerce spec v2)
  { name: 'Order Completed', category: 'order', segment: true, description: 'A customer placed an order.',
    properties: open({ order_id: Id, revenue: Optional(Money), total: Optional(Money), currency: Optional(Type.String()), products: Optional(Type.Array(Type.Object({}, { additionalProperties: true }))) }) },
  { name: 'Order Cancelled', category: 'order', segment: true, description: 'An order was cancelled.',
    properties: open({ order_id: Id }) },
  { name: 'Order Refunded', category: 'refund', segment: true, description: 'An order was refunded (counts as a refund issued).',
    properties: open({ order_id: Id, total: Optional(Money), revenue: Optional(Money) }) },
  // Email (Segment email spec) — each delivery is a contact on the email channel
  { name: 'Email Delivered', category: 'email', segment: true, description: 'An email reached the customer.', properties: open({ email_id: Optional(Type.String()), campaign_id: Optional(Type.String()) }) },
  { name: 'Email Opened', category: 'email', segment: true, description: 'The customer opened an email.', properties: open({}) },
  { name: 'Email Link Clicked', category: 'email', segment: true, description: 'The customer clicked a link in an email.', properties: open({}) },
  { name: 'Email Bounced', category: 'email', segment: true, description: 'An email bounced.', properties: open({}) },
  { name: 'Email Marked as Spam', category: 'email', segment: true, description: 'The customer marked an email as spam (withdraws email consent).', properties: open({}) },
  { name: 'Unsubscribed', category: 'consent', segment: true, description: 'The customer unsubscribed (withdraws consent for the purpose, default marketing).',
    properties: open({ purpose: Optional(Type.String()), list_id: Optional(Type.String()) }) },
  // Contacts by any channel
  { name: 'Contact Made', category: 'contact', segment: false, description: 'A department contacted the customer (or the customer it) by call, SMS, push, letter, visit or chat.',
    properties: open({ channel: Type.String({ minLength: 1 }), purpose: Optional(Type.String()), direction: Optional(Type.Union([Type.Literal('outbound'), Type.Literal('inbound')])) }) },
  // Tickets and complaints
  { name: 'Ticket Opened', category: 'ticket', segment: false, description: 'A support ticket was opened. complaint: true makes it a complaint.',
    properties: open({ ticket_id: Id, subject: Optional(Type.String()), category: Optional(Type.String()), complaint: Optional(Type.Boolean()), priority: Optional(Type.String()) }) },
  { name: 'Ticket Updated', category: 'ticket', segment: false, description: 'A ticket changed (status, priority, complaint flag).',
    properties: open({ ticket_id: Id, status: Optional(Type.String()), complaint: Optional(Type.Boolean()) }) },
  { name: 'Ticket Resolved', category: 'ticket', segment: false, description: 'A ticket was resolved.', properties: open({ ticket_id: Id }) },
  { name: 'Complaint Opened', category: 'complaint', segment: false, description: 'A complaint was raised; caused_by names the department it is about.',
    properties: open({ complaint_id: Id, ticket_id: Optional(Id), reason: Optional(Type.String()), severity: Optional(Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')])), caused_by: Optional(Type.String()) }) },
  { name: 'Complaint Updated', category: 'complaint', segment: false, description: 'A complaint changed.', properties: open({ complaint_id: Id }) },
  { name: 'Complaint Resolved', category: 'complaint', segment: false, description: 'A complaint was resolved.', properties: open({ complaint_id: Id }) },
  // Shipments
  { name: 'Shipment Dispatched', category: 'shipment', segment: false, description: 'A shipment left the warehouse, with its promised ETA.',
    properties: open({ shipment_id: Id, order_id: Optional(Id), carrier: Optional(Type.String()), eta: DateTime }) },
  { name: 'Shipment Delayed', category: 'shipment', segment: false, description: 'A shipment will be late; new_eta is the new estimate.',
    properties: open({ shipment_id: Id, order_id: Optional(Id), new_eta: DateTime, reason: Optional(Type.String()) }) },
  { name: 'Shipment Delivered', category: 'shipment', segment: false, description: 'A shipment reached the customer.', properties: open({ shipment_id: Id, order_id: Optional(Id) }) },
  // Refunds and disputes
  { name: 'Refund Requested', category: 'refund', segment: false, description: 'A refund is owed to the customer.',
    properties: open({ refund_id: Id, order_id: Optional(Id), amount: Money, currency: Optional(Type.String()) }) },
  { name: 'Refund Issued', category: 'refund', segment: false, description: 'A refund was paid.', properties: open({ refund_id: Id, order_id: Optional(Id), amount: Optional(Money) }) },
  { name: 'Dispute Opened', category: 'dispute', segment: false, description: 'The customer disputed a charge.', properties: open({ dispute_id: Id, order_id: Optional(Id), amount: Optional(Money) }) },
  { name: 'Dispute Resolved', category: 'dispute', segment: false, description: 'A dispute was closed.',
    properties: open({ dispute_id: Id, outcome: Optional(Type.String()) }) },
  // Surveys
  { name: 'Survey Answered', category: 'survey', segment: false, description: 'The customer answered a survey: NPS (0–10) or CSAT (1–5).',
    properties: open({ survey: Type.Union([Type.Literal('nps'), Type.Literal('csat')]), score: Type.Number({ minimum: 0, maximum: 10 }), comment: Optional(Type.String()) }) },
  // Promises
  { name: 'Promise Made', category: 'promise', segment: false,
    description: 'A department promised the customer something by a due time; kept_by names the event that proves it kept (matched on order_id, shipment_id, refund_id or ticket_id when given).',
    properties: open({ promise_id: Id, type: Type.String({ minLength: 1 }), owner: Type.String({ minLength: 1 }), due_at: DateTime, grace_minutes: Optional(Type.Number({ minimum: 0 })),
      kept_by: Optional(Type.Object({ event: Type.String({ minLength: 1 }), order_id: Optional(Id), shipment_id: Optional(Id), refund_id: Optional(Id), ticket_id: Optional(Id), min_amount: Optional(Money) }, { additionalProperties: false })),
      campaign_id: Optional(Type.String()), description: Optional(Type.String()) }) },
  { name: 'Promise Kept', category: 'promise', segment: false, description: 'A promise was kept.', properties: open({ promise_id: Id }) },
  { name: 'Promise Broken', category: 'promise', segment: false, description: 'A promise was broken.', properties: open({ promise_id: Id, reason: Optional(Type.String()) }) },
  { name: 'Promise Renegotiated', category: 'promise', segment: false, description: 'The customer agreed to a new due time before the old one passed.', properties: open({ promise_id: Id, new_due_at: DateTime }) },
  { name: 'Promise Cancelled', category: 'promise', segment: false, description: 'A promise was withdrawn by agreement.', properties: open({ promise_id: Id }) },
  // Consent and lifecycle
  { name: 'Consent Updated', category: 'consent', segment: false, description: 'Consent per purpose changed: purposes maps a purpose to granted (true) or withdrawn (false).',
    properties: open({ purposes: Type.Record(Type.String({ minLength: 1 }), Type.Boolean()) }) },
  { name: 'Segment Consent Preference Updated', category: 'consent', segment: true, description: 'Segment consent: context.consent.categoryPreferences carries the purposes.', properties: open({}) },
  { name: 'Lead Created', category: 'lifecycle', segment: false, description: 'Sales or marketing captured a lead.', properties: open({ lead_id: Optional(Id) }) },
  { name: 'Customer Churned', category: 'lifecycle', segment: false, description: 'The customer left (closed the account, did not renew).', properties: open({ reason: Optional(Type.String()) }) },
];

interface CompiledEntry extends CatalogueEntry {
  check: TypeCheck<TObject>;
}

const compiled = new Map<string, CompiledEntry>(entries.map((e) => [e.name, { ...e, check: TypeCompiler.Compile(e.properties) }]));

/** Every catalogued event, in documentation order. */
export function catalogueEntries(): readonly CatalogueEntry[] {
  return entries;
}

export function isCatalogued(name: string): boolean {
  return compiled.has(name);
}

/**
 * Checks a track event's properties against the catalogue. Returns null when valid or when
 * the event is not catalogued (unknown events are accepted as they are), else a message that
 * names the first failing property.
 */
export function checkProperties(name: string, properties: unknown): string | null {
  const entry = compiled.get(name);
  if (!entry || entry.check.Check(properties)) return null;
  const first = entry.check.Errors(properties).First();
  if (!first) return `properties do not match ${name}`;
  const where = first.path ? `properties${first.path.replace(/\//g, '.')}` : 'properties';
  return `${name}: ${where} ${first.message.toLowerCase()}`;
}
