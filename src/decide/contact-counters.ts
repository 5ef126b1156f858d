/**
 * Counts of recent contacts, which frequency caps read. The evaluator only reads, through the
 * `ContactCounter` interface; who writes and how atomically is the integrator's choice. The
 * in-memory implementation here gives reserve/release semantics: a reservation counts from the
 * moment it is made, and `release` takes it back (delivery failed), so a committing decision
 * can hold its place under every cap before the message goes out.
 *
 * Every send can be recorded, whatever its purpose: whether a contact counts toward a cap is
 * decided when counting (a cap's scope carries only the purposes that count), so a policy
 * change re-interprets the history instead of needing it rewritten.
 */
import { PURPOSES, type Purpose } from './policy-schema.js';

/** One bit per purpose, for scope masks. */
export const PURPOSE_BIT: Readonly<Record<Purpose, number>> = { transactional: 1, service: 2, sales: 4, marketing: 8 };

/** Which contacts a cap counts. `null` lists mean "any". */
export interface ContactScope {
  /** OR of PURPOSE_BIT for the purposes counted. */
  readonly purposeMask: number;
  readonly channels: readonly string[] | null;
  readonly departments: readonly string[] | null;
}

/** Whether a contact of this department, channel and purpose bit falls in the scope. */
export function scopeMatches(scope: ContactScope, department: string, channel: string, purposeBit: number): boolean {
  return (scope.purposeMask & purposeBit) !== 0
    && (scope.channels === null || scope.channels.includes(channel))
    && (scope.departments === null || scope.departments.includes(department));
}

/** What the evaluator reads: contacts in the window (from, to] — a contact exactly `window` ago has aged out. */
export interface ContactCounter {
  countInWindow(customerId: string, scope: ContactScope, from: number, to: number): number;
  /** Optional: the ids of those contacts, cited as evidence when a cap is full. */
  idsInWindow?(customerId: string, scope: ContactScope, from: number, to: number): string[];
}

/** A contact as recorded: who, how, why. */
export interface ContactRecord {
  department: string;
  channel: string;
  purpose: Purpose;
}

/** One customer's contacts, oldest first, as parallel arrays (no object per contact). */
interface CustomerContacts {
  at: number[];
  bit: number[];
  channel: string[];
  department: string[];
  id: string[];
}

/** A counter that never saw a contact: for simulations and customers nobody has contacted. */
export const NO_CONTACTS: ContactCounter = { countInWindow: () => 0, idsInWindow: () => [] };

/**
 * Contacts held in memory. Single-threaded, so a `decide` followed by `reserve` in the same
 * synchronous step is atomic within one process (see decideAndReserve).
 */
export class InMemoryContactCounters implements ContactCounter {
  private readonly byCustomer = new Map<string, CustomerContacts>();
  private readonly owner = new Map<string, string>();
  private next = 0;

  /** `retainMs`: contacts older than this (relative to the newest write) are forgotten; keep it ≥ the longest cap window. */
  constructor(private readonly retainMs = 90 * 86_400_000) {}

  /** Holds a place under every cap the contact falls in; returns the reservation id for `release`. */
  reserve(customerId: string, contact: ContactRecord, at: number): string {
    return this.record(customerId, contact, at, `rsv_${++this.next}`);
  }

  /** Undoes a reservation (delivery failed). Returns false when it is unknown or already released. */
  release(reservationId: string): boolean {
    const customerId = this.owner.get(reservationId);
    if (customerId === undefined) return false;
    this.owner.delete(reservationId);
    const log = this.byCustomer.get(customerId);
    const i = log === undefined ? -1 : log.id.indexOf(reservationId);
    if (log === undefined || i < 0) return false;
    log.at.splice(i, 1);
    log.bit.splice(i, 1);
    log.channel.splice(i, 1);
    log.department.splice(i, 1);
    log.id.splice(i, 1);
    return true;
  }

  /** Records a contact that happened (e.g. from an `Email Delivered` event); `id` is cited as evidence. */
  record(customerId: string, contact: ContactRecord, at: number, id = `contact_${++this.next}`): string {
    let log = this.byCustomer.get(customerId);
    if (log === undefined) {
      log = { at: [], bit: [], channel: [], department: [], id: [] };
      this.byCustomer.set(customerId, log);
    }
    this.forgetBefore(log, at - this.retainMs);
    // Keep time order so a late-recorded contact lands in its place.
    let i = log.at.length;
    while (i > 0 && (log.at[i - 1] ?? 0) > at) i--;
    log.at.splice(i, 0, at);
    log.bit.splice(i, 0, PURPOSE_BIT[contact.purpose]);
    log.channel.splice(i, 0, contact.channel);
    log.department.splice(i, 0, contact.department);
    log.id.splice(i, 0, id);
    this.owner.set(id, customerId);
    return id;
  }

  countInWindow(customerId: string, scope: ContactScope, from: number, to: number): number {
    const log = this.byCustomer.get(customerId);
    if (log === undefined) return 0;
    let n = 0;
    for (let i = log.at.length - 1; i >= 0; i--) {
      const at = log.at[i] ?? 0;
      if (at <= from) break;
      if (at <= to && scopeMatches(scope, log.department[i] ?? '', log.channel[i] ?? '', log.bit[i] ?? 0)) n++;
    }
    return n;
  }

  idsInWindow(customerId: string, scope: ContactScope, from: number, to: number): string[] {
    const log = this.byCustomer.get(customerId);
    const ids: string[] = [];
    if (log === undefined) return ids;
    for (let i = 0; i < log.at.length; i++) {
      const at = log.at[i] ?? 0;
      if (at > from && at <= to && scopeMatches(scope, log.department[i] ?? '', log.channel[i] ?? '', log.bit[i] ?? 0)) ids.push(log.id[i] ?? '');
    }
    return ids;
  }

  /** Contacts held for a customer (all purposes), for tests and diagnostics. */
  size(customerId: string): number {
    return this.byCustomer.get(customerId)?.at.length ?? 0;
  }

  private forgetBefore(log: CustomerContacts, cutoff: number): void {
    let n = 0;
    while (n < log.at.length && (log.at[n] ?? 0) <= cutoff) this.owner.delete(log.id[n++] ?? '');
    if (n === 0) return;
    log.at.splice(0, n);
    log.bit.splice(0, n);
    log.channel.splice(0, n);
    log.department.splice(0, n);
    log.id.splice(0, n);
  }
}

/** The purpose names in PURPOSE_BIT order, for messages. */
export function purposesOfMask(mask: number): Purpose[] {
  return PURPOSES.filter((p) => (mask & PURPOSE_BIT[p]) !== 0);
}
