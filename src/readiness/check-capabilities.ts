/**
 * Checks a capability document: its shape (the TypeBox schema) and what a schema cannot say
 * (no negative stock, handling times above zero, shares between 0 and 1, references to known
 * nodes, a roster on the interval grid). Every problem names its field, e.g.
 * `logistics.stock[3].onHand must not be negative (got -5)`.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { TuttiError } from '../core/errors.js';
import { isKnownTimeZone } from '../decide/time-zones.js';
import {
  type BillingCapability, CAPABILITY_SCHEMAS, type CapabilityDepartment, type LogisticsCapability, type ServiceCapability,
} from './capability-schema.js';

export interface FieldProblem {
  field: string;
  problem: string;
}

const compiled = {
  logistics: TypeCompiler.Compile(CAPABILITY_SCHEMAS.logistics),
  service: TypeCompiler.Compile(CAPABILITY_SCHEMAS.service),
  billing: TypeCompiler.Compile(CAPABILITY_SCHEMAS.billing),
};

/** Throws `invalid_capability` listing every problem (the message names the first); returns the typed document. */
export function checkCapability<D extends CapabilityDepartment>(department: D, value: unknown): D extends 'logistics' ? LogisticsCapability : D extends 'service' ? ServiceCapability : BillingCapability {
  const problems: FieldProblem[] = [];
  const shape = compiled[department];
  for (const e of shape.Errors(value)) {
    problems.push({ field: `${department}${e.path.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')}`, problem: e.message.toLowerCase() });
    if (problems.length >= 20) break;
  }
  if (problems.length === 0) {
    const add = (field: string, problem: string): void => void problems.push({ field: `${department}.${field}`, problem });
    if (department === 'logistics') checkLogistics(value as LogisticsCapability, add);
    else if (department === 'service') checkService(value as ServiceCapability, add);
    else checkBilling(value as BillingCapability, add);
  }
  if (problems.length > 0) {
    const first = problems[0] as FieldProblem;
    throw new TuttiError('invalid_capability', `${first.field} ${first.problem}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}.`, { errors: problems });
  }
  return value as never;
}

type Add = (field: string, problem: string) => void;

function nonNegative(add: Add, field: string, n: number): void {
  if (!Number.isFinite(n)) add(field, `must be a number (got ${n})`);
  else if (n < 0) add(field, `must not be negative (got ${n})`);
}

function share(add: Add, field: string, n: number, { open = false } = {}): void {
  if (!Number.isFinite(n) || n < 0 || n > 1 || (open && (n === 0 || n === 1))) add(field, `must be a share ${open ? 'strictly between 0 and 1' : 'from 0 to 1'} (got ${n})`);
}

function checkLogistics(c: LogisticsCapability, add: Add): void {
  const nodes = new Set<string>();
  c.nodes.forEach((n, i) => {
    if (nodes.has(n.id)) add(`nodes[${i}].id`, `repeats node ${n.id}`);
    nodes.add(n.id);
    if (!isKnownTimeZone(n.timezone)) add(`nodes[${i}].timezone`, `is not an IANA time zone (got ${n.timezone})`);
    if (n.standardLeadTimeDays < 0) add(`nodes[${i}].standardLeadTimeDays`, `must not be negative (got ${n.standardLeadTimeDays})`);
  });
  const known = (field: string, node: string): void => {
    if (!nodes.has(node)) add(field, `names node ${node}, which is not in nodes`);
  };
  const skus = new Set(c.products.map((p) => p.sku));
  c.products.forEach((p, i) => {
    nonNegative(add, `products[${i}].price`, p.price);
    nonNegative(add, `products[${i}].popularity`, p.popularity);
  });
  c.stock.forEach((s, i) => {
    nonNegative(add, `stock[${i}].onHand`, s.onHand);
    known(`stock[${i}].node`, s.node);
    if (!skus.has(s.sku)) add(`stock[${i}].sku`, `names SKU ${s.sku}, which is not in products`);
  });
  c.receipts.forEach((r, i) => {
    if (r.quantity <= 0 || !Number.isFinite(r.quantity)) add(`receipts[${i}].quantity`, `must be above 0 (got ${r.quantity})`);
    if (Number.isNaN(Date.parse(r.date))) add(`receipts[${i}].date`, `is not a date (got ${r.date})`);
    known(`receipts[${i}].node`, r.node);
  });
  c.capacity.forEach((k, i) => {
    nonNegative(add, `capacity[${i}].orders`, k.orders);
    if (Number.isNaN(Date.parse(k.date))) add(`capacity[${i}].date`, `is not a date (got ${k.date})`);
    known(`capacity[${i}].node`, k.node);
  });
  c.baselineDemand.forEach((d, i) => {
    nonNegative(add, `baselineDemand[${i}].unitsPerDay`, d.unitsPerDay);
    known(`baselineDemand[${i}].node`, d.node);
  });
  for (const [node, orders] of Object.entries(c.baselineOrdersPerDay)) {
    nonNegative(add, `baselineOrdersPerDay.${node}`, orders);
    known(`baselineOrdersPerDay.${node}`, node);
  }
  if (!(c.unitsPerOrder > 0)) add('unitsPerOrder', `must be above 0 (got ${c.unitsPerOrder})`);
}

function checkService(c: ServiceCapability, add: Add): void {
  if (!isKnownTimeZone(c.timezone)) add('timezone', `is not an IANA time zone (got ${c.timezone})`);
  if (c.intervalMinutes <= 0 || 1440 % c.intervalMinutes !== 0) add('intervalMinutes', `must divide a day (15, 30, 60, …; got ${c.intervalMinutes})`);
  c.roster.forEach((r, i) => {
    if (r.day < 0 || r.day > 6) add(`roster[${i}].day`, `must be 0 (Monday) to 6 (Sunday) (got ${r.day})`);
    nonNegative(add, `roster[${i}].agentsOnQueue`, r.agentsOnQueue);
    const minute = Number(r.start.slice(0, 2)) * 60 + Number(r.start.slice(3));
    if (c.intervalMinutes > 0 && minute % c.intervalMinutes !== 0) add(`roster[${i}].start`, `must start an interval of ${c.intervalMinutes} minutes (got ${r.start})`);
  });
  for (const [type, seconds] of Object.entries(c.handlingTimeSeconds)) {
    if (!(seconds > 0) || !Number.isFinite(seconds)) add(`handlingTimeSeconds.${type}`, `must be above 0 seconds (got ${seconds})`);
  }
  let mix = 0;
  for (const [type, s] of Object.entries(c.contactMix)) {
    share(add, `contactMix.${type}`, s);
    mix += s;
    if (c.handlingTimeSeconds[type] === undefined) add(`contactMix.${type}`, `has no handling time in handlingTimeSeconds.${type}`);
  }
  if (Object.keys(c.contactMix).length === 0 || Math.abs(mix - 1) > 0.01) add('contactMix', `must add up to 1 (got ${Math.round(mix * 1000) / 1000})`);
  share(add, 'serviceLevel.target', c.serviceLevel.target, { open: true });
  if (!(c.serviceLevel.seconds > 0)) add('serviceLevel.seconds', `must be above 0 (got ${c.serviceLevel.seconds})`);
  if (c.shrinkage < 0 || c.shrinkage >= 1) add('shrinkage', `must be from 0 up to (not including) 1 (got ${c.shrinkage})`);
  if (!(c.occupancyCap > 0) || c.occupancyCap > 1) add('occupancyCap', `must be above 0 and at most 1 (got ${c.occupancyCap})`);
  nonNegative(add, 'contactsPerOrder', c.contactsPerOrder);
  nonNegative(add, 'contactsPerLateOrder', c.contactsPerLateOrder);
  nonNegative(add, 'baselineContactsPerDay', c.baselineContactsPerDay);
  if (c.patienceSeconds !== undefined && !(c.patienceSeconds > 0)) add('patienceSeconds', `must be above 0 (got ${c.patienceSeconds})`);
  for (const k of ['understaffingCost', 'overstaffingCost'] as const) {
    const v = c[k];
    if (v !== undefined && !(v > 0)) add(k, `must be above 0 (got ${v})`);
  }
}

function checkBilling(c: BillingCapability, add: Add): void {
  nonNegative(add, 'refundWithinDays', c.refundWithinDays);
  nonNegative(add, 'refundsPerDayCapacity', c.refundsPerDayCapacity);
  nonNegative(add, 'disputeResponseDays', c.disputeResponseDays);
}
