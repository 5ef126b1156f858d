/**
 * One front door (DESIGN 3.4), the service layer. A customer writes once, in their own words;
 * the front door reads the problems in it (src/frontdoor/understand.ts), opens one work item
 * per problem, routes each to an internal queue (routing.ts), keeps SLA clocks (sla.ts) and
 * shows the customer one request with one plain status (status.ts) — never an internal name.
 *
 * Every work item is also a ticket on the customer's timeline (a complaint when it is one),
 * written through the ingest pipeline, so every department's contact decisions see it at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Tutti } from './tutti.js';

/** What the front door uses of Tutti. */
export type FrontDoorDeps = Pick<Tutti, 'store' | 'clock' | 'ids' | 'sources' | 'identity' | 'pipeline'>;
import { TuttiError } from '../core/errors.js';
import type { LabelledMessage } from '../demo/messages.js';
import { demoMessageHistory } from '../demo/messages.js';
import { asIntentModel, type IntentModel, trainIntentModel } from '../frontdoor/intent-classifier.js';
import { defaultIntentRules } from '../frontdoor/intent-rules-default.js';
import type { IntentRules } from '../frontdoor/intent-rules.js';
import { trainingExamples } from '../frontdoor/intent-training.js';
import { compileQueues, defaultQueueConfig, parseQueueConfig, slaTargetsFor } from '../frontdoor/queues.js';
import { type Assignment, Router } from '../frontdoor/routing.js';
import { markFired, readSla, type SlaClock, slaEvents, slaFirstResponse, slaStatusChange, startSlaClock } from '../frontdoor/sla.js';
import { customerView, INTERNAL_VOCABULARY, isWorkItemStatus, type WorkItemStatus } from '../frontdoor/status.js';
import type { CustomerRequestView } from '../frontdoor/status-page.js';
import { understandMessage } from '../frontdoor/understand.js';
import { parseCustomerRef } from '../identity/identifiers.js';
import { validateMessages } from '../ingest/validate-batch.js';
import { fromJsonColumn, toJsonColumn } from '../store/json-column.js';
import {
  claimSurvey, findRequest, findRequestByTokenHash, findWorkItem, insertMessage, insertRequest, listRequests, type MessageRow, messagesOf,
  openWorkItems, type RequestRow, RequestWriter, requestsOfCustomer, updateRequest, updateWorkItem, type WorkItemRow, workItemsOf,
} from '../store/request-repo.js';
import { addSource, findSourceByName, type Source } from '../store/sources-repo.js';
import { mayReadFreeText, REDACTED } from '../server/visibility.js';
import { type ContactDetails, requestReceived, slaEventMessage, surveySent, ticketOpened, ticketResolved, ticketUpdated } from './front-door-events.js';

/** The front door's own source of events. */
export const FRONT_DOOR_SOURCE = { name: 'front-door', department: 'service' };
/** A repeat of the same problem within this window joins the open request. */
const DEDUPE_WINDOW_MS = 14 * 86_400_000;
export const MAX_TEXT_CHARS = 20_000;
const TICK_MS = 5_000;

export interface IntakeInput {
  contact: ContactDetails;
  channel: 'form' | 'email' | 'chat';
  subject?: string;
  text: string;
}

export interface IntakeResult {
  id: string;
  /** The unguessable status page path: `/r/<token>`. */
  statusPath: string;
  status: CustomerRequestView['status'];
  /** True when the message joined an open request about the same problem. */
  joined: boolean;
}

interface WorkItemDetails {
  sla: SlaClock;
  references: unknown[];
  source: 'rule' | 'model' | 'triage';
  language?: string;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export class FrontDoor {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  /** Open work items' SLA clocks, warmed from the database (for the tick). */
  private readonly clocks = new Map<string, SlaClock>();
  private readonly rows: RequestWriter;

  private constructor(
    private readonly tutti: FrontDoorDeps,
    private readonly source: Source,
    readonly model: IntentModel,
    readonly rules: IntentRules,
    readonly router: Router,
    readonly vocabulary: readonly string[],
  ) {
    this.rows = new RequestWriter(tutti.store.db);
  }

  static async open(tutti: FrontDoorDeps): Promise<FrontDoor> {
    const db = tutti.store.db;
    const source = (await findSourceByName(db, FRONT_DOOR_SOURCE.name)) ?? (await addSource(db, tutti.ids, { ...FRONT_DOOR_SOURCE, now: tutti.clock.now() }));
    tutti.sources.add(source);
    const model = await loadModel(tutti);
    const queuesRow = await db.selectFrom('company_data').select('data').where('kind', '=', 'frontdoor.queues').executeTakeFirst();
    const parsed = queuesRow === undefined ? null : parseQueueConfig(fromJsonColumn<string>(queuesRow.data, ''));
    const config = parsed?.ok === true ? parsed.config : defaultQueueConfig();
    const router = new Router(compileQueues(config), { presence: 'online' });
    const door = new FrontDoor(tutti, source, model, defaultIntentRules(), router, INTERNAL_VOCABULARY(config));
    for (const item of await openWorkItems(db)) {
      const details = fromJsonColumn<WorkItemDetails>(item.details, {} as WorkItemDetails);
      door.clocks.set(item.id, details.sla);
      if (router.config.queues.has(item.queue)) {
        router.restore({ id: item.id, intent: item.intent, confidence: item.confidence, createdAt: item.created_at }, item.queue, item.assignee, item.updated_at);
      }
    }
    // Restored items that were waiting go to whoever is free now.
    await door.persistAssignments(router.routeWaiting(tutti.clock.now()));
    return door;
  }

  /** Starts the clock: SLA events and routing timeouts every few seconds. */
  start(log: (m: string) => void): void {
    this.timer = setInterval(() => {
      if (this.running !== null) return;
      this.running = this.tick(this.tutti.clock.now())
        .catch((e: unknown) => log(`Front-door tick failed: ${String(e)}`))
        .finally(() => {
          this.running = null;
        });
    }, TICK_MS);
    this.timer.unref();
  }

  /** Stops the clock and waits for a tick in flight. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    await this.running;
  }

  private async ingest(messages: Record<string, unknown>[]): Promise<void> {
    const { items, errors } = validateMessages(messages, this.source, this.tutti.clock.now(), null);
    if (errors.length > 0) throw new Error(`front-door event refused: ${errors.map((e) => e.message).join('; ')}`);
    await this.tutti.pipeline.submit(items);
  }

  private rootOf(contact: ContactDetails): string | undefined {
    const graph = this.tutti.identity();
    for (const ref of [contact.email === undefined ? null : `email:${contact.email}`, contact.phone === undefined ? null : `phone:${contact.phone}`]) {
      if (ref === null) continue;
      const parsed = parseCustomerRef(ref);
      if (parsed?.kind === 'identifier') {
        const root = graph.lookup(parsed.identifier);
        if (root !== undefined) return root;
      }
    }
    return undefined;
  }

  /**
   * A customer's message: read its problems, open and route one work item each (or join the
   * open request about the same problem), put them on the customer's timeline.
   */
  async submit(input: IntakeInput): Promise<IntakeResult> {
    const text = input.text.trim();
    if (text === '') throw new TuttiError('invalid_request', 'text is empty: tell us what happened in a few words.', { field: 'text' });
    if (text.length > MAX_TEXT_CHARS) throw new TuttiError('invalid_request', `text is over ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters.`, { field: 'text' });
    const now = this.tutti.clock.now();
    const understanding = understandMessage({ text, subject: input.subject }, this.model, this.rules);
    const problems = understanding.triage || understanding.problems.length === 0
      ? [{ intent: understanding.problems[0]?.intent ?? 'unclear', confidence: understanding.problems[0]?.confidence ?? 0, clause: text.slice(0, 500), source: 'triage' as const, references: understanding.references as unknown[] }]
      : understanding.problems.map((p) => ({ intent: p.intent, confidence: p.confidence, clause: p.clause, source: p.source, references: p.references as unknown[] }));
    const intents = [...new Set(problems.map((p) => p.intent))];
    const token = randomBytes(24).toString('base64url');

    // The same problem again from the same customer joins the open request.
    const known = this.rootOf(input.contact);
    if (known !== undefined) {
      const open = await this.openRequestCovering(known, intents, now);
      if (open !== null) {
        const dup: RequestRow = { id: this.tutti.ids('req'), token_hash: hashToken(token), customer_id: known, channel: input.channel, subject: input.subject ?? null, intents: toJsonColumn(intents), duplicate_of: open.id, survey_sent_at: null, created_at: now, updated_at: now };
        await insertRequest(this.tutti.store.db, dup, [], []);
        await insertMessage(this.tutti.store.db, { id: this.tutti.ids('msg'), request_id: open.id, work_item_id: null, author: 'customer', visibility: 'customer', text, created_at: now });
        await updateRequest(this.tutti.store.db, open.id, { updated_at: now });
        const items = await workItemsOf(this.tutti.store.db, open.id);
        return { id: dup.id, statusPath: `/r/${token}`, status: customerView({ id: open.id, createdAt: open.created_at }, items.map(viewItem), []).status, joined: true };
      }
    }

    const requestId = this.tutti.ids('req');
    const items: WorkItemRow[] = [];
    const assignments: (Assignment | null)[] = [];
    for (const p of problems) {
      const id = this.tutti.ids('wi');
      const routed = this.router.submit({ id, intent: p.intent, confidence: p.confidence, triage: p.source === 'triage', createdAt: now }, now);
      assignments.push(routed.assignment);
      const sla = startSlaClock(now, slaTargetsFor(this.router.config, routed.queue));
      this.clocks.set(id, sla);
      const details: WorkItemDetails = { sla, references: p.references, source: p.source };
      items.push({
        id, request_id: requestId, intent: p.intent, queue: routed.queue, assignee: routed.assignment?.agentId ?? null, status: routed.assignment === null ? 'new' : 'assigned',
        confidence: p.confidence, clause: p.clause, details: toJsonColumn(details), created_at: now, updated_at: now, first_response_at: null, resolved_at: null,
      });
    }
    await this.ingest([requestReceived(requestId, input.contact, input.channel, intents, now), ...items.map((w) => ticketOpened(w.id, requestId, input.contact, w.intent, w.clause, now))]);
    const customerId = this.rootOf(input.contact) ?? `unresolved:${requestId}`;
    const request: RequestRow = { id: requestId, token_hash: hashToken(token), customer_id: customerId, channel: input.channel, subject: input.subject ?? null, intents: toJsonColumn(intents), duplicate_of: null, survey_sent_at: null, created_at: now, updated_at: now };
    const messages: MessageRow[] = [
      { id: this.tutti.ids('msg'), request_id: requestId, work_item_id: null, author: 'customer', visibility: 'customer', text, created_at: now },
      { id: this.tutti.ids('msg'), request_id: requestId, work_item_id: null, author: 'system', visibility: 'customer', text: 'Thank you for writing to us. We have your message and will reply on this page.', created_at: now + 1 },
    ];
    await this.rows.write(request, items, messages);
    return { id: requestId, statusPath: `/r/${token}`, status: customerView({ id: requestId, createdAt: now }, items.map(viewItem), []).status, joined: false };
  }

  private async openRequestCovering(customerId: string, intents: readonly string[], now: number): Promise<RequestRow | null> {
    const cluster = this.tutti.identity().clusterOf(customerId);
    for (const r of await requestsOfCustomer(this.tutti.store.db, cluster, now - DEDUPE_WINDOW_MS)) {
      if (r.duplicate_of !== null) continue;
      const items = await workItemsOf(this.tutti.store.db, r.id);
      const openIntents = new Set(items.filter((i) => i.status !== 'resolved' && i.status !== 'cancelled').map((i) => i.intent));
      if (openIntents.size > 0 && intents.every((i) => openIntents.has(i))) return r;
    }
    return null;
  }

  /** The request a status-page token opens (a joined repeat shows the request it joined). */
  private async requestByToken(token: string): Promise<RequestRow> {
    const row = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await findRequestByTokenHash(this.tutti.store.db, hashToken(token)) : undefined;
    if (row === undefined) throw new TuttiError('not_found', 'There is no request at this address. Check the link in your confirmation.');
    if (row.duplicate_of === null) return row;
    return (await findRequest(this.tutti.store.db, row.duplicate_of)) ?? row;
  }

  /** What the customer sees: one status and the messages meant for them. */
  async customerStatus(token: string): Promise<CustomerRequestView> {
    const request = await this.requestByToken(token);
    const [items, messages] = await Promise.all([workItemsOf(this.tutti.store.db, request.id), messagesOf(this.tutti.store.db, [request.id])]);
    return customerView({ id: request.id, subject: request.subject, createdAt: request.created_at }, items.map(viewItem), messages.map((m) => ({ author: m.author, visibility: m.visibility, text: m.text, createdAt: m.created_at })));
  }

  /** The customer writes again on their request: waiting items resume, resolved ones reopen. */
  async customerReply(token: string, text: string): Promise<CustomerRequestView> {
    const body = text.trim();
    if (body === '') throw new TuttiError('invalid_request', 'text is empty.', { field: 'text' });
    if (body.length > MAX_TEXT_CHARS) throw new TuttiError('invalid_request', `text is over ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters.`, { field: 'text' });
    const request = await this.requestByToken(token);
    const now = this.tutti.clock.now();
    await insertMessage(this.tutti.store.db, { id: this.tutti.ids('msg'), request_id: request.id, work_item_id: null, author: 'customer', visibility: 'customer', text: body, created_at: now });
    for (const item of await workItemsOf(this.tutti.store.db, request.id)) {
      if (item.status === 'waiting_on_customer' || item.status === 'resolved') await this.changeStatus(item, item.assignee === null ? 'new' : 'in_progress', now);
    }
    await updateRequest(this.tutti.store.db, request.id, { updated_at: now });
    return this.customerStatus(token);
  }

  /** The staff view of a request: work items with queue, assignee, internal status and SLA clocks; every message. */
  async staffView(id: string, role = 'admin') {
    const request = await findRequest(this.tutti.store.db, id);
    if (request === undefined) throw new TuttiError('not_found', `No request has the id ${id}.`);
    if (request.duplicate_of !== null) return { redirectTo: request.duplicate_of };
    const now = this.tutti.clock.now();
    const [items, messages] = await Promise.all([workItemsOf(this.tutti.store.db, id), messagesOf(this.tutti.store.db, [id])]);
    return {
      id: request.id,
      customerId: request.customer_id,
      channel: request.channel,
      subject: request.subject,
      createdAt: new Date(request.created_at).toISOString(),
      updatedAt: new Date(request.updated_at).toISOString(),
      surveySentAt: request.survey_sent_at === null ? null : new Date(request.survey_sent_at).toISOString(),
      customerStatus: customerView({ id, createdAt: request.created_at }, items.map(viewItem), []).status,
      workItems: items.map((w) => {
        const details = fromJsonColumn<WorkItemDetails>(w.details, {} as WorkItemDetails);
        const sla = details.sla === undefined ? null : readSla(details.sla, now);
        return {
          id: w.id, intent: w.intent, queue: w.queue, team: this.router.config.queues.get(w.queue)?.team ?? null, department: this.router.config.queues.get(w.queue)?.department ?? null,
          assignee: w.assignee, status: w.status, confidence: w.confidence, clause: w.clause, source: details.source, references: details.references,
          sla: sla === null ? null : { firstResponse: { ...sla.firstResponse, dueAt: new Date(sla.firstResponse.dueAt).toISOString() }, resolution: { ...sla.resolution, dueAt: new Date(sla.resolution.dueAt).toISOString() } },
          createdAt: new Date(w.created_at).toISOString(), resolvedAt: w.resolved_at === null ? null : new Date(w.resolved_at).toISOString(),
        };
      }),
      // Internal notes stay with the department that owns the work item (and admins).
      messages: messages.map((m) => {
        const owner = m.work_item_id === null ? null : (this.router.config.queues.get(items.find((w) => w.id === m.work_item_id)?.queue ?? '')?.department ?? null);
        const text = m.visibility === 'internal' && owner !== null && !mayReadFreeText(role, owner) ? REDACTED(owner) : m.text;
        return { id: m.id, workItemId: m.work_item_id, author: m.author, visibility: m.visibility, text, at: new Date(m.created_at).toISOString() };
      }),
    };
  }

  async recentRequests(limit: number) {
    const rows = await listRequests(this.tutti.store.db, limit);
    return Promise.all(rows.map(async (r) => ({ id: r.id, customerId: r.customer_id, channel: r.channel, intents: fromJsonColumn<string[]>(r.intents, []), createdAt: new Date(r.created_at).toISOString(), customerStatus: customerView({ id: r.id, createdAt: r.created_at }, (await workItemsOf(this.tutti.store.db, r.id)).map(viewItem), []).status })));
  }

  /**
   * An agent acts on a work item: a new internal status, an assignee, an internal note, a reply
   * the customer sees. Resolving the last open item of a request sends its one survey.
   */
  async act(id: string, action: { status?: string; assignee?: string | null; note?: string; reply?: string; actor: string; role?: string }) {
    const item = await findWorkItem(this.tutti.store.db, id);
    if (item === undefined) throw new TuttiError('not_found', `No work item has the id ${id}.`);
    const owner = this.router.config.queues.get(item.queue)?.department;
    if (action.role !== undefined && action.role !== 'admin' && action.role !== owner) throw new TuttiError('forbidden', `This work item belongs to ${owner ?? 'another department'}; a ${action.role} user may not act on it.`);
    const now = this.tutti.clock.now();
    if (action.status !== undefined && !isWorkItemStatus(action.status)) throw new TuttiError('invalid_request', `status must be one of new, assigned, in_progress, waiting_on_customer, resolved, cancelled (got ${action.status}).`, { field: 'status' });
    if (action.note !== undefined && action.note.trim() !== '') {
      await insertMessage(this.tutti.store.db, { id: this.tutti.ids('msg'), request_id: item.request_id, work_item_id: id, author: 'agent', visibility: 'internal', text: `${action.actor}: ${action.note.trim()}`, created_at: now });
    }
    if (action.reply !== undefined && action.reply.trim() !== '') {
      await insertMessage(this.tutti.store.db, { id: this.tutti.ids('msg'), request_id: item.request_id, work_item_id: id, author: 'agent', visibility: 'customer', text: action.reply.trim(), created_at: now });
      const clock = this.clocks.get(id) ?? fromJsonColumn<WorkItemDetails>(item.details, {} as WorkItemDetails).sla;
      if (clock !== undefined && item.first_response_at === null) {
        const { sla, events } = slaFirstResponse({ id, sla: clock }, now);
        await this.saveClock(item, sla, events);
        await updateWorkItem(this.tutti.store.db, id, { first_response_at: now, updated_at: now });
      }
    }
    if (action.assignee !== undefined && action.assignee !== item.assignee) {
      await updateWorkItem(this.tutti.store.db, id, { assignee: action.assignee, updated_at: now, ...(item.status === 'new' && action.assignee !== null ? { status: 'assigned' } : {}) });
    }
    if (action.status !== undefined && action.status !== item.status) {
      const fresh = (await findWorkItem(this.tutti.store.db, id)) ?? item;
      await this.changeStatus(fresh, action.status as WorkItemStatus, now);
    }
    await updateRequest(this.tutti.store.db, item.request_id, { updated_at: now });
    return this.staffView(item.request_id, action.role);
  }

  private async saveClock(item: WorkItemRow, sla: SlaClock, events: ReturnType<typeof slaEvents>): Promise<void> {
    const details = fromJsonColumn<WorkItemDetails>(item.details, {} as WorkItemDetails);
    const fired = events.length === 0 ? sla : markFired(sla, events);
    details.sla = fired;
    this.clocks.set(item.id, fired);
    await updateWorkItem(this.tutti.store.db, item.id, { details: toJsonColumn(details) });
    if (events.length > 0) await this.ingest(events.map((e) => slaEventMessage(e)));
  }

  private async changeStatus(item: WorkItemRow, status: WorkItemStatus, now: number): Promise<void> {
    const clock = this.clocks.get(item.id) ?? fromJsonColumn<WorkItemDetails>(item.details, {} as WorkItemDetails).sla;
    if (clock !== undefined) {
      const { sla, events } = slaStatusChange({ id: item.id, sla: clock }, status, now);
      await this.saveClock(item, sla, events);
    }
    const closed = status === 'resolved' || status === 'cancelled';
    await updateWorkItem(this.tutti.store.db, item.id, { status, updated_at: now, resolved_at: closed ? now : null });
    if (closed) {
      this.clocks.delete(item.id);
      await this.persistAssignments(this.router.release(item.id, now));
      await this.ingest([ticketResolved(item.id, now)]);
      await this.maybeSendSurvey(item.request_id, item.id, now);
    } else {
      await this.ingest([ticketUpdated(item.id, status, now)]);
    }
  }

  /** One survey per request, once every work item is resolved or cancelled (and at least one resolved). */
  private async maybeSendSurvey(requestId: string, lastItemId: string, now: number): Promise<void> {
    const items = await workItemsOf(this.tutti.store.db, requestId);
    if (!items.every((i) => i.status === 'resolved' || i.status === 'cancelled') || !items.some((i) => i.status === 'resolved')) return;
    if (!(await claimSurvey(this.tutti.store.db, requestId, now))) return;
    await insertMessage(this.tutti.store.db, { id: this.tutti.ids('msg'), request_id: requestId, work_item_id: null, author: 'system', visibility: 'customer', text: 'Your request is resolved. How satisfied are you with how we handled it, from 1 (not at all) to 5 (very)? Reply here with a number and anything you would like to add.', created_at: now + 1 });
    await this.ingest([surveySent(requestId, lastItemId, now)]);
  }

  private async persistAssignments(assignments: readonly Assignment[]): Promise<void> {
    for (const a of assignments) await updateWorkItem(this.tutti.store.db, a.itemId, { assignee: a.agentId, queue: a.queue, status: 'assigned', updated_at: a.at });
  }

  /** An agent comes online, goes away or offline; waiting work flows to whoever can take it. */
  async setPresence(agentId: string, presence: 'online' | 'away' | 'offline') {
    if (this.router.agentState(agentId) === undefined) throw new TuttiError('not_found', `No agent has the id ${agentId}.`);
    const now = this.tutti.clock.now();
    await this.persistAssignments(this.router.setPresence(agentId, presence, now));
    return { agentId, ...this.router.agentState(agentId) };
  }

  /** Queues with what waits in them and who works them. */
  queues() {
    return [...this.router.config.queues.values()].map((q) => ({
      name: q.name, team: q.team, department: q.department, intents: q.intents, strategy: q.strategy,
      waiting: this.router.waiting(q.name).length,
      agents: this.router.config.agents.filter((a) => a.queues.includes(q.name)).map((a) => ({ id: a.id, name: a.name, ...this.router.agentState(a.id) })),
    }));
  }

  /**
   * A broken promise opens a recovery work item, in a queue of the department that owned the
   * promise (triage when it has none). Internal: the customer is not sent a status page.
   */
  async openRecovery(customerId: string, promise: { promiseId: string; type: string; department: string; dueAt: number }): Promise<string> {
    const now = this.tutti.clock.now();
    const requestId = this.tutti.ids('req');
    const id = this.tutti.ids('wi');
    this.router.submit({ id, intent: 'promise_recovery', triage: true, createdAt: now }, now);
    const owner = [...this.router.config.queues.values()].find((q) => q.department === promise.department);
    const routed = owner === undefined ? this.router.itemState(id) : this.router.reroute(id, { queue: owner.name }, now).result;
    const queue = routed === undefined ? this.router.config.triageQueue : 'queue' in routed ? routed.queue : this.router.config.triageQueue;
    const state = this.router.itemState(id);
    const sla = startSlaClock(now, slaTargetsFor(this.router.config, queue));
    this.clocks.set(id, sla);
    const clause = `Recover broken promise ${promise.promiseId} (${promise.type}, due ${new Date(promise.dueAt).toISOString()})`;
    const details: WorkItemDetails = { sla, references: [{ kind: 'promise', id: promise.promiseId }], source: 'rule' };
    await this.rows.write(
      { id: requestId, token_hash: hashToken(randomBytes(24).toString('base64url')), customer_id: customerId, channel: 'internal', subject: clause, intents: toJsonColumn(['promise_recovery']), duplicate_of: null, survey_sent_at: null, created_at: now, updated_at: now },
      [{ id, request_id: requestId, intent: 'promise_recovery', queue, assignee: state?.agentId ?? null, status: state?.agentId ? 'assigned' : 'new', confidence: 1, clause, details: toJsonColumn(details), created_at: now, updated_at: now, first_response_at: null, resolved_at: null }],
      [{ id: this.tutti.ids('msg'), request_id: requestId, work_item_id: id, author: 'system', visibility: 'internal', text: clause, created_at: now }]);
    return requestId;
  }

  /** The clock moved: SLA warnings and breaches, routing timeouts (optional skills, overflow). */
  async tick(now: number): Promise<void> {
    const routed = this.router.tick(now);
    await this.persistAssignments(routed.assignments);
    for (const o of routed.overflowed) await updateWorkItem(this.tutti.store.db, o.itemId, { queue: o.to, updated_at: o.at });
    const messages: Record<string, unknown>[] = [];
    for (const [id, sla] of this.clocks) {
      const events = slaEvents({ id, sla }, now);
      if (events.length === 0) continue;
      const fired = markFired(sla, events);
      this.clocks.set(id, fired);
      const item = await findWorkItem(this.tutti.store.db, id);
      if (item !== undefined) {
        const details = fromJsonColumn<WorkItemDetails>(item.details, {} as WorkItemDetails);
        details.sla = fired;
        await updateWorkItem(this.tutti.store.db, id, { details: toJsonColumn(details) });
      }
      messages.push(...events.map((e) => slaEventMessage(e)));
    }
    if (messages.length > 0) await this.ingest(messages);
  }
}

function viewItem(w: WorkItemRow): { status: WorkItemStatus; updatedAt: number } {
  return { status: isWorkItemStatus(w.status) ? w.status : 'new', updatedAt: w.updated_at };
}

/** The intent model: the one trained and stored, else trained now on the company's labelled history (stored for next time). */
async function loadModel(tutti: FrontDoorDeps): Promise<IntentModel> {
  const db = tutti.store.db;
  const stored = await db.selectFrom('company_data').select('data').where('kind', '=', 'frontdoor.intent-model').executeTakeFirst();
  if (stored !== undefined) {
    try {
      return asIntentModel(JSON.parse(stored.data));
    } catch {
      // A model of an older format: train again below.
    }
  }
  const history = await db.selectFrom('company_data').select('data').where('kind', '=', 'demo.messages').executeTakeFirst();
  const labelled = history === undefined ? demoMessageHistory(42) : fromJsonColumn<LabelledMessage[]>(history.data, []);
  const model = trainIntentModel(trainingExamples(labelled.filter((m) => !m.heldOut)).examples);
  const row = { kind: 'frontdoor.intent-model', data: toJsonColumn(model), updated_at: tutti.clock.now() };
  await db.insertInto('company_data').values(row).onConflict((oc) => oc.column('kind').doUpdateSet({ data: row.data, updated_at: row.updated_at })).execute();
  return model;
}
