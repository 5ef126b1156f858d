/**
 * The contact counter live decisions read: the contacts departments reported on the
 * customer's timeline (`Email Delivered`, outbound `Contact Made`, kept in the state's
 * recent-contacts list) plus the places committed decisions reserved under the caps.
 *
 * A reported contact that names its decision (`properties.decision_id`) is not counted again:
 * its reservation already stands for it. A reported contact's purpose is read through the
 * policy (`purposeOfContact`: a purpose name, an alias such as `upsell`, else by department),
 * so a policy change re-interprets the history instead of needing it rewritten.
 *
 * One instance is reused for every decision (`use(state)` before each): the hot path allocates
 * nothing.
 */
import type { CustomerState } from '../state/state-types.js';
import { type CompiledPolicy, purposeOfContact } from './compile-policy.js';
import { type ContactCounter, type ContactScope, PURPOSE_BIT, scopeMatches } from './contact-counters.js';

export class LiveContactCounter implements ContactCounter {
  private state: CustomerState | undefined = undefined;

  /** `reservations`: committed decisions' places (an InMemoryContactCounters, or rows read under a lock). */
  constructor(private compiled: CompiledPolicy, private reservations: ContactCounter) {}

  /** Points the counter at the customer being decided and the policy deciding. */
  use(state: CustomerState | undefined, compiled: CompiledPolicy = this.compiled, reservations: ContactCounter = this.reservations): this {
    this.state = state;
    this.compiled = compiled;
    this.reservations = reservations;
    return this;
  }

  countInWindow(customerId: string, scope: ContactScope, from: number, to: number): number {
    let n = this.reservations.countInWindow(customerId, scope, from, to);
    const recent = this.state?.recentContacts;
    if (recent === null || recent === undefined) return n;
    for (let i = recent.at.length - 1; i >= 0; i--) {
      const at = recent.at[i] ?? 0;
      if (at <= from) break;
      const kind = recent.kind[i];
      if (kind === undefined || at > to || kind.viaDecision === true) continue;
      if (scopeMatches(scope, kind.department, kind.channel, PURPOSE_BIT[purposeOfContact(this.compiled, kind.purpose, kind.department)])) n++;
    }
    return n;
  }

  idsInWindow(customerId: string, scope: ContactScope, from: number, to: number): string[] {
    const ids = this.reservations.idsInWindow?.(customerId, scope, from, to) ?? [];
    const recent = this.state?.recentContacts;
    if (recent === null || recent === undefined) return ids;
    for (let i = 0; i < recent.at.length; i++) {
      const at = recent.at[i] ?? 0;
      const kind = recent.kind[i];
      if (kind === undefined || at <= from || at > to || kind.viaDecision === true) continue;
      if (scopeMatches(scope, kind.department, kind.channel, PURPOSE_BIT[purposeOfContact(this.compiled, kind.purpose, kind.department)])) {
        ids.push(`contact:${kind.department}/${kind.channel}@${new Date(at).toISOString()}`);
      }
    }
    return ids;
  }
}

/** Reservation rows read under the customer's lock, as a counter. */
export function reservationCounter(rows: readonly { at: number; department: string; channel: string; purpose: string; id: string }[]): ContactCounter {
  const matching = (scope: ContactScope, from: number, to: number) =>
    rows.filter((r) => r.at > from && r.at <= to && scopeMatches(scope, r.department, r.channel, PURPOSE_BIT[r.purpose as keyof typeof PURPOSE_BIT] ?? 0));
  return {
    countInWindow: (_customerId, scope, from, to) => matching(scope, from, to).length,
    idsInWindow: (_customerId, scope, from, to) => matching(scope, from, to).map((r) => r.id),
  };
}
