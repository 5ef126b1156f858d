/**
 * Orchestrated change (DESIGN 3.3), the service layer: department capabilities, campaigns,
 * the readiness review, sign-offs and the launch gate, and forecast against actuals after
 * launch. The figures come from the pure engines in src/readiness; this module reads the
 * database and the live states, and records who signed, accepted and launched what.
 */
import { TuttiError } from '../core/errors.js';
import { parseSegment } from '../decide/segment-expression.js';
import { type CampaignSpec, checkCampaign } from '../readiness/campaign-schema.js';
import { type Capabilities, CAPABILITY_DEPARTMENTS, type CapabilityDepartment } from '../readiness/capability-schema.js';
import { checkCapability } from '../readiness/check-capabilities.js';
import { computeReadiness } from '../readiness/readiness-report.js';
import { audienceSection } from '../readiness/report-audience.js';
import type { AudienceSection, Finding, ReadinessReport } from '../readiness/report-types.js';
import { type CampaignRow, findCampaign, insertCampaign, listCampaigns, readCampaignHistory, readCapability, updateCampaign, writeCapability } from '../store/campaign-repo.js';
import { fromJsonColumn, toJsonColumn } from '../store/json-column.js';
import type { CustomerState } from '../state/state-types.js';
import type { Tutti } from './tutti.js';

export interface Signoff {
  department: string;
  decision: 'approve' | 'block';
  by: string;
  note: string;
  at: string;
}

export interface Acceptance {
  /** The finding accepted (a report blocker's id, `signoff.<department>` or `missing-signoff.<department>`). */
  blocker: string;
  name: string;
  reason: string;
  at: string;
}

/** Something standing between a campaign and its launch. */
export interface OpenItem {
  id: string;
  department: string;
  message: string;
}

export interface CampaignView {
  id: string;
  name: string;
  department: string;
  status: string;
  spec: CampaignSpec;
  signoffs: Signoff[];
  acceptances: Acceptance[];
  createdBy: string;
  createdAt: string;
  launchedBy: string | null;
  launchedAt: string | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function view(row: CampaignRow): CampaignView {
  return {
    id: row.id,
    name: row.name,
    department: row.department,
    status: row.status,
    spec: fromJsonColumn(row.spec, {} as CampaignSpec),
    signoffs: fromJsonColumn(row.signoffs, []),
    acceptances: fromJsonColumn(row.acceptances, []),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    launchedBy: row.launched_by,
    launchedAt: row.launched_at === null ? null : iso(row.launched_at),
  };
}

export async function readCapabilities(tutti: Pick<Tutti, 'store'>): Promise<Capabilities> {
  const out: Capabilities = { logistics: null, service: null, billing: null, meta: {} };
  for (const department of CAPABILITY_DEPARTMENTS) {
    const stored = await readCapability(tutti.store.db, department);
    if (stored === undefined) continue;
    (out as unknown as Record<string, unknown>)[department] = stored.document;
    out.meta[department] = { updatedAt: stored.updatedAt, updatedBy: stored.updatedBy };
  }
  return out;
}

/** Replaces a department's capability document after checking it (a bad one leaves the old one). */
export async function setCapability(tutti: Tutti, department: string, document: unknown, actor: string): Promise<void> {
  if (!(CAPABILITY_DEPARTMENTS as string[]).includes(department)) {
    throw new TuttiError('invalid_capability', `There is no capability document for ${department}: use ${CAPABILITY_DEPARTMENTS.join(', ')}.`);
  }
  checkCapability(department as CapabilityDepartment, document);
  await writeCapability(tutti.store.db, department, document, actor, tutti.clock.now());
}

function matchingStates(tutti: Tutti, segmentText: string, now: number): CustomerState[] {
  const parsed = parseSegment(segmentText);
  if (!parsed.ok) throw new TuttiError('invalid_campaign', `campaign.audience.segment: ${parsed.error.message}.`, { errors: [{ field: 'campaign.audience.segment', problem: parsed.error.message }] });
  const out: CustomerState[] = [];
  for (const [, s] of tutti.live.entries()) if (parsed.segment.matches(s, now)) out.push(s);
  return out;
}

/** Declares a campaign (a draft until launch). */
export async function createCampaign(tutti: Tutti, spec: unknown, actor: string): Promise<CampaignView> {
  const now = tutti.clock.now();
  const c = checkCampaign(spec, now);
  const matched = matchingStates(tutti, c.audience.segment, now);
  if (matched.length === 0) {
    throw new TuttiError('invalid_campaign', `campaign.audience.segment matches no customer ("${c.audience.segment}").`, { errors: [{ field: 'campaign.audience.segment', problem: 'matches no customer' }] });
  }
  const caps = await readCapabilities(tutti);
  if (caps.logistics !== null) {
    const skus = new Set(caps.logistics.products.map((p) => p.sku));
    const categories = new Set(caps.logistics.products.map((p) => p.category));
    c.products.skus?.forEach((sku, i) => {
      if (!skus.has(sku)) throw new TuttiError('invalid_campaign', `campaign.products.skus[${i}] names SKU ${sku}, which logistics does not carry.`, { errors: [{ field: `campaign.products.skus[${i}]`, problem: `unknown SKU ${sku}` }] });
    });
    c.products.categories?.forEach((cat, i) => {
      if (!categories.has(cat)) throw new TuttiError('invalid_campaign', `campaign.products.categories[${i}] names category ${cat}, which has no products (${[...categories].join(', ')}).`, { errors: [{ field: `campaign.products.categories[${i}]`, problem: `unknown category ${cat}` }] });
    });
  }
  const row: CampaignRow = {
    id: tutti.ids('cmp'), name: c.name, department: c.department ?? 'marketing', status: 'draft', spec: toJsonColumn(c),
    signoffs: '[]', acceptances: '[]', launch_report: null, created_by: actor, created_at: now, updated_at: now, launched_by: null, launched_at: null,
  };
  await insertCampaign(tutti.store.db, row);
  return view(row);
}

export async function getCampaign(tutti: Tutti, id: string): Promise<CampaignView> {
  const row = await findCampaign(tutti.store.db, id);
  if (row === undefined) throw new TuttiError('campaign_not_found', `No campaign has the id ${id}.`);
  return view(row);
}

export async function campaignList(tutti: Tutti, limit = 100): Promise<CampaignView[]> {
  return (await listCampaigns(tutti.store.db, limit)).map(view);
}

/** The readiness report for a campaign, computed now from the live customer base and the capabilities. */
export async function campaignReport(tutti: Tutti, id: string): Promise<ReadinessReport> {
  const started = performance.now();
  const campaign = await getCampaign(tutti, id);
  const spec = campaign.spec;
  const now = tutti.clock.now();
  const [capabilities, history] = await Promise.all([readCapabilities(tutti), readCampaignHistory(tutti.store.db)]);
  const audience = audienceOf(tutti, spec, now);
  const report = computeReadiness({ campaignId: campaign.id, spec, now, capabilities, audience, history });
  report.computeMs = Math.round((performance.now() - started) * 10) / 10;
  return report;
}

/** Who in the audience the contact policy would reach, and who it would protect. */
function audienceOf(tutti: Tutti, spec: CampaignSpec, now: number): AudienceSection {
  const parsed = parseSegment(spec.audience.segment);
  if (!parsed.ok) throw new TuttiError('invalid_campaign', `campaign.audience.segment: ${parsed.error.message}.`);
  return audienceSection(tutti.decisions.policy().compiled, tutti.live.values(), parsed.segment, spec, now);
}

/** A department signs off, or raises a blocker of its own. */
export async function signOff(tutti: Tutti, id: string, input: { department: string; decision: 'approve' | 'block'; note?: string; by: string }): Promise<CampaignView> {
  const row = await findCampaign(tutti.store.db, id);
  if (row === undefined) throw new TuttiError('campaign_not_found', `No campaign has the id ${id}.`);
  if (row.status === 'launched') throw new TuttiError('campaign_launched', `Campaign ${row.name} launched already; sign-offs are closed.`);
  if (input.decision === 'block' && (input.note ?? '').trim() === '') throw new TuttiError('invalid_request', 'A blocker needs a note saying what is wrong.');
  const signoffs = fromJsonColumn<Signoff[]>(row.signoffs, []).filter((s) => s.department !== input.department);
  signoffs.push({ department: input.department, decision: input.decision, by: input.by, note: input.note ?? '', at: iso(tutti.clock.now()) });
  await updateCampaign(tutti.store.db, id, { signoffs: toJsonColumn(signoffs), updated_at: tutti.clock.now() });
  return getCampaign(tutti, id);
}

/** What still stands between the campaign and launch, given its report and sign-offs. */
export function openItems(report: ReadinessReport, signoffs: readonly Signoff[]): OpenItem[] {
  const items: OpenItem[] = report.blockers.map((b: Finding) => ({ id: b.id, department: b.department, message: b.message }));
  for (const s of signoffs) if (s.decision === 'block') items.push({ id: `signoff.${s.department}`, department: s.department, message: `${s.department} raised a blocker: ${s.note} (${s.by})` });
  for (const d of report.affectedDepartments) {
    if (!signoffs.some((s) => s.department === d)) items.push({ id: `missing-signoff.${d}`, department: d, message: `${d} has not signed off` });
  }
  return items;
}

/**
 * Launches the campaign if nothing is open, or if every open item is accepted explicitly with
 * a name and a reason (the acceptances are recorded with the campaign). Otherwise
 * `launch_blocked` (409) lists what is open.
 */
export async function launchCampaign(tutti: Tutti, id: string, input: { acceptances?: { blocker: string; name: string; reason: string }[]; by: string }): Promise<{ campaign: CampaignView; report: ReadinessReport; accepted: Acceptance[] }> {
  const row = await findCampaign(tutti.store.db, id);
  if (row === undefined) throw new TuttiError('campaign_not_found', `No campaign has the id ${id}.`);
  if (row.status === 'launched') throw new TuttiError('campaign_launched', `Campaign ${row.name} launched already.`);
  const report = await campaignReport(tutti, id);
  const signoffs = fromJsonColumn<Signoff[]>(row.signoffs, []);
  const now = tutti.clock.now();
  const given = (input.acceptances ?? []).filter((a) => a.name.trim() !== '' && a.reason.trim() !== '');
  const items = openItems(report, signoffs);
  const unaccepted = items.filter((item) => !given.some((a) => a.blocker === item.id));
  if (unaccepted.length > 0) {
    throw new TuttiError('launch_blocked', `Campaign ${row.name} has ${unaccepted.length} open item${unaccepted.length === 1 ? '' : 's'}: ${unaccepted.slice(0, 3).map((u) => u.message).join('; ')}${unaccepted.length > 3 ? '; …' : ''}. Resolve them, or accept each with a name and a reason.`, { open: unaccepted });
  }
  const accepted: Acceptance[] = given.filter((a) => items.some((i) => i.id === a.blocker)).map((a) => ({ blocker: a.blocker, name: a.name, reason: a.reason, at: iso(now) }));
  const acceptances = fromJsonColumn<Acceptance[]>(row.acceptances, []).concat(accepted);
  await updateCampaign(tutti.store.db, id, {
    status: 'launched', acceptances: toJsonColumn(acceptances), launch_report: toJsonColumn(report), launched_by: input.by, launched_at: now, updated_at: now,
  });
  return { campaign: await getCampaign(tutti, id), report, accepted };
}

/** One day of forecast against actuals for one department. */
export interface TrackingDay {
  date: string;
  forecastP50: number | null;
  forecastP90: number | null;
  actual: number;
}

/**
 * After launch: the launch-time forecast per day against what happened — marketing's orders
 * attributed to the campaign (`properties.campaign_id` or `context.campaign.name`), service's
 * tickets opened, logistics' late shipments (`Shipment Delayed`).
 */
export async function campaignTracking(tutti: Tutti, id: string): Promise<{ campaignId: string; status: string; launchedAt: string | null; departments: Record<string, { measure: string; days: TrackingDay[] }> }> {
  const row = await findCampaign(tutti.store.db, id);
  if (row === undefined) throw new TuttiError('campaign_not_found', `No campaign has the id ${id}.`);
  if (row.launch_report === null || row.launched_at === null) {
    throw new TuttiError('invalid_request', `Campaign ${row.name} has not launched; its forecast is in GET /v1/campaigns/${id}/report.`);
  }
  const report = fromJsonColumn<ReadinessReport>(row.launch_report, {} as ReadinessReport);
  const dates = report.demand.daily.map((d) => d.date);
  const from = Date.parse(`${dates[0] ?? ''}T00:00:00Z`);
  const to = from + dates.length * 86_400_000;
  const rows = await tutti.store.db.selectFrom('events').select(['event', 'ts', 'payload'])
    .where('ts', '>=', from).where('ts', '<', to).where('event', 'in', ['Order Completed', 'Ticket Opened', 'Shipment Delayed']).execute();
  const counts = { orders: new Map<string, number>(), tickets: new Map<string, number>(), late: new Map<string, number>() };
  const bump = (m: Map<string, number>, date: string): void => void m.set(date, (m.get(date) ?? 0) + 1);
  for (const r of rows) {
    const date = new Date(r.ts).toISOString().slice(0, 10);
    if (r.event === 'Ticket Opened') bump(counts.tickets, date);
    else if (r.event === 'Shipment Delayed') bump(counts.late, date);
    else {
      const payload = fromJsonColumn<{ properties?: Record<string, unknown>; context?: { campaign?: { name?: unknown } } }>(r.payload, {});
      if (payload.properties?.['campaign_id'] === id || payload.context?.campaign?.name === row.name) bump(counts.orders, date);
    }
  }
  const service = new Map((report.service?.daily ?? []).map((d) => [d.date, d]));
  const late = report.logistics?.lateOrdersDailyP50 ?? [];
  return {
    campaignId: id,
    status: row.status,
    launchedAt: iso(row.launched_at),
    departments: {
      [row.department]: { measure: 'orders from the campaign', days: report.demand.daily.map((d) => ({ date: d.date, forecastP50: d.p50, forecastP90: d.p90, actual: counts.orders.get(d.date) ?? 0 })) },
      service: { measure: 'contacts (tickets opened, all causes)', days: dates.map((date) => ({ date, forecastP50: service.get(date)?.contactsP50 ?? null, forecastP90: service.get(date)?.contactsP90 ?? null, actual: counts.tickets.get(date) ?? 0 })) },
      logistics: { measure: 'late orders (Shipment Delayed)', days: dates.map((date, i) => ({ date, forecastP50: late[i] ?? null, forecastP90: null, actual: counts.late.get(date) ?? 0 })) },
    },
  };
}
