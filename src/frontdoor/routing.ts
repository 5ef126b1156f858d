/**
 * Routing work items to agents (DESIGN 3.4, REFERENCE G). Pure and in memory: time comes in as
 * an argument, nothing is read or written elsewhere; the caller stores what the answers say
 * (a work item's queue and assignee).
 *
 * Eligibility, in order: the item's queue (by intent; unknown or low-confidence intents go to
 * triage) → the queue's required skills and the item's own → the queue's optional skills, until
 * the item has waited `relaxOptionalAfter` in the queue → the item's language and region → the
 * agent is online → the agent has spare capacity. Selection among the eligible: round-robin
 * (the next eligible agent after the last one this queue assigned, in agent-id order) or
 * least-loaded (lowest load ÷ capacity, then lowest load, then agent id).
 *
 * Invariant (checked by the property tests): after every call, no waiting item has an eligible
 * agent with spare capacity. Hence when capacity frees on one agent (a release, the agent coming
 * online, a raised capacity) only that agent can take waiting work, and it takes the oldest
 * waiting item it is eligible for (created first, then id) across its queues, until it is full.
 * When time passes (`tick`), items whose optional skills relax or that overflow are routed again,
 * oldest first.
 *
 * Rules worth knowing:
 * - A requirement nothing in the configuration can meet (a language no agent writes, a region no
 *   agent serves, a skill nobody has) is dropped and reported in `ignored`: it could only make
 *   the item wait for ever.
 * - Overflow moves the item: after `overflowAfter` unassigned in a queue it belongs to the
 *   overflow queue, whose own timers start at that moment (the deadline, not the tick that
 *   noticed it, so results do not depend on how often `tick` runs).
 * - Going away or offline keeps the agent's items; they only stop receiving new ones.
 */
import { type CompiledQueue, type CompiledQueues, compileQueues, type QueueConfig, queueForIntent } from './queues.js';
import { covers, TermIndex, union } from './routing-masks.js';

export type Presence = 'online' | 'away' | 'offline';

/** A work item as routing needs it. */
export interface RoutableItem {
  id: string;
  intent: string;
  /** The classifier's confidence in the intent, 0–1; below the configured minimum → triage. */
  confidence?: number;
  /** Send to the triage queue whatever the intent (the message as a whole was unclear). */
  triage?: boolean;
  /** The customer's language (`fr`, `fr-CA`: the primary subtag is used). */
  language?: string;
  /** The customer's region (`eu`, `americas`, `asia`, …). */
  region?: string;
  requiredSkills?: readonly string[];
  createdAt: number;
}

export interface Assignment {
  itemId: string;
  agentId: string;
  queue: string;
  at: number;
}

export interface SubmitResult {
  itemId: string;
  queue: string;
  /** null: the item waits in `queue`. */
  assignment: Assignment | null;
  /** Requirements dropped because nothing configured can meet them, like `language:it`. */
  ignored: string[];
}

export interface Overflow {
  itemId: string;
  from: string;
  to: string;
  /** The deadline that moved it (enteredQueueAt + overflowAfter). */
  at: number;
}

export interface TickResult {
  assignments: Assignment[];
  /** Items that moved queue; the caller updates their stored queue. */
  overflowed: Overflow[];
}

/** Where an item stands. */
export interface ItemRouting {
  queue: string;
  agentId: string | null;
  /** When the item entered its current queue; null once assigned. */
  waitingSince: number | null;
  optionalSkillsRelaxed: boolean;
}

export interface AgentRouting {
  presence: Presence;
  load: number;
  capacity: number;
  queues: readonly string[];
}

export interface RouterOptions {
  /** Every agent's presence at the start (default offline: nobody has signed in yet). */
  presence?: Presence;
}

interface AgentState {
  id: string;
  presence: Presence;
  load: number;
  capacity: number;
  mask: Int32Array;
  memberships: { queue: QueueState; index: number }[];
}

interface QueueState {
  spec: CompiledQueue;
  members: AgentState[];
  /** Index in `members` of the agent this queue assigned last (round-robin), -1 before any. */
  last: number;
  /** Members online with spare capacity: at 0 a scan is skipped (a busy queue costs nothing to route to). */
  open: number;
  /** Required skills, and required plus optional skills. */
  relaxedMask: Int32Array;
  strictMask: Int32Array;
  /** Oldest first: createdAt, then id. */
  waiting: Waiting[];
  overflowTo: QueueState | null;
}

interface Waiting {
  item: RoutableItem;
  /** What the item itself needs (its skills, language, region). */
  itemMask: Int32Array;
  queue: QueueState;
  enteredAt: number;
  relaxed: boolean;
  need: Int32Array;
}

interface Held {
  item: RoutableItem;
  queue: QueueState;
  agent: AgentState;
}

const older = (a: RoutableItem, b: RoutableItem): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Routes work items to agents; see the module comment for the rules. */
export class Router {
  readonly config: CompiledQueues;
  private readonly terms = new TermIndex();
  private readonly queues = new Map<string, QueueState>();
  private readonly agents = new Map<string, AgentState>();
  private readonly waitingItems = new Map<string, Waiting>();
  private readonly held = new Map<string, Held>();

  constructor(config: QueueConfig | CompiledQueues, options: RouterOptions = {}) {
    this.config = 'intentQueue' in config ? config : compileQueues(config);
    const { terms } = this;
    for (const a of this.config.agents) {
      for (const s of a.skills) terms.add('skill', s);
      for (const l of a.languages) terms.add('language', l);
      for (const r of a.regions) terms.add('region', r);
    }
    for (const q of this.config.queues.values()) for (const s of [...q.requiredSkills, ...q.optionalSkills]) terms.add('skill', s);
    terms.freeze();

    for (const spec of this.config.queues.values()) {
      const relaxedMask = terms.mask('skill', spec.requiredSkills).mask;
      const strictMask = terms.mask('skill', spec.optionalSkills, relaxedMask.slice()).mask;
      this.queues.set(spec.name, { spec, members: [], last: -1, open: 0, relaxedMask, strictMask, waiting: [], overflowTo: null });
    }
    for (const q of this.queues.values()) q.overflowTo = q.spec.overflowTo === null ? null : this.queue(q.spec.overflowTo);

    const specs = [...this.config.agents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const a of specs) {
      const mask = terms.mask('skill', a.skills).mask;
      terms.mask('language', a.languages, mask);
      terms.mask('region', a.regions, mask);
      const agent: AgentState = { id: a.id, presence: 'offline', load: 0, capacity: a.capacity, mask, memberships: [] };
      this.agents.set(a.id, agent);
      for (const name of a.queues) {
        const queue = this.queue(name);
        agent.memberships.push({ queue, index: queue.members.length });
        queue.members.push(agent);
      }
      this.update(agent, () => {
        agent.presence = options.presence ?? 'offline';
      });
    }
  }

  /**
   * Routes a new work item: to its queue and, when an eligible agent has spare capacity, to
   * that agent. Throws when an item with this id is already routed.
   */
  submit(item: RoutableItem, now: number): SubmitResult {
    return this.enter(item, queueForIntent(this.config, item), now);
  }

  /**
   * The item is done with (resolved, cancelled, withdrawn): it leaves its agent or its queue.
   * Returns the assignments the freed capacity made. Unknown ids are ignored (idempotent).
   */
  release(itemId: string, now: number): Assignment[] {
    const waiting = this.waitingItems.get(itemId);
    if (waiting !== undefined) {
      this.unwait(waiting);
      return [];
    }
    const held = this.held.get(itemId);
    if (held === undefined) return [];
    this.held.delete(itemId);
    this.update(held.agent, () => {
      held.agent.load -= 1;
    });
    return this.fill(held.agent, now);
  }

  /** An agent's presence changed; coming online takes waiting work. */
  setPresence(agentId: string, presence: Presence, now: number): Assignment[] {
    const agent = this.agent(agentId);
    this.update(agent, () => {
      agent.presence = presence;
    });
    return this.fill(agent, now);
  }

  /** An agent's capacity changed (a lead lowers it for training, raises it at peak). */
  setCapacity(agentId: string, capacity: number, now: number): Assignment[] {
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`capacity must be a whole number ≥ 0; got ${capacity}`);
    const agent = this.agent(agentId);
    this.update(agent, () => {
      agent.capacity = capacity;
    });
    return this.fill(agent, now);
  }

  /**
   * Time passed: relaxes optional skills and moves overflowing items whose deadlines are at or
   * before `now`, then routes those items again, oldest first.
   */
  tick(now: number): TickResult {
    const changed: Waiting[] = [];
    const overflowed: Overflow[] = [];
    for (const w of this.waitingItems.values()) {
      let moved = false;
      // Bounded by the number of queues: the configuration has no overflow cycles.
      for (let hops = 0; hops < this.queues.size; hops++) {
        const { overflowTo, spec } = w.queue;
        if (overflowTo === null || spec.overflowAfterMs === null || now < w.enteredAt + spec.overflowAfterMs) break;
        const at = w.enteredAt + spec.overflowAfterMs;
        overflowed.push({ itemId: w.item.id, from: spec.name, to: overflowTo.spec.name, at });
        this.removeFromQueue(w);
        w.queue = overflowTo;
        w.enteredAt = at;
        w.relaxed = false;
        insertSorted(overflowTo.waiting, w);
        moved = true;
      }
      const relax = w.queue.spec.relaxOptionalAfterMs;
      const relaxed = w.relaxed || relax === null || now >= w.enteredAt + relax;
      if (moved || relaxed !== w.relaxed) {
        w.relaxed = relaxed;
        w.need = union(w.itemMask, relaxed ? w.queue.relaxedMask : w.queue.strictMask);
        changed.push(w);
      }
    }
    changed.sort((a, b) => older(a.item, b.item));
    const assignments: Assignment[] = [];
    for (const w of changed) {
      const agent = this.pick(w.queue, w.need);
      if (agent !== null) assignments.push(this.assign(w, agent, now));
    }
    return { assignments, overflowed };
  }

  /**
   * Sends an item elsewhere — triage found the real intent, or an agent hands it back: it
   * leaves its agent or queue and is routed again (to `queue` when given). `freed` are the
   * assignments the capacity it left made.
   */
  reroute(itemId: string, change: { intent?: string; confidence?: number; queue?: string }, now: number): { result: SubmitResult; freed: Assignment[] } {
    const current = this.waitingItems.get(itemId)?.item ?? this.held.get(itemId)?.item;
    if (current === undefined) throw new Error(`work item ${itemId} is not routed`);
    const item: RoutableItem = { ...current, intent: change.intent ?? current.intent };
    if (change.confidence !== undefined) item.confidence = change.confidence;
    else if (change.intent !== undefined) delete item.confidence; // a person chose it
    if (change.intent !== undefined || change.queue !== undefined) delete item.triage;
    if (change.queue !== undefined) this.queue(change.queue);
    const freed = this.release(itemId, now);
    const target = change.queue ?? queueForIntent(this.config, item);
    return { result: this.enter(item, target, now), freed };
  }

  /**
   * Puts back an item as it was stored (after a restart): held by `agentId` (even beyond its
   * capacity) or waiting in `queue` since `enteredQueueAt`. Routes nothing: call `routeWaiting`
   * once everything is restored.
   */
  restore(item: RoutableItem, queueName: string, agentId: string | null, enteredQueueAt: number): void {
    this.assertNew(item.id);
    const queue = this.queue(queueName);
    if (agentId !== null) {
      const agent = this.agent(agentId);
      this.update(agent, () => {
        agent.load += 1;
      });
      this.held.set(item.id, { item, queue, agent });
      return;
    }
    const { itemMask } = this.itemNeeds(item);
    const relaxed = queue.spec.relaxOptionalAfterMs === null;
    const w: Waiting = { item, itemMask, queue, enteredAt: enteredQueueAt, relaxed, need: union(itemMask, relaxed ? queue.relaxedMask : queue.strictMask) };
    this.waitingItems.set(item.id, w);
    insertSorted(queue.waiting, w);
  }

  /** Routes every waiting item again, oldest first (after `restore`; otherwise never needed). */
  routeWaiting(now: number): Assignment[] {
    const { assignments } = this.tick(now);
    for (const w of [...this.waitingItems.values()].sort((a, b) => older(a.item, b.item))) {
      const agent = this.pick(w.queue, w.need);
      if (agent !== null) assignments.push(this.assign(w, agent, now));
    }
    return assignments;
  }

  /** Where an item stands, or undefined when it is not routed (never, or released). */
  itemState(itemId: string): ItemRouting | undefined {
    const w = this.waitingItems.get(itemId);
    if (w !== undefined) return { queue: w.queue.spec.name, agentId: null, waitingSince: w.enteredAt, optionalSkillsRelaxed: w.relaxed };
    const h = this.held.get(itemId);
    return h === undefined ? undefined : { queue: h.queue.spec.name, agentId: h.agent.id, waitingSince: null, optionalSkillsRelaxed: false };
  }

  agentState(agentId: string): AgentRouting | undefined {
    const a = this.agents.get(agentId);
    return a === undefined ? undefined : { presence: a.presence, load: a.load, capacity: a.capacity, queues: a.memberships.map((m) => m.queue.spec.name) };
  }

  /** Ids of the items waiting in a queue, oldest first (all queues when none is named). */
  waiting(queue?: string): string[] {
    if (queue !== undefined) return this.queue(queue).waiting.map((w) => w.item.id);
    return [...this.waitingItems.values()].sort((a, b) => older(a.item, b.item)).map((w) => w.item.id);
  }

  /** Ids of the items an agent holds. */
  heldBy(agentId: string): string[] {
    const out: string[] = [];
    for (const [id, h] of this.held) if (h.agent.id === agentId) out.push(id);
    return out.sort();
  }

  private enter(item: RoutableItem, queueName: string, now: number): SubmitResult {
    this.assertNew(item.id);
    const queue = this.queue(queueName);
    const { itemMask, ignored } = this.itemNeeds(item);
    const relaxed = queue.spec.relaxOptionalAfterMs === null;
    const w: Waiting = { item, itemMask, queue, enteredAt: now, relaxed, need: union(itemMask, relaxed ? queue.relaxedMask : queue.strictMask) };
    const agent = this.pick(queue, w.need);
    if (agent !== null) return { itemId: item.id, queue: queueName, assignment: this.assign(w, agent, now), ignored };
    this.waitingItems.set(item.id, w);
    insertSorted(queue.waiting, w);
    return { itemId: item.id, queue: queueName, assignment: null, ignored };
  }

  private itemNeeds(item: RoutableItem): { itemMask: Int32Array; ignored: string[] } {
    const ignored: string[] = [];
    const { mask: itemMask, unknown } = this.terms.mask('skill', item.requiredSkills ?? []);
    for (const s of unknown) ignored.push(`skill:${s}`);
    if (item.language !== undefined && item.language !== '') {
      const language = item.language.toLowerCase().split(/[-_]/)[0] ?? '';
      if (this.terms.mask('language', [language], itemMask).unknown.length > 0) ignored.push(`language:${language}`);
    }
    if (item.region !== undefined && item.region !== '') {
      const region = item.region.toLowerCase();
      if (this.terms.mask('region', [region], itemMask).unknown.length > 0) ignored.push(`region:${region}`);
    }
    return { itemMask, ignored };
  }

  /** The eligible agent the queue's strategy selects, or null. */
  private pick(queue: QueueState, need: Int32Array): AgentState | null {
    if (queue.open === 0) return null;
    const members = queue.members;
    const n = members.length;
    if (queue.spec.strategy === 'round-robin') {
      for (let k = 1; k <= n; k++) {
        const a = members[(queue.last + k) % n]!;
        if (isOpen(a) && covers(a.mask, need)) return a;
      }
      return null;
    }
    let best: AgentState | null = null;
    for (let i = 0; i < n; i++) {
      const a = members[i]!;
      if (!isOpen(a) || !covers(a.mask, need)) continue;
      // load/capacity compared by cross-multiplying: exact, no floating point ties.
      if (best === null) best = a;
      else {
        const d = a.load * best.capacity - best.load * a.capacity;
        if (d < 0 || (d === 0 && a.load < best.load)) best = a;
      }
    }
    return best;
  }

  /** Gives a freed agent the oldest waiting work it is eligible for, until it is full. */
  private fill(agent: AgentState, now: number): Assignment[] {
    const out: Assignment[] = [];
    while (isOpen(agent)) {
      let best: Waiting | null = null;
      for (const { queue } of agent.memberships) {
        for (const w of queue.waiting) {
          if (best !== null && older(w.item, best.item) >= 0) break;
          if (covers(agent.mask, w.need)) {
            best = w;
            break;
          }
        }
      }
      if (best === null) break;
      out.push(this.assign(best, agent, now));
    }
    return out;
  }

  /** Moves a waiting item (in its queue's list or not yet) to the agent. */
  private assign(w: Waiting, agent: AgentState, now: number): Assignment {
    const queue = w.queue;
    this.removeFromQueue(w);
    this.waitingItems.delete(w.item.id);
    this.update(agent, () => {
      agent.load += 1;
    });
    const membership = agent.memberships.find((m) => m.queue === queue);
    if (membership !== undefined) queue.last = membership.index;
    this.held.set(w.item.id, { item: w.item, queue, agent });
    return { itemId: w.item.id, agentId: agent.id, queue: queue.spec.name, at: now };
  }

  /** Changes an agent, keeping its queues' `open` counts true. */
  private update(agent: AgentState, change: () => void): void {
    const before = isOpen(agent);
    change();
    const after = isOpen(agent);
    if (before !== after) for (const { queue } of agent.memberships) queue.open += after ? 1 : -1;
  }

  private unwait(w: Waiting): void {
    this.removeFromQueue(w);
    this.waitingItems.delete(w.item.id);
  }

  private removeFromQueue(w: Waiting): void {
    const list = w.queue.waiting;
    const i = lowerBound(list, w.item);
    if (list[i] === w) list.splice(i, 1);
  }

  private assertNew(itemId: string): void {
    if (this.waitingItems.has(itemId) || this.held.has(itemId)) throw new Error(`work item ${itemId} is already routed`);
  }

  private queue(name: string): QueueState {
    const q = this.queues.get(name);
    if (q === undefined) throw new Error(`there is no queue named ${name}`);
    return q;
  }

  private agent(id: string): AgentState {
    const a = this.agents.get(id);
    if (a === undefined) throw new Error(`there is no agent ${id}`);
    return a;
  }
}

function isOpen(agent: AgentState): boolean {
  return agent.presence === 'online' && agent.load < agent.capacity;
}

/** First index whose item is not older than `item`. */
function lowerBound(list: readonly Waiting[], item: RoutableItem): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (older(list[mid]!.item, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(list: Waiting[], w: Waiting): void {
  list.splice(lowerBound(list, w.item), 0, w);
}
