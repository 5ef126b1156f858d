/**
 * Overview: the company at a glance, the relationship scorecard (what each department won and
 * what it cost the relationship) and the wall map (how often one department acted on customers
 * while another had something open with them), with a drill-down per cell.
 */
import { useEffect, useState } from 'react';
import { api, useApi } from '../api';
import { ChartFigure } from '../components/chart';
import { type Column, DataTable, inferColumns } from '../components/data-table';
import { DeptBadge } from '../components/department';
import { ApiView, EmptyState, Loading } from '../components/states';
import { departmentTint } from '../departments';
import { cell, isRecord, num } from '../format';
import { Link } from '../router';
import { wallCells } from '../shapes';
import { useSession } from '../session';

const DAY = 86_400_000;
const PALETTE = ['#1C5FAF', '#B04A00', '#2B7A34', '#A3296E', '#6B4BA3', '#5A5F66'];

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function OverviewPage() {
  const [days, setDays] = useState(90);
  const to = isoDay(Date.now() + DAY);
  const from = isoDay(Date.now() - days * DAY);
  const range = `from=${from}T00:00:00.000Z&to=${to}T00:00:00.000Z`;
  return (
    <>
      <Glance />
      <div className="toolbar">
        <label htmlFor="period">Period for the scorecard and the wall map</label>
        <select id="period" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          <option value={30}>Last 30 days</option>
          <option value={90}>Last 90 days</option>
          <option value={365}>Last 12 months</option>
        </select>
      </div>
      <Scorecard range={range} />
      <WallMap range={range} />
    </>
  );
}

interface Health {
  customers?: number;
  database?: string;
}
interface Policy {
  version: string;
  appliedBy: string | null;
}
interface CampaignSummary {
  id: string;
  name: string;
  status: string;
}

const WATCH: { segment: string; label: string }[] = [
  { segment: 'open_complaint', label: 'with an open complaint' },
  { segment: 'late_shipment', label: 'with a late shipment' },
  { segment: 'pending_refund', label: 'waiting for a refund' },
  { segment: 'promise_overdue', label: 'with a promise overdue' },
];

/** Counts of customers in each unhappy state, from audience batches (forecasts: nothing is recorded). */
function useWatchCounts(): Record<string, number> | null {
  const { session } = useSession();
  const [counts, setCounts] = useState<Record<string, number> | null>(null);
  useEffect(() => {
    const department = session.role && session.role !== 'admin' ? session.role : 'service';
    let cancelled = false;
    Promise.all(
      WATCH.map((w) =>
        api<{ audience: number }>('/v1/decide/batch', { body: { audience: { segment: w.segment }, department, channel: 'email', purpose: 'service', message: { id: 'dashboard-overview' } } }).then((r) => [w.segment, r.audience] as const),
      ),
    ).then(
      (pairs) => !cancelled && setCounts(Object.fromEntries(pairs)),
      () => !cancelled && setCounts({}),
    );
    return () => {
      cancelled = true;
    };
  }, [session.role]);
  return counts;
}

function Glance() {
  const health = useApi<Health>('/healthz');
  const policy = useApi<Policy>('/v1/policy');
  const campaigns = useApi<{ campaigns: CampaignSummary[] }>('/v1/campaigns');
  const watch = useWatchCounts();
  const open = campaigns.state === 'ok' ? campaigns.data.campaigns.filter((c) => c.status !== 'launched').length : null;
  return (
    <section aria-labelledby="glance-title">
      <h2 id="glance-title">At a glance</h2>
      <ul className="cards" data-testid="glance">
        <li className="card">
          <span className="card-value">{health.state === 'ok' ? num(health.data.customers ?? null) : '…'}</span>
          <span className="card-label">customers, one timeline each</span>
        </li>
        <li className="card">
          <span className="card-value">{policy.state === 'ok' ? policy.data.version : '…'}</span>
          <span className="card-label">
            <Link to="/decisions">active contact policy</Link>
          </span>
        </li>
        <li className="card">
          <span className="card-value">{open === null ? '…' : num(open)}</span>
          <span className="card-label">
            <Link to="/campaigns">campaigns in readiness review</Link>
          </span>
        </li>
        {watch === null ? (
          <li className="card">
            <Loading what="customer counts" />
          </li>
        ) : (
          WATCH.filter((w) => watch[w.segment] !== undefined).map((w) => (
            <li className="card" key={w.segment}>
              <span className="card-value">{num(watch[w.segment] ?? 0)}</span>
              <span className="card-label">customers {w.label}</span>
            </li>
          ))
        )}
      </ul>
    </section>
  );
}

/** Nested objects one level flat: {won: {orders: 3}} → {"won orders": 3}. */
function flatten(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (isRecord(v)) for (const [k2, v2] of Object.entries(v)) out[`${k} ${k2}`] = v2;
    else out[k] = v;
  }
  return out;
}

/** An array of rows, or a record keyed by name, as rows with the key under `keyName`. */
function rowsOf(value: unknown, keyName: string): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter(isRecord).map(flatten);
  if (isRecord(value)) return Object.entries(value).filter(([, v]) => isRecord(v)).map(([k, v]) => flatten({ [keyName]: k, ...(v as Record<string, unknown>) }));
  return [];
}

const COST = /complaint|broken|unsubscrib|churn|refund|dispute|detractor|cost/i;

function Scorecard({ range }: { range: string }) {
  const result = useApi<unknown>(`/v1/scorecard?${range}`);
  return (
    <section aria-labelledby="scorecard-title">
      <h2 id="scorecard-title">Relationship scorecard</h2>
      <p className="lede">What each department won, and what it cost the relationship.</p>
      <ApiView result={result} what="scorecard" api="GET /v1/scorecard">
        {(data) => {
          const root = isRecord(data) ? data : {};
          const departments = rowsOf(root.departments ?? root.byDepartment ?? (Array.isArray(data) ? data : undefined), 'department');
          const campaigns = rowsOf(root.campaigns ?? root.byCampaign, 'campaign');
          if (departments.length === 0 && campaigns.length === 0) return <EmptyState title="No activity in this period." />;
          const columns = inferColumns(departments);
          const costKeys = columns.filter((c) => c.numeric && COST.test(c.key)).map((c) => c.key).slice(0, 6);
          const deptColumns: Column<Record<string, unknown>>[] = columns.map((c) => (c.key === 'department' ? { ...c, render: (r) => <DeptBadge department={String(r.department)} /> } : c));
          return (
            <>
              {departments.length > 0 ? <DataTable caption="Per department: won and cost" rows={departments} columns={deptColumns} testId="scorecard-departments" /> : null}
              {costKeys.length > 0 ? (
                <ChartFigure
                  title="What each department cost the relationship"
                  summary={departments.map((d) => `${String(d.department)}: ${costKeys.map((k) => `${k} ${cell(d[k])}`).join(', ')}`).join('; ')}
                  kind="bar"
                  stacked
                  labels={departments.map((d) => String(d.department))}
                  series={costKeys.map((k, i) => ({ label: k, data: departments.map((d) => (typeof d[k] === 'number' ? d[k] : null)), colour: PALETTE[i % PALETTE.length]! }))}
                  yLabel="count"
                />
              ) : null}
              {campaigns.length > 0 ? <DataTable caption="Per campaign: won and cost" rows={campaigns} columns={inferColumns(campaigns)} testId="scorecard-campaigns" /> : null}
            </>
          );
        }}
      </ApiView>
    </section>
  );
}

function WallMap({ range }: { range: string }) {
  const result = useApi<unknown>(`/v1/wallmap?${range}`);
  const [selected, setSelected] = useState<{ actor: string; holder: string } | null>(null);
  return (
    <section aria-labelledby="wallmap-title">
      <h2 id="wallmap-title">Wall map</h2>
      <p className="lede">How often a department (row) acted on customers while another department (column) had something open with them.</p>
      <ApiView result={result} what="wall map" api="GET /v1/wallmap">
        {(data) => {
          const cells = wallCells(data);
          if (cells.length === 0) return <EmptyState title="No walls crossed in this period." />;
          const actors = [...new Set(cells.map((c) => c.actor))];
          const holders = [...new Set(cells.map((c) => c.holder))];
          const max = Math.max(1, ...cells.map((c) => c.value));
          return (
            <>
              <div className="table-wrap" tabIndex={0} role="region" aria-label="Wall map">
                <table className="wallmap" data-testid="wallmap">
                  <caption>Actions by the row department on customers with something open in the column department</caption>
                  <thead>
                    <tr>
                      <td />
                      {holders.map((h) => (
                        <th key={h} scope="col">
                          <DeptBadge department={h} />
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {actors.map((a) => (
                      <tr key={a}>
                        <th scope="row">
                          <DeptBadge department={a} />
                        </th>
                        {holders.map((h) => {
                          const value = cells.find((c) => c.actor === a && c.holder === h)?.value ?? 0;
                          return (
                            <td key={h} className="num" style={{ backgroundColor: departmentTint(a, 0.04 + 0.16 * (value / max)) }}>
                              {value > 0 ? (
                                <button type="button" className="link-button on-tint" onClick={() => setSelected({ actor: a, holder: h })} aria-label={`${num(value)}: ${a} acted while ${h} had something open — show the customers`}>
                                  {num(value)}
                                </button>
                              ) : (
                                '0'
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {selected ? <WallDrill actor={selected.actor} holder={selected.holder} range={range} /> : null}
            </>
          );
        }}
      </ApiView>
    </section>
  );
}

function WallDrill({ actor, holder, range }: { actor: string; holder: string; range: string }) {
  const result = useApi<unknown>(`/v1/wallmap/${encodeURIComponent(actor)}/${encodeURIComponent(holder)}?${range}`);
  return (
    <section aria-labelledby="drill-title" className="drill">
      <h3 id="drill-title">
        <DeptBadge department={actor} /> acted while <DeptBadge department={holder} /> had something open
      </h3>
      <ApiView result={result} what="wall map drill-down" api="GET /v1/wallmap/{actor}/{holder}">
        {(data) => {
          const root = isRecord(data) ? data : {};
          const list = Array.isArray(data) ? data : (Object.values(root).find(Array.isArray) ?? []);
          if (list.length === 0) return <EmptyState title="No examples in this period." />;
          const columns: Column<unknown>[] = inferColumns(list).map((c) =>
            c.key === 'customerId' || c.key === 'customer' ? { ...c, render: (r) => (isRecord(r) ? <Link to={`/customers/${encodeURIComponent(String(r[c.key]))}`}>{String(r[c.key])}</Link> : null) } : c,
          );
          return <DataTable caption="Examples" rows={list} columns={columns} />;
        }}
      </ApiView>
    </section>
  );
}
