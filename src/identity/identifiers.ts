/**
 * Identifiers: the keys by which department systems know a customer (user ids, emails,
 * phones, order and ticket ids, CRM ids, …), how they are normalised, which are junk, and
 * how they are read out of an event or a customer reference.
 */
import type { TuttiEvent } from '../core/event.js';
import { isJunkIdentifier } from './junk.js';

export { isJunkIdentifier, JUNK_EMAILS, JUNK_EMAIL_DOMAINS, JUNK_EMAIL_LOCALS, JUNK_VALUES } from './junk.js';

/**
 * One identifier. Well-known types: `userId`, `anonymousId`, `email`, `phone`, `order`,
 * `ticket`, `crm`; any other lower-case `[a-z][a-z0-9_]*` type names a department system's
 * own id (from Segment `context.externalIds`, e.g. `zendesk_id`).
 */
export interface Identifier {
  type: string;
  value: string;
}

/**
 * Pseudo-type for an alias message's `previousId`: the graph looks it up as a `userId`, then
 * as an `anonymousId`, and links it as an `anonymousId` when neither exists (Segment's
 * previousId is usually the anonymous id, sometimes an old user id).
 */
export const PREVIOUS_ID = 'previousId';

/** Longest identifier value Tutti keeps; longer ones are payload, not identity. */
export const MAX_IDENTIFIER_LENGTH = 200;
const MIN_PHONE_DIGITS = 6;

/**
 * Normalises a raw identifier value: trims; lower-cases emails (and requires text on both
 * sides of an `@`); reduces phones to a leading `+` and digits (at least 6 digits). Numbers
 * are accepted as their decimal string. Returns null for anything else, empty values and
 * values over 200 characters.
 */
export function normalizeIdentifier(type: string, raw: unknown): string | null {
  let s: string;
  if (typeof raw === 'string') s = raw;
  else if (typeof raw === 'number' && Number.isFinite(raw)) s = String(raw);
  else if (typeof raw === 'bigint') s = raw.toString();
  else return null;
  s = s.trim();
  if (s.length === 0 || s.length > MAX_IDENTIFIER_LENGTH) return null;
  if (type === 'email') {
    s = s.toLowerCase();
    const at = s.lastIndexOf('@');
    return at > 0 && at < s.length - 1 ? s : null;
  }
  if (type === 'phone') {
    const digits = s.replace(/\D/g, '');
    if (digits.length < MIN_PHONE_DIGITS) return null;
    return s.startsWith('+') ? `+${digits}` : digits;
  }
  return s;
}

/**
 * Ranking used to pick the profile an event is filed under: lower is stronger. The user id a
 * system assigned beats contact data, contact data beats reference numbers, and a device's
 * anonymous id comes last because devices are shared.
 */
export function identifierRank(type: string): number {
  switch (type) {
    case 'userId':
      return 0;
    case PREVIOUS_ID:
      return 1;
    case 'email':
      return 2;
    case 'phone':
      return 3;
    case 'crm':
      return 4;
    case 'order':
      return 5;
    case 'ticket':
      return 6;
    case 'anonymousId':
      return 10;
    default:
      return 7;
  }
}

/** `weak` for `anonymousId` (a device, possibly shared); `strong` for everything else. */
export function strength(type: string): 'strong' | 'weak' {
  return type === 'anonymousId' ? 'weak' : 'strong';
}

/** The canonical string form, `type:value`. */
export function identifierKey(i: Identifier): string {
  return `${i.type}:${i.value}`;
}

const TYPE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** Normalises and keeps an identifier unless it is invalid, junk or already present. */
function push(out: Identifier[], type: string, raw: unknown): void {
  const value = normalizeIdentifier(type, raw);
  if (value === null || isJunkIdentifier(type, value)) return;
  for (const i of out) if (i.type === type && i.value === value) return;
  out.push({ type, value });
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The event fields identity resolution reads. */
export type IdentifiableEvent = Pick<TuttiEvent, 'type' | 'userId' | 'anonymousId' | 'properties' | 'traits' | 'context'>;

/**
 * The identifiers an event carries, normalised, de-duplicated, without junk, strongest
 * first: userId; (alias) previousId; email (traits, context.traits, properties); phone
 * (traits, context.traits); crm (traits.crm_id / crmId); order (properties.order_id);
 * ticket (properties.ticket_id); each `context.externalIds` entry under its own type; and
 * the anonymousId last.
 *
 * A `group` message's traits describe the group (the company), not the person, so only its
 * context.traits are read. Shipments resolve through their order_id, so there is no shipment
 * identifier.
 */
export function extractIdentifiers(ev: IdentifiableEvent): Identifier[] {
  const out: Identifier[] = [];
  const traits: Record<string, unknown> = ev.type === 'group' ? {} : ev.traits;
  const ctxTraits = obj(ev.context.traits) ?? {};
  const props = ev.properties;

  push(out, 'userId', ev.userId);
  if (ev.type === 'alias') push(out, PREVIOUS_ID, props.previousId);
  push(out, 'email', traits.email);
  push(out, 'email', ctxTraits.email);
  push(out, 'email', props.email);
  push(out, 'phone', traits.phone);
  push(out, 'phone', ctxTraits.phone);
  push(out, 'crm', traits.crm_id ?? traits.crmId);
  push(out, 'order', props.order_id);
  push(out, 'ticket', props.ticket_id);

  const external = ev.context.externalIds;
  if (Array.isArray(external)) {
    for (const x of external) {
      const entry = obj(x);
      if (!entry || typeof entry.type !== 'string') continue;
      const type = entry.type.trim().toLowerCase();
      // userId/anonymousId come from the message itself; a system's "user_id" is its own namespace.
      if (!TYPE_PATTERN.test(type)) continue;
      push(out, type, entry.id);
    }
  }

  push(out, 'anonymousId', ev.anonymousId);
  return out;
}

/** What a customer reference names: a profile id, or an identifier to look up. */
export type CustomerRef = { kind: 'id'; id: string } | { kind: 'identifier'; identifier: Identifier };

const REF_TYPE_ALIASES: Readonly<Record<string, string>> = {
  user: 'userId',
  userid: 'userId',
  anonymousid: 'anonymousId',
  anon: 'anonymousId',
};

const CUSTOMER_ID = /^cus_[0-9A-Za-z]+$/;
const REF_TYPE = /^[a-z_][a-z0-9_]*$/;

/**
 * Parses a customer reference as the API and CLI accept it: a profile id (`cus_…`), or
 * `type:value` split on the first colon (`email:Ann@Example.com`, `userId:u-17`,
 * `order:O-123`, `zendesk_id:991`). Types are case-insensitive; `user`/`userid` mean
 * `userId`, `anon`/`anonymousid` mean `anonymousId`. The value is normalised for its type.
 * Returns null for anything else.
 */
export function parseCustomerRef(ref: string): CustomerRef | null {
  const s = ref.trim();
  if (CUSTOMER_ID.test(s)) return { kind: 'id', id: s };
  const colon = s.indexOf(':');
  if (colon <= 0) return null;
  const rawType = s.slice(0, colon).toLowerCase();
  if (!REF_TYPE.test(rawType)) return null;
  const type = REF_TYPE_ALIASES[rawType] ?? rawType;
  const value = normalizeIdentifier(type, s.slice(colon + 1));
  return value === null ? null : { kind: 'identifier', identifier: { type, value } };
}
