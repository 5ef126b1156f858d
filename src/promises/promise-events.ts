/**
 * How logged events read as promise operations (catalogue `Promise *`, DESIGN 3.5). Parsing is
 * defensive like the state reducer's: a value that cannot be read makes the event a no-op.
 */
import type { TuttiEvent } from '../core/event.js';
import { idOf, intern, nonNegative, parseTime, text, type Obj } from '../state/values.js';
import { parseKeptBy } from '../state/kept-by.js';
import type { PromiseInput } from './promise-types.js';

const MINUTE = 60_000;

export const PROMISE_EVENTS: ReadonlySet<string> = new Set(['Promise Made', 'Promise Kept', 'Promise Broken', 'Promise Renegotiated', 'Promise Cancelled']);

/**
 * A `Contact Made` with this purpose and a `promise_id` tells the customer that promise will
 * slip (a proactive notice when before due). The catalogue has no event of its own for it.
 */
export const NOTICE_PURPOSE = 'promise_notice';

/** Whether a track event is a notice about a promise (see NOTICE_PURPOSE). */
export function isNotice(name: string, p: Obj): boolean {
  return name === 'Contact Made' && p['purpose'] === NOTICE_PURPOSE && idOf(p['promise_id']) !== undefined;
}

/**
 * The promise a `Promise Made` event makes, or undefined without an id or a due time. The owner
 * is the department when it names one of `departments`; otherwise (a person, say) the promise
 * belongs to the department of the source that sent it. Origin: the work item when the event
 * names one (`work_item_id`, an agent's promise), else the event itself as `sourceId/messageId`
 * (the log's dedupe key, the same on every replay).
 */
export function promiseFromEvent(ev: TuttiEvent, customerId: string, p: Obj, at: number, departments: ReadonlySet<string>): PromiseInput | undefined {
  const id = idOf(p['promise_id']);
  const dueAt = parseTime(p['due_at']);
  if (id === undefined || dueAt === null) return undefined;
  const source = intern(text(ev.department, 64) ?? 'unknown');
  const ownerText = text(p['owner'], 64);
  const workItem = idOf(p['work_item_id']);
  const owner = ownerText === undefined ? undefined : intern(ownerText);
  const input: PromiseInput = {
    id,
    customerId,
    type: intern(text(p['type'], 64) ?? 'other'),
    department: owner !== undefined && departments.has(owner) ? owner : source,
    owner: owner ?? source,
    origin: workItem === undefined ? { kind: 'event', ref: `${String(ev.sourceId)}/${String(ev.messageId)}` } : { kind: 'work_item', ref: workItem },
    madeAt: at,
    dueAt,
    graceMs: (nonNegative(p['grace_minutes']) ?? 0) * MINUTE,
  };
  const keptBy = parseKeptBy(p['kept_by']);
  if (keptBy !== undefined) input.keptBy = keptBy;
  const campaignId = idOf(p['campaign_id']);
  if (campaignId !== undefined) input.campaignId = campaignId;
  const description = text(p['description'], 500);
  if (description !== undefined) input.description = description;
  return input;
}

/** The new due time of a `Promise Renegotiated`, or null. */
export function newDueAtOf(p: Obj): number | null {
  return parseTime(p['new_due_at']);
}
