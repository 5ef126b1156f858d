/**
 * The wall map (DESIGN 3.6): how often one department acted on customers while another
 * department had something open with them, over a period [from, to).
 *
 * Cell (A, B) counts A's outbound actions — Email Delivered, Contact Made outbound (calls, SMS,
 * letters, visits…) — on a customer at a moment when B held an open item with that customer:
 * service an open ticket or complaint, logistics a late shipment, billing a pending refund or an
 * open dispute (whatever department opened the item holds it; see ledger.ts for when each item
 * opens and closes). An action counts once per holding department, however many of B's items
 * were open; `byKind` counts it once per kind of item. The diagonal (A acting while A itself
 * has something open — a callback on its own ticket) is reported but marked `own` and left out
 * of the collision totals: it is a department doing its work, not a wall.
 *
 * Customers are roots: a profile merged into another counts as that customer, whichever profile
 * the events were filed under.
 *
 * Cost: one pass over the ledger's holds (resolving only the customers who had one in the
 * period) and one over its actions (a typed-array read per action to skip everyone else).
 */
import { STANDARD_DEPARTMENTS } from '../core/departments.js';
import { CustomerRoots, type IdentityView } from './customer-roots.js';
import { type FactColumns, HOLD_KINDS, type HoldKind } from './fact-columns.js';
import type { HoldView, ScorecardLedger } from './ledger.js';

export interface WallMapCell {
  /** The department that acted. */
  actor: string;
  /** The department that had something open with the customer. */
  holder: string;
  /** Actions of `actor` while `holder` had something open. */
  count: number;
  /** Distinct customers behind `count`. */
  customers: number;
  /** The same action counted per kind of open item. */
  byKind: Partial<Record<HoldKind, number>>;
  /** actor = holder: the department's own open work, not a wall. */
  own: boolean;
}

export interface WallMap {
  from: string;
  to: string;
  /** Rows and columns of `matrix`: the standard departments first, then any other in the log. */
  departments: string[];
  /** matrix[a][h]: actions of departments[a] while departments[h] had something open. */
  matrix: number[][];
  /** The non-empty cells, largest first. */
  cells: WallMapCell[];
  totals: {
    /** Outbound actions in the period. */
    actions: number;
    /** Actions while another department had something open. */
    collisions: number;
    /** Customers with at least one such action. */
    customers: number;
  };
}

/** One action behind a cell, with what the holder had open at that moment. */
export interface WallCollision {
  customerId: string;
  action: { seq: number; at: string };
  held: { kind: HoldKind; seq: number; since: string; until: string | null }[];
}

export interface WallMapCellDetail {
  actor: string;
  holder: string;
  from: string;
  to: string;
  count: number;
  customers: number;
  /** The first `limit` collisions in time order. */
  collisions: WallCollision[];
  truncated: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Every hold overlapping [from, to), late shipments still undelivered included. */
function holdsIn(ledger: ScorecardLedger, from: number, to: number): HoldView[] {
  const { ts, num, prof, dept, aux, seq, size } = ledger.holds;
  const out: HoldView[] = [];
  for (let i = 0; i < size; i++) {
    const start = ts[i]!;
    const end = num[i]!;
    if (start < to && end > from) out.push({ prof: prof[i]!, dept: dept[i]!, kind: aux[i]!, start, end, seq: seq[i]! });
  }
  for (const h of ledger.pendingLateShipments(to)) if (h.end > from) out.push(h);
  return out;
}

/**
 * Calls `visit` for every outbound action in [from, to) whose customer had a hold open at that
 * moment, with the holds open then. Returns the number of actions in the period.
 */
function eachCollision(
  ledger: ScorecardLedger,
  identity: IdentityView,
  from: number,
  to: number,
  visit: (segment: FactColumns, row: number, customer: number, open: HoldView[]) => void,
  roots: CustomerRoots = new CustomerRoots(ledger, identity),
): { actions: number; roots: CustomerRoots } {
  // Each customer's holds as a linked list in typed arrays (customer indexes never exceed the profiles known).
  const holds = holdsIn(ledger, from, to);
  const head = new Int32Array(ledger.profileCount + 1).fill(-1);
  const next = new Int32Array(holds.length);
  for (let h = 0; h < holds.length; h++) {
    const c = roots.resolve(holds[h]!.prof);
    next[h] = head[c]!;
    head[c] = h;
  }
  let actions = 0;
  const open: HoldView[] = [];
  for (const segment of ledger.actions.segmentsIn(from, to)) {
    const { ts, prof, size } = segment;
    for (let i = 0; i < size; i++) {
      const t = ts[i]!;
      if (t < from || t >= to) continue;
      actions++;
      const c = roots.peek(prof[i]!);
      if (c < 0 || head[c]! < 0) continue;
      open.length = 0;
      for (let h = head[c]!; h >= 0; h = next[h]!) {
        const x = holds[h]!;
        if (x.start <= t && t < x.end) open.push(x);
      }
      if (open.length > 0) visit(segment, i, c, open);
    }
  }
  return { actions, roots };
}

/** Departments for the rows and columns: the standard five, then the others in the ledger by name. */
function departmentOrder(ledger: ScorecardLedger, used: Set<number>): number[] {
  const order: number[] = [];
  for (const d of STANDARD_DEPARTMENTS) {
    const i = ledger.departments.find(d);
    if (i >= 0) order.push(i);
  }
  const others = [...used].filter((i) => !order.includes(i)).sort((a, b) => ledger.departments.name(a).localeCompare(ledger.departments.name(b)));
  return [...order, ...others];
}

/** The department × department matrix of collisions over [from, to). */
export function wallMap(ledger: ScorecardLedger, identity: IdentityView, from: number, to: number, roots?: CustomerRoots): WallMap {
  const D = 256;
  const K = HOLD_KINDS.length;
  const counts = new Float64Array(D * D);
  const kinds = new Float64Array(D * D * K);
  const customers = new Map<number, Set<number>>();
  const colliding = new Set<number>();
  // Per action, which holders (and holder × kind) were counted already: stamped with an action number.
  const stamp = new Float64Array(D).fill(-1);
  const kindStamp = new Float64Array(D * K).fill(-1);
  const used = new Set<number>();
  let collisions = 0;
  let visited = 0;
  const { actions } = eachCollision(ledger, identity, from, to, (segment, i, c, open) => {
    const row = visited++;
    const actor = segment.dept[i]!;
    let wall = false;
    for (const h of open) {
      const cell = actor * D + h.dept;
      if (kindStamp[h.dept * K + h.kind] !== row) {
        kindStamp[h.dept * K + h.kind] = row;
        kinds[cell * K + h.kind]! += 1;
      }
      if (stamp[h.dept] === row) continue;
      stamp[h.dept] = row;
      counts[cell]! += 1;
      let set = customers.get(cell);
      if (set === undefined) customers.set(cell, (set = new Set()));
      set.add(c);
      used.add(actor).add(h.dept);
      if (h.dept !== actor) wall = true;
    }
    if (wall) {
      collisions++;
      colliding.add(c);
    }
  }, roots);

  const order = departmentOrder(ledger, used);
  const cells: WallMapCell[] = [];
  for (const [cell, set] of customers) {
    const actor = Math.floor(cell / D);
    const holder = cell % D;
    const byKind: Partial<Record<HoldKind, number>> = {};
    for (let k = 0; k < K; k++) {
      const n = kinds[cell * K + k]!;
      if (n > 0) byKind[HOLD_KINDS[k]!] = n;
    }
    cells.push({ actor: ledger.departments.name(actor), holder: ledger.departments.name(holder), count: counts[cell]!, customers: set.size, byKind, own: actor === holder });
  }
  cells.sort((a, b) => b.count - a.count || a.actor.localeCompare(b.actor) || a.holder.localeCompare(b.holder));
  return {
    from: iso(from),
    to: iso(to),
    departments: order.map((i) => ledger.departments.name(i)),
    matrix: order.map((a) => order.map((h) => counts[a * D + h]!)),
    cells,
    totals: { actions, collisions, customers: colliding.size },
  };
}

/** The actions and open items behind one cell: who, which events (log positions), when. */
export function wallMapCell(ledger: ScorecardLedger, identity: IdentityView, actor: string, holder: string, from: number, to: number, limit: number, roots?: CustomerRoots): WallMapCellDetail {
  const a = ledger.departments.find(actor);
  const b = ledger.departments.find(holder);
  const base = { actor, holder, from: iso(from), to: iso(to) };
  if (a < 0 || b < 0) return { ...base, count: 0, customers: 0, collisions: [], truncated: false };
  const found: { at: number; seq: number; customer: number; held: HoldView[] }[] = [];
  const customers = new Set<number>();
  let count = 0;
  const { roots: used } = eachCollision(ledger, identity, from, to, (segment, i, c, open) => {
    if (segment.dept[i] !== a) return;
    const held = open.filter((h) => h.dept === b);
    if (held.length === 0) return;
    count++;
    customers.add(c);
    found.push({ at: segment.ts[i]!, seq: segment.seq[i]!, customer: c, held });
  }, roots);
  found.sort((x, y) => x.at - y.at || x.seq - y.seq);
  const collisions = found.slice(0, Math.max(0, limit)).map(({ at, seq, customer, held }) => ({
    customerId: used.id(customer),
    action: { seq, at: iso(at) },
    held: held.map((h) => ({ kind: HOLD_KINDS[h.kind] ?? 'ticket', seq: h.seq, since: iso(h.start), until: Number.isFinite(h.end) ? iso(h.end) : null })),
  }));
  return { ...base, count, customers: customers.size, collisions, truncated: found.length > collisions.length };
}
