/**
 * Promises: kept-rate trends per department (one metrics window per month), the last 30 days
 * in detail (rates by department and type, customers whose promises keep breaking, what falls
 * due in the next days), and the ledger of every promise with its owner, due time and outcome.
 */
import { useEffect, useState } from 'react';
import { api, ApiError, useApi } from '../api';
import { ChartFigure } from '../components/chart';
import { DataTable } from '../components/data-table';
import { DeptBadge } from '../components/department';
import { ApiView, EmptyState, ErrorBox, Loading } from '../components/states';
import { departmentColour, KNOWN_DEPARTMENTS } from '../departments';
import { num, pct, when } from '../format';
import { Link } from '../router';
import { monthWindows } from '../shapes';

interface Rate {
  due: number;
  kept: number;
  broken: number;
  renegotiated: number;
  cancelled: number;
  open: number;
  fulfilledLate: number;
  proactiveNotices: number;
  keptRate: number | null;
  strictRate: number | null;
}
interface Metrics {
  from: string;
  to: string;
  rates: { overall: Rate; byDepartment: Record<string, Rate>; byType: Record<string, Rate>; byCampaign: Record<string, Rate> };
  repeatBreakers: { customerId: string; brokenInRow: number; promiseIds: string[]; lastBrokenAt: number | string }[];
  forwardLoad: { days: string[]; byDepartment: Record<string, number[]>; total: number[] };
}

export function PromisesPage() {
  return (
    <>
      <Trends />
      <Recent />
      <Ledger />
    </>
  );
}

type TrendState = { state: 'loading' } | { state: 'ok'; months: { label: string; metrics: Metrics }[] } | { state: 'error'; error: ApiError };

function Trends() {
  const [trend, setTrend] = useState<TrendState>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    const windows = monthWindows(Date.now(), 12);
    Promise.all(windows.map((w) => api<Metrics>(`/v1/promises/metrics?from=${w.from}&to=${w.to}`, { signal: controller.signal }).then((metrics) => ({ label: w.label, metrics })))).then(
      (months) => setTrend({ state: 'ok', months }),
      (error: unknown) => !controller.signal.aborted && setTrend({ state: 'error', error: error instanceof ApiError ? error : new ApiError(0, 'network', String(error)) }),
    );
    return () => controller.abort();
  }, []);
  return (
    <section aria-labelledby="trends-title" className="panel">
      <h2 id="trends-title">Kept rate, month by month</h2>
      <ApiView result={trend.state === 'ok' ? { state: 'ok', data: trend.months } : trend} what="promise metrics" api="GET /v1/promises/metrics">
        {(months) => {
          const departments = [...new Set(months.flatMap((m) => Object.keys(m.metrics.rates.byDepartment)))].sort();
          if (departments.length === 0) return <EmptyState title="No promise has come due in the last twelve months." />;
          const rate = (r: Rate | undefined): number | null => (r && r.due > 0 && r.keptRate !== null ? Math.round(r.keptRate * 1000) / 10 : null);
          const overall = months.map((m) => rate(m.metrics.rates.overall));
          return (
            <ChartFigure
              title="Share of promises kept, per department (promises due in each month)"
              summary={`${departments.map((d) => `${d}: ${pct((rate(months.at(-1)?.metrics.rates.byDepartment[d]) ?? NaN) / 100)}`).join('; ')} this month; all departments ${pct((overall.at(-1) ?? NaN) / 100)}.`}
              kind="line"
              labels={months.map((m) => m.label)}
              series={[
                ...departments.map((d) => ({ label: d, data: months.map((m) => rate(m.metrics.rates.byDepartment[d])), colour: departmentColour(d) })),
                { label: 'all departments', data: overall, colour: '#1d2129', dashed: true },
              ]}
              yLabel="kept %"
              yMax={100}
              format={(n) => `${n} %`}
              testId="chart-kept-rate"
            />
          );
        }}
      </ApiView>
    </section>
  );
}

function rateRows(rates: Record<string, Rate>): (Rate & { name: string })[] {
  return Object.entries(rates)
    .map(([name, r]) => ({ name, ...r }))
    .sort((a, b) => b.due - a.due);
}

const RATE_COLUMNS = [
  { key: 'due', label: 'Due', numeric: true },
  { key: 'kept', label: 'Kept', numeric: true },
  { key: 'broken', label: 'Broken', numeric: true },
  { key: 'fulfilledLate', label: 'Kept late', numeric: true },
  { key: 'renegotiated', label: 'Renegotiated', numeric: true },
  { key: 'keptRate', label: 'Kept rate', numeric: true, render: (r: Rate) => pct(r.keptRate, 1) },
  { key: 'strictRate', label: 'Strict rate', numeric: true, render: (r: Rate) => pct(r.strictRate, 1) },
];

function Recent() {
  const result = useApi<Metrics>('/v1/promises/metrics?days=14');
  return (
    <section aria-labelledby="recent-title" className="panel">
      <h2 id="recent-title">The last 30 days</h2>
      <ApiView result={result} what="promise metrics" api="GET /v1/promises/metrics">
        {(m) => {
          const load = m.forwardLoad;
          const loadDepartments = Object.keys(load.byDepartment);
          return (
            <>
              <p data-testid="promise-overall">
                {num(m.rates.overall.due)} promises fell due between {when(m.from)} and {when(m.to)}: {num(m.rates.overall.kept)} kept, {num(m.rates.overall.broken)} broken — a kept rate of <strong>{pct(m.rates.overall.keptRate, 1)}</strong>.
              </p>
              <div className="columns">
                <DataTable caption="By department" rows={rateRows(m.rates.byDepartment)} columns={[{ key: 'name', label: 'Department', render: (r) => <DeptBadge department={r.name} /> }, ...RATE_COLUMNS]} testId="promise-rates" />
                <DataTable caption="By type" rows={rateRows(m.rates.byType)} columns={[{ key: 'name', label: 'Type' }, ...RATE_COLUMNS]} />
              </div>
              {Object.keys(m.rates.byCampaign).length > 0 ? <DataTable caption="By campaign" rows={rateRows(m.rates.byCampaign)} columns={[{ key: 'name', label: 'Campaign' }, ...RATE_COLUMNS]} /> : null}
              {load.days.length > 0 ? (
                <ChartFigure
                  title="Promises falling due, per day and department"
                  summary={`${num(load.total.reduce((a, b) => a + b, 0))} promises fall due in the next ${load.days.length} days.`}
                  kind="bar"
                  stacked
                  labels={load.days.map((d) => d.slice(5))}
                  series={loadDepartments.map((d) => ({ label: d, data: load.byDepartment[d] ?? [], colour: departmentColour(d) }))}
                  yLabel="promises due"
                />
              ) : null}
              <h3>Customers whose promises keep breaking</h3>
              {m.repeatBreakers.length === 0 ? (
                <p>No customer has had promises broken in a row.</p>
              ) : (
                <DataTable
                  caption="Broken in a row, most first"
                  rows={m.repeatBreakers.slice(0, 10)}
                  columns={[
                    { key: 'customerId', label: 'Customer', render: (r) => <Link to={`/customers/${encodeURIComponent(r.customerId)}`}>{r.customerId}</Link> },
                    { key: 'brokenInRow', label: 'Broken in a row', numeric: true },
                    { key: 'promiseIds', label: 'Promises', render: (r) => r.promiseIds.join(', ') },
                    { key: 'lastBrokenAt', label: 'Last broken', render: (r) => when(r.lastBrokenAt) },
                  ]}
                />
              )}
            </>
          );
        }}
      </ApiView>
    </section>
  );
}

interface PromiseRow {
  id: string;
  customerId: string;
  type: string;
  department: string;
  owner?: string;
  description?: string;
  status: string;
  madeAt: number | string;
  dueAt: number | string;
  closedAt?: number | string | null;
  fulfilledLateAt?: number | string;
}

function Ledger() {
  const [status, setStatus] = useState('');
  const [department, setDepartment] = useState('');
  const [pages, setPages] = useState<{ rows: PromiseRow[]; next: string | null } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const query = (cursor: string | null): string => new URLSearchParams({ limit: '50', ...(status ? { status } : {}), ...(department ? { department } : {}), ...(cursor ? { cursor } : {}) }).toString();
  const load = async (cursor: string | null, signal?: AbortSignal): Promise<void> => {
    try {
      const page = await api<{ promises: PromiseRow[]; nextCursor: string | null }>(`/v1/promises?${query(cursor)}`, signal ? { signal } : {});
      setPages((p) => ({ rows: cursor && p ? [...p.rows, ...page.promises] : page.promises, next: page.nextCursor }));
    } catch (err) {
      if (!signal?.aborted) setError(err instanceof ApiError ? err : new ApiError(0, 'network', String(err)));
    }
  };
  useEffect(() => {
    const controller = new AbortController();
    setPages(null);
    setError(null);
    void load(null, controller.signal);
    return () => controller.abort();
  }, [status, department]);
  return (
    <section aria-labelledby="ledger-title" className="panel">
      <h2 id="ledger-title">Ledger</h2>
      <div className="toolbar">
        <label htmlFor="promise-status">Status</label>
        <select id="promise-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">all</option>
          {['open', 'kept', 'broken', 'renegotiated', 'cancelled'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <label htmlFor="promise-department">Department</label>
        <select id="promise-department" value={department} onChange={(e) => setDepartment(e.target.value)}>
          <option value="">all</option>
          {KNOWN_DEPARTMENTS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </div>
      {error ? (
        error.routeMissing ? (
          <ApiView result={{ state: 'error', error }} what="the promise ledger" api="GET /v1/promises">
            {() => null}
          </ApiView>
        ) : (
          <ErrorBox error={error} what="the promise ledger" />
        )
      ) : pages === null ? (
        <Loading what="the promise ledger" />
      ) : pages.rows.length === 0 ? (
        <EmptyState title="No promise matches." />
      ) : (
        <>
          <DataTable
            caption="Promises, each with its owner, due time and outcome"
            rows={pages.rows}
            testId="ledger"
            columns={[
              { key: 'id', label: 'Promise', render: (p) => <code>{p.id}</code> },
              { key: 'description', label: 'What was promised', render: (p) => p.description ?? p.type },
              { key: 'department', label: 'Owner', render: (p) => <DeptBadge department={p.department} /> },
              { key: 'status', label: 'Status', render: (p) => <span className={`status ${p.status}`}>{p.status}{p.fulfilledLateAt ? ' (kept late)' : ''}</span> },
              { key: 'dueAt', label: 'Due', render: (p) => when(p.dueAt) },
              { key: 'closedAt', label: 'Closed', render: (p) => when(p.closedAt ?? null) },
              { key: 'customerId', label: 'Customer', render: (p) => <Link to={`/customers/${encodeURIComponent(p.customerId)}`}>{p.customerId}</Link> },
            ]}
          />
          {pages.next ? (
            <button type="button" className="secondary" onClick={() => void load(pages.next)}>
              Show more
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
