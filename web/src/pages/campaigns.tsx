/**
 * Campaigns: the list, a form to declare one, and each campaign's launch-readiness review —
 * blockers owned by departments, charts of what the campaign does to stock, the contact
 * centre and the audience, the promises checked, sign-offs, and the launch gate (refused while
 * anything is open unless each item is accepted with a name and a reason).
 */
import { type FormEvent, useMemo, useState } from 'react';
import { api, ApiError, useApi } from '../api';
import { ChartFigure } from '../components/chart';
import { DataTable } from '../components/data-table';
import { DeptBadge } from '../components/department';
import { ApiView, EmptyState, ErrorBox, Loading } from '../components/states';
import { departmentColour, KNOWN_DEPARTMENTS } from '../departments';
import { codeLabel, num, pct, when } from '../format';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { stockSeries } from '../stock';

interface Signoff {
  department: string;
  decision: 'approve' | 'block';
  by: string;
  note: string;
  at: string;
}
interface Campaign {
  id: string;
  name: string;
  department: string;
  status: string;
  spec: { channel?: string; audience?: { segment: string }; schedule?: { at: string; share: number }[]; promises?: { type: string; text?: string }[] };
  signoffs: Signoff[];
  acceptances: { blocker: string; name: string; reason: string; at: string }[];
  createdBy: string;
  createdAt: string;
  launchedBy: string | null;
  launchedAt: string | null;
}

const DAY = 86_400_000;

function template(): string {
  const at = new Date(Math.floor(Date.now() / DAY) * DAY + DAY + 7 * 3_600_000).toISOString();
  return JSON.stringify(
    {
      name: 'Spring coffee offer',
      channel: 'email',
      audience: { segment: 'orders >= 1 and not detractor' },
      schedule: [{ at, share: 1 }],
      products: { categories: ['coffee'] },
      promises: [{ type: 'delivery', withinDays: 3, text: 'Delivered within 3 days' }],
    },
    null,
    2,
  );
}

export function CampaignsPage() {
  const list = useApi<{ campaigns: Campaign[] }>('/v1/campaigns');
  return (
    <>
      <section aria-labelledby="list-title" className="panel">
        <h2 id="list-title">Campaigns, newest first</h2>
        <ApiView result={list} what="campaigns" api="GET /v1/campaigns">
          {(d) =>
            d.campaigns.length === 0 ? (
              <EmptyState title="No campaign declared yet.">
                <p>Declare one below: Tutti rehearses it with every department before it goes out.</p>
              </EmptyState>
            ) : (
              <DataTable
                caption="Campaigns"
                testId="campaign-list"
                rows={d.campaigns}
                columns={[
                  { key: 'name', label: 'Campaign', render: (c) => <Link to={`/campaigns/${c.id}`}>{c.name}</Link> },
                  { key: 'status', label: 'Status', render: (c) => <span className={`status ${c.status}`}>{c.status}</span> },
                  { key: 'department', label: 'Department', render: (c) => <DeptBadge department={c.department} /> },
                  { key: 'signoffs', label: 'Sign-offs', render: (c) => (c.signoffs.length === 0 ? 'none yet' : c.signoffs.map((s) => `${s.department} ${s.decision === 'approve' ? 'approved' : 'blocked'}`).join(', ')) },
                  { key: 'createdAt', label: 'Declared', render: (c) => `${when(c.createdAt)} by ${c.createdBy}` },
                ]}
              />
            )
          }
        </ApiView>
      </section>
      <DeclareCampaign />
    </>
  );
}

function DeclareCampaign() {
  const [text, setText] = useState(template);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setError(`That is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    setBusy(true);
    try {
      const created = await api<{ id: string }>('/v1/campaigns', { body });
      navigate(`/campaigns/${created.id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="declare-title" className="panel">
      <h2 id="declare-title">Declare a campaign</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="campaign-spec">Campaign (JSON: audience, schedule, products, promises — see docs/readiness.md)</label>
        <textarea id="campaign-spec" className="code-input" rows={14} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} aria-describedby={error ? 'campaign-error' : undefined} />
        {error ? (
          <p id="campaign-error" className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Declaring…' : 'Declare and review'}
        </button>
      </form>
    </section>
  );
}

interface Finding {
  id: string;
  severity: 'blocker' | 'warning';
  department: string;
  constraint: string;
  quantity: number;
  unit: string;
  date: string | null;
  message: string;
  formula: string;
  mitigations: string[];
}
interface SkuProjection {
  sku: string;
  node: string;
  onHand: number;
  receipts: number;
  demandP50: number;
  demandP90: number;
  stockoutP50: string | null;
  shortfallP50: number;
}
interface ServiceInterval {
  date: string;
  start: string;
  contactsP50: number;
  agents: number;
  serviceLevel: number;
  asaSeconds: number;
  neededP50: number;
  neededQ: number;
}
interface Report {
  campaignName: string;
  generatedAt: string;
  audience: { segment: string; matched: number; effective: number; suppressed: number; deferred: number; byReason: Record<string, number>; byDepartment: Record<string, number>; policyVersion: string; formula: string };
  demand: { orders: { p50: { value: number; formula: string }; p90: { value: number } }; daily: { date: string; p50: number; p90: number }[] };
  logistics: { horizon: { from: string; days: number }; skus: SkuProjection[]; lateOrdersDailyP50: number[] } | null;
  service: {
    target: { serviceLevel: number; seconds: number };
    intervalsBelowTarget: number;
    worst: ServiceInterval[];
    daily: { date: string; contactsP50: number; lowestServiceLevel: number; agentIntervalsShortP50: number }[];
  } | null;
  promises: { promise: string; department: string; capability: string; ok: boolean; explanation: string }[];
  blockers: Finding[];
  warnings: Finding[];
  affectedDepartments: string[];
}
interface Capabilities {
  logistics?: { receipts: { sku: string; node: string; date: string; quantity: number }[]; baselineDemand: { sku: string; node: string; unitsPerDay: number }[] };
}
interface OpenItem {
  id: string;
  department: string;
  message: string;
}

/** What the launch gate will ask about: the server's own rule (src/app/campaigns.ts openItems). */
export function openItems(report: Report, signoffs: readonly Signoff[]): OpenItem[] {
  const items: OpenItem[] = report.blockers.map((b) => ({ id: b.id, department: b.department, message: b.message }));
  for (const s of signoffs) if (s.decision === 'block') items.push({ id: `signoff.${s.department}`, department: s.department, message: `${s.department} raised a blocker: ${s.note} (${s.by})` });
  for (const d of report.affectedDepartments) if (!signoffs.some((s) => s.department === d)) items.push({ id: `missing-signoff.${d}`, department: d, message: `${d} has not signed off` });
  return items;
}

export function CampaignPage({ id }: { id: string }) {
  const campaign = useApi<Campaign>(`/v1/campaigns/${encodeURIComponent(id)}`);
  const report = useApi<Report>(`/v1/campaigns/${encodeURIComponent(id)}/report`);
  const reload = (): void => {
    campaign.reload();
    report.reload();
  };
  return (
    <ApiView result={campaign} what="this campaign" api="GET /v1/campaigns/{id}">
      {(c) => (
        <>
          <CampaignHeader campaign={c} />
          <ApiView result={report} what="the readiness report" api="GET /v1/campaigns/{id}/report">
            {(r) => <Review campaign={c} report={r} onChange={reload} />}
          </ApiView>
        </>
      )}
    </ApiView>
  );
}

function CampaignHeader({ campaign: c }: { campaign: Campaign }) {
  return (
    <section aria-labelledby="campaign-title" className="panel">
      <h2 id="campaign-title">
        {c.name} <span className={`status ${c.status}`}>{c.status}</span>
      </h2>
      <p className="meta">
        <DeptBadge department={c.department} /> · {c.spec.channel ?? 'email'} to <code>{c.spec.audience?.segment ?? '?'}</code> · declared {when(c.createdAt)} by {c.createdBy}
        {c.launchedAt ? ` · launched ${when(c.launchedAt)} by ${c.launchedBy ?? '?'}` : ''}
      </p>
      <p>
        Waves: {(c.spec.schedule ?? []).map((w) => `${when(w.at)} (${pct(w.share)})`).join(', ')}. Promises: {(c.spec.promises ?? []).map((p) => p.text ?? p.type).join('; ') || 'none'}.
      </p>
    </section>
  );
}

function Review({ campaign, report, onChange }: { campaign: Campaign; report: Report; onChange: () => void }) {
  const items = openItems(report, campaign.signoffs);
  return (
    <>
      <section aria-labelledby="verdict-title" className={items.length > 0 && campaign.status !== 'launched' ? 'panel verdict blocked' : 'panel verdict'} data-testid="verdict">
        <h2 id="verdict-title">
          {campaign.status === 'launched' ? 'Launched' : items.length > 0 ? `Not ready: ${items.length} open item${items.length === 1 ? '' : 's'}` : 'Ready to launch'}
        </h2>
        <p>
          Audience: {num(report.audience.matched)} matched, {num(report.audience.effective)} reachable under policy {report.audience.policyVersion} ({num(report.audience.suppressed)} held back, {num(report.audience.deferred)} deferred). Orders: P50 {num(report.demand.orders.p50.value)}, P90{' '}
          {num(report.demand.orders.p90.value)}.
        </p>
      </section>
      <Findings title="Blockers" findings={report.blockers} testId="blockers" empty="No blocker: every department can carry this campaign." />
      <Charts report={report} />
      {report.warnings.length > 0 ? <Findings title="Warnings" findings={report.warnings} testId="warnings" empty="" /> : null}
      <section aria-labelledby="promises-title" className="panel">
        <h2 id="promises-title">Promises, each against the department that keeps it</h2>
        {report.promises.length === 0 ? (
          <p>The campaign makes no promise.</p>
        ) : (
          <DataTable
            caption="Promise checks"
            rows={report.promises}
            columns={[
              { key: 'promise', label: 'Promise' },
              { key: 'department', label: 'Kept by', render: (p) => <DeptBadge department={p.department} /> },
              { key: 'ok', label: 'Can be kept', render: (p) => <span className={p.ok ? 'ok-text' : 'bad-text'}>{p.ok ? 'yes' : 'no'}</span> },
              { key: 'explanation', label: 'Why' },
            ]}
          />
        )}
      </section>
      <Signoffs campaign={campaign} report={report} onChange={onChange} />
      <Launch campaign={campaign} items={items} onChange={onChange} />
    </>
  );
}

function Findings({ title, findings, testId, empty }: { title: string; findings: Finding[]; testId: string; empty: string }) {
  const departments = [...new Set(findings.map((f) => f.department))];
  return (
    <section aria-labelledby={`${testId}-title`} className="panel">
      <h2 id={`${testId}-title`}>
        {title} ({findings.length})
      </h2>
      {findings.length === 0 ? (
        <p data-testid={testId}>{empty}</p>
      ) : (
        <div data-testid={testId}>
          {departments.map((d) => (
            <FindingGroup key={d} department={d} findings={findings.filter((f) => f.department === d)} />
          ))}
        </div>
      )}
    </section>
  );
}

const FIRST = 4;

/** One department's findings, the biggest first; the rest one click away. */
function FindingGroup({ department, findings }: { department: string; findings: Finding[] }) {
  const [all, setAll] = useState(false);
  const sorted = [...findings].sort((a, b) => (a.date ?? '9').localeCompare(b.date ?? '9') || b.quantity - a.quantity);
  const shown = all ? sorted : sorted.slice(0, FIRST);
  return (
    <div className="finding-group">
      <h3>
        <DeptBadge department={department} /> {findings.length} for {department} to resolve or accept
      </h3>
      <ul className="findings">
        {shown.map((f) => (
          <li key={f.id} data-finding={f.id} data-department={f.department} style={{ borderLeftColor: departmentColour(f.department) }}>
            <p>
              <strong>{f.constraint}</strong>: {num(f.quantity)} {f.unit}
              {f.date ? ` from ${f.date}` : ''}
            </p>
            <p>{f.message}</p>
            <details>
              <summary>Formula and mitigations</summary>
              <p>
                <code>{f.formula}</code>
              </p>
              <ul>
                {f.mitigations.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
      {sorted.length > FIRST ? (
        <button type="button" className="secondary" aria-expanded={all} onClick={() => setAll((x) => !x)}>
          {all ? `Show the first ${FIRST} only` : `Show all ${sorted.length} for ${department}`}
        </button>
      ) : null}
    </div>
  );
}

function Charts({ report }: { report: Report }) {
  const caps = useApi<Capabilities>('/v1/capabilities');
  const daily = report.demand.daily;
  const dates = daily.map((d) => d.date.slice(5));
  const reasons = Object.entries(report.audience.byReason).sort((a, b) => b[1] - a[1]);
  const byDept = Object.entries(report.audience.byDepartment).sort((a, b) => b[1] - a[1]);
  return (
    <section aria-labelledby="charts-title" className="panel">
      <h2 id="charts-title">What the campaign does to each department</h2>
      <div className="chart-grid">
        <ChartFigure
          title="Campaign orders per day"
          summary={`P50 ${num(report.demand.orders.p50.value)} orders in all, peaking at ${num(Math.max(...daily.map((d) => d.p50)))} a day.`}
          kind="line"
          labels={dates}
          series={[
            { label: 'orders P50', data: daily.map((d) => d.p50), colour: departmentColour('sales') },
            { label: 'orders P90', data: daily.map((d) => d.p90), colour: departmentColour('sales'), dashed: true },
            ...(report.logistics ? [{ label: 'late orders P50 (all)', data: report.logistics.lateOrdersDailyP50, colour: departmentColour('logistics') }] : []),
          ]}
          yLabel="orders"
          testId="chart-demand"
        />
        {report.logistics ? (
          caps.state === 'loading' ? (
            <Loading what="capabilities" />
          ) : (
            <StockChart report={report} caps={caps.state === 'ok' ? caps.data : {}} />
          )
        ) : null}
        {report.service ? <ServiceCharts service={report.service} /> : null}
        <ChartFigure
          title="Audience conflicts: who is held back, and why"
          summary={reasons.map(([r, n]) => `${codeLabel(r)} ${n}`).join(', ') || 'nobody held back'}
          kind="bar"
          horizontal
          labels={reasons.map(([r]) => codeLabel(r))}
          series={[{ label: 'customers', data: reasons.map(([, n]) => n), colour: '#5A5F66' }]}
          yLabel="customers"
          testId="chart-audience"
        />
        <ChartFigure
          title="Audience held back, by the department whose record said no"
          summary={byDept.map(([d, n]) => `${d} ${n}`).join(', ') || 'nobody held back'}
          kind="bar"
          stacked
          labels={byDept.map(([d]) => d)}
          series={byDept.map(([d]) => ({ label: d, data: byDept.map(([x, n]) => (x === d ? n : null)), colour: departmentColour(d) }))}
          yLabel="customers"
        />
      </div>
    </section>
  );
}

function StockChart({ report, caps }: { report: Report; caps: Capabilities }) {
  const skus = useMemo(() => [...(report.logistics?.skus ?? [])].sort((a, b) => b.shortfallP50 - a.shortfallP50), [report]);
  const [key, setKey] = useState(skus[0] ? `${skus[0].sku}@${skus[0].node}` : '');
  const sku = skus.find((s) => `${s.sku}@${s.node}` === key);
  if (!sku) return <EmptyState title="The campaign sells no stocked product." />;
  if (!report.logistics) return null;
  const series = stockSeries({ horizonFrom: report.logistics.horizon.from, daily: report.demand.daily, sku, receipts: caps.logistics?.receipts ?? [], baselineDemand: caps.logistics?.baselineDemand ?? [] });
  const dates = report.demand.daily.map((d) => d.date.slice(5));
  return (
    <div>
      <label htmlFor="stock-sku">Product at node</label>
      <select id="stock-sku" value={key} onChange={(e) => setKey(e.target.value)}>
        {skus.map((s) => (
          <option key={`${s.sku}@${s.node}`} value={`${s.sku}@${s.node}`}>
            {s.sku} at {s.node}
            {s.stockoutP50 ? ` — runs out ${s.stockoutP50}` : ''}
          </option>
        ))}
      </select>
      <ChartFigure
        title={`Stock against supply by day: ${sku.sku} at ${sku.node}`}
        summary={`${num(sku.onHand)} on hand and ${num(sku.receipts)} inbound against ${num(sku.demandP50)} units of demand at P50 (${num(sku.demandP90)} at P90)${sku.stockoutP50 ? `; runs out on ${sku.stockoutP50}, ${num(sku.shortfallP50)} units short` : '; no stockout'}.`}
        kind="line"
        labels={dates}
        series={[
          { label: 'supply: on hand + receipts (cumulative)', data: series.supply, colour: departmentColour('logistics') },
          { label: 'demand P50 (cumulative)', data: series.demand50, colour: departmentColour('sales') },
          { label: 'demand P90 (cumulative)', data: series.demand90, colour: departmentColour('sales'), dashed: true },
        ]}
        yLabel="units"
        testId="chart-stock"
      />
    </div>
  );
}

function ServiceCharts({ service }: { service: NonNullable<Report['service']> }) {
  const worst = service.worst.slice(0, 16);
  return (
    <>
      <ChartFigure
        title="Service level against agents, worst intervals"
        summary={`${service.intervalsBelowTarget} intervals below the ${pct(service.target.serviceLevel)} in ${service.target.seconds} s target; the worst has ${worst[0] ? `${worst[0].agents} agents where ${worst[0].neededP50} are needed, at ${pct(worst[0].serviceLevel)}` : 'none'}.`}
        kind="bar"
        labels={worst.map((w) => `${w.date.slice(5)} ${w.start}`)}
        series={[
          { label: 'agents on the roster', data: worst.map((w) => w.agents), colour: '#5A5F66' },
          { label: 'agents needed (P50)', data: worst.map((w) => w.neededP50), colour: departmentColour('service') },
          { label: 'service level %', data: worst.map((w) => Math.round(w.serviceLevel * 1000) / 10), colour: departmentColour('billing'), type: 'line', secondary: true },
        ]}
        yLabel="agents"
        y2Label="service level %"
        y2Max={100}
        testId="chart-service"
      />
      <ChartFigure
        title="Lowest service level per day, against the target"
        summary={`Target ${pct(service.target.serviceLevel)} answered in ${service.target.seconds} s.`}
        kind="line"
        labels={service.daily.map((d) => d.date.slice(5))}
        series={[
          { label: 'lowest interval service level %', data: service.daily.map((d) => Math.round(d.lowestServiceLevel * 1000) / 10), colour: departmentColour('service') },
          { label: 'target %', data: service.daily.map(() => service.target.serviceLevel * 100), colour: '#5A5F66', dashed: true },
        ]}
        yLabel="service level %"
        yMax={100}
      />
    </>
  );
}

function Signoffs({ campaign, report, onChange }: { campaign: Campaign; report: Report; onChange: () => void }) {
  const { session } = useSession();
  const isAdmin = session.role === 'admin' || session.role === null;
  const departments = [...new Set([...report.affectedDepartments, ...campaign.signoffs.map((s) => s.department)])];
  const [department, setDepartment] = useState(!isAdmin && session.role ? session.role : (departments[0] ?? KNOWN_DEPARTMENTS[0]));
  const [decision, setDecision] = useState<'approve' | 'block'>('approve');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const launched = campaign.status === 'launched';
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      await api(`/v1/campaigns/${encodeURIComponent(campaign.id)}/signoffs`, { body: { decision, note, ...(isAdmin ? { department } : {}) } });
      setNote('');
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'network', String(err)));
    }
  };
  return (
    <section aria-labelledby="signoffs-title" className="panel">
      <h2 id="signoffs-title">Sign-offs</h2>
      <ul className="signoffs" data-testid="signoffs">
        {departments.map((d) => {
          const s = campaign.signoffs.find((x) => x.department === d);
          return (
            <li key={d}>
              <DeptBadge department={d} />{' '}
              {s ? (
                <>
                  <span className={s.decision === 'approve' ? 'ok-text' : 'bad-text'}>{s.decision === 'approve' ? 'approved' : 'blocked'}</span> by {s.by} {when(s.at)}
                  {s.note ? ` — “${s.note}”` : ''}
                </>
              ) : (
                <span className="bad-text">has not signed off</span>
              )}
            </li>
          );
        })}
      </ul>
      {launched ? null : (
        <form className="signoff-form" onSubmit={(e) => void submit(e)} aria-label="Sign off">
          <div className="field">
            <label htmlFor="signoff-department">Department</label>
            <select id="signoff-department" value={department} onChange={(e) => setDepartment(e.target.value)} disabled={!isAdmin}>
              {[...new Set([...departments, ...KNOWN_DEPARTMENTS])].map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </div>
          <fieldset className="field">
            <legend>Decision</legend>
            <label className="radio">
              <input type="radio" name="decision" value="approve" checked={decision === 'approve'} onChange={() => setDecision('approve')} /> approve
            </label>
            <label className="radio">
              <input type="radio" name="decision" value="block" checked={decision === 'block'} onChange={() => setDecision('block')} /> raise a blocker
            </label>
          </fieldset>
          <div className="field grow">
            <label htmlFor="signoff-note">Note{decision === 'block' ? ' (required: what is wrong)' : ''}</label>
            <input id="signoff-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="submit">Sign</button>
        </form>
      )}
      {error ? <ErrorBox error={error} what="the sign-off" /> : null}
    </section>
  );
}

function Launch({ campaign, items, onChange }: { campaign: Campaign; items: OpenItem[]; onChange: () => void }) {
  const [accepted, setAccepted] = useState<Set<string>>(new Set());
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (campaign.status === 'launched') {
    return (
      <section aria-labelledby="launch-title" className="panel">
        <h2 id="launch-title">Launch</h2>
        <p>
          Launched {when(campaign.launchedAt)} by {campaign.launchedBy ?? '?'}.
          {campaign.acceptances.length > 0 ? ` ${campaign.acceptances.length} open item(s) were accepted:` : ''}
        </p>
        {campaign.acceptances.length > 0 ? (
          <ul>
            {campaign.acceptances.map((a) => (
              <li key={a.blocker}>
                <code>{a.blocker}</code> accepted by {a.name}: {a.reason}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    );
  }
  const signed = name.trim() !== '' && reason.trim() !== '';
  const unaccepted = items.filter((i) => !(signed && accepted.has(i.id)));
  const refused = unaccepted.length > 0;
  const toggle = (id: string): void =>
    setAccepted((a) => {
      const next = new Set(a);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const launch = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const acceptances = signed ? items.filter((i) => accepted.has(i.id)).map((i) => ({ blocker: i.id, name: name.trim(), reason: reason.trim() })) : [];
      await api(`/v1/campaigns/${encodeURIComponent(campaign.id)}/launch`, { body: acceptances.length > 0 ? { acceptances } : {} });
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'network', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const open = (error?.details as { open?: OpenItem[] } | undefined)?.open;
  return (
    <section aria-labelledby="launch-title" className="panel">
      <h2 id="launch-title">Launch</h2>
      {items.length > 0 ? (
        <>
          <p id="launch-refusal" className="refusal" data-testid="launch-refusal">
            Launch is refused while {items.length} item{items.length === 1 ? ' is' : 's are'} open. Resolve them, or accept each one explicitly, with a name and a reason.
          </p>
          <fieldset className="open-list">
            <legend>Open items ({items.length}); tick those you accept</legend>
            <label className="check">
              <input type="checkbox" checked={accepted.size === items.length} onChange={() => setAccepted(accepted.size === items.length ? new Set() : new Set(items.map((i) => i.id)))} /> all of them
            </label>
            <ul>
              {items.map((i) => (
                <li key={i.id} data-open-item={i.id}>
                  <label className="check">
                    <input type="checkbox" checked={accepted.has(i.id)} onChange={() => toggle(i.id)} /> <DeptBadge department={i.department} /> {i.message}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="accept">
            <div className="field">
              <label htmlFor="accept-name">Accepted by (name and role)</label>
              <input id="accept-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
            </div>
            <div className="field grow">
              <label htmlFor="accept-reason">Reason</label>
              <input id="accept-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
          </div>
        </>
      ) : (
        <p>Nothing is open: every affected department has signed off and no blocker remains.</p>
      )}
      <button type="button" name="launch" className="launch" disabled={refused || busy} aria-describedby={refused ? 'launch-refusal' : undefined} onClick={() => void launch()}>
        {busy ? 'Launching…' : refused ? `Launch (refused: ${unaccepted.length} open)` : 'Launch'}
      </button>
      {error ? (
        <div className="error" role="alert" data-testid="launch-error">
          <p>
            <strong>Launch refused.</strong> {error.message}
          </p>
          {open ? (
            <ul>
              {open.map((o) => (
                <li key={o.id}>
                  <DeptBadge department={o.department} /> {o.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
