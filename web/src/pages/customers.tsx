/**
 * Customer 360: find a customer by any identifier, then one page with who they are across the
 * departments, their live state, relationship health, every department's events on one
 * timeline (coloured by department), and every contact decision with its reasons.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { api, ApiError, refPath, useApi } from '../api';
import { ChartFigure } from '../components/chart';
import { DeptBadge } from '../components/department';
import { ApiView, EmptyState } from '../components/states';
import { departmentColour } from '../departments';
import { cell, codeLabel, isRecord, money, num, pct, when } from '../format';
import { candidateRefs, IDENTIFIER_TYPES } from '../refs';
import { Link, navigate } from '../router';

function SearchForm({ initial, compact }: { initial: string; compact?: boolean }) {
  const [text, setText] = useState(initial);
  const [type, setType] = useState('auto');
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const refs = [...new Set(candidateRefs(text, type))];
    if (refs.length === 0) {
      setStatus('Type an email, phone number, user id, order or ticket id.');
      return;
    }
    setBusy(true);
    setStatus(null);
    try {
      for (const ref of refs) {
        try {
          await api(`/v1/customers/${refPath(ref)}`);
          navigate(`/customers/${refPath(ref)}`);
          return;
        } catch (error) {
          if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 400)) throw error;
        }
      }
      setStatus(`No customer has the identifier “${text.trim()}”.`);
    } catch (error) {
      setStatus(`Search failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form role="search" className={compact ? 'search compact' : 'search'} onSubmit={(e) => void submit(e)} aria-label="Find a customer">
      <div className="field">
        <label htmlFor="customer-query">Find a customer by any identifier</label>
        <input id="customer-query" name="q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="ann@example.com, +33612345678, u-17, ord-1-1, tkt-9…" autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="customer-type">Identifier type</label>
        <select id="customer-type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="auto">Guess from what I typed</option>
          {IDENTIFIER_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
          <option value="id">Tutti id (cus_…)</option>
        </select>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Searching…' : 'Search'}
      </button>
      <p className="search-status" role="status" data-testid="search-status">
        {status}
      </p>
    </form>
  );
}

export function CustomerSearchPage({ initial }: { initial: string }) {
  return (
    <>
      <SearchForm initial={initial} />
      <p className="help">
        Tutti links every department’s identifiers to one customer: the shop’s user id, the e-mail the marketing platform knows, the phone number the carrier has, order and ticket ids.
      </p>
    </>
  );
}

interface Identifier {
  type: string;
  value: string;
  source: string;
  department: string;
}
interface CustomerState {
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  eventCount: number;
  eventsByDepartment: Record<string, number>;
  traits: Record<string, unknown>;
  timezone: string | null;
  tickets: Record<string, unknown>[];
  complaints: Record<string, unknown>[];
  shipments: Record<string, unknown>[];
  refunds: Record<string, unknown>[];
  disputes: Record<string, unknown>[];
  promises: { open: Record<string, unknown>[]; kept: number; broken: number; keptRate: number | null; recent?: Record<string, unknown>[] };
  surveys: { nps: { score: number; detractor?: boolean } | null; csat: { score: number } | null };
  consent: Record<string, { granted: boolean; at: string; department: string }>;
  recentContacts: { at: string; department: string; channel: string; event: string; purpose?: string }[];
  orders: { count: number; revenue: number; lastOrderAt: string | null; cancelled: number; refunded: number };
  churnedAt: string | null;
  flags: string[];
}
interface Customer {
  id: string;
  identifiers: Identifier[];
  merges: unknown[];
  conflicts: unknown[];
  state: CustomerState;
}

export function CustomerPage({ customerRef }: { customerRef: string }) {
  const result = useApi<Customer>(`/v1/customers/${refPath(customerRef)}`);
  return (
    <>
      <SearchForm initial="" compact />
      <ApiView result={result} what="this customer" api="GET /v1/customers/{ref}">
        {(c) => (
          <div className="customer" data-testid="customer" data-customer-id={c.id}>
            <Profile customer={c} />
            <LiveState state={c.state} />
            <HealthPanel customerRef={customerRef} />
            <Timeline customerRef={customerRef} />
            <DecisionsList customerRef={customerRef} />
          </div>
        )}
      </ApiView>
    </>
  );
}

function Profile({ customer }: { customer: Customer }) {
  const t = customer.state.traits;
  const name = typeof t.name === 'string' ? t.name : [t.first_name, t.last_name].filter((x) => typeof x === 'string').join(' ') || customer.id;
  return (
    <section aria-labelledby="profile-title" className="panel">
      <h2 id="profile-title" data-testid="customer-name">
        {name}
      </h2>
      <p className="meta">
        <code>{customer.id}</code> · first seen {when(customer.state.firstSeenAt)} · last seen {when(customer.state.lastSeenAt)} · time zone {customer.state.timezone ?? 'unknown'}
        {customer.merges.length > 0 ? ` · ${customer.merges.length} merge(s)` : ''}
        {customer.conflicts.length > 0 ? ` · ${customer.conflicts.length} identity conflict(s) to review` : ''}
      </p>
      <h3>Identifiers, and the department that brought each</h3>
      <ul className="identifiers" data-testid="identifiers">
        {customer.identifiers.map((i) => (
          <li key={`${i.type}:${i.value}:${i.source}`}>
            <span className="id-type">{i.type}</span> <span className="id-value">{i.value}</span> <DeptBadge department={i.department} /> <span className="meta">via {i.source}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function describe(item: Record<string, unknown>): string {
  const keys = ['subject', 'reason', 'severity', 'type', 'orderId', 'ticketId', 'amount', 'eta', 'dueAt', 'lateByHours', 'overdueByHours', 'ageHours', 'causedBy'];
  return keys
    .filter((k) => item[k] !== undefined && item[k] !== null && item[k] !== '')
    .map((k) => `${k.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${cell(item[k])}`)
    .join(' · ');
}

function LiveState({ state }: { state: CustomerState }) {
  const open: { kind: string; id: string; item: Record<string, unknown> }[] = [
    ...state.complaints.map((item) => ({ kind: 'Complaint', id: String(item.complaintId ?? ''), item })),
    ...state.tickets.map((item) => ({ kind: 'Ticket', id: String(item.ticketId ?? ''), item })),
    ...state.shipments.map((item) => ({ kind: item.late ? 'Late shipment' : 'Shipment', id: String(item.shipmentId ?? ''), item })),
    ...state.refunds.map((item) => ({ kind: 'Refund pending', id: String(item.refundId ?? ''), item })),
    ...state.disputes.map((item) => ({ kind: 'Dispute', id: String(item.disputeId ?? ''), item })),
    ...state.promises.open.map((item) => ({ kind: item.overdue ? 'Promise overdue' : 'Promise', id: String(item.promiseId ?? ''), item })),
  ];
  const consent = Object.entries(state.consent);
  return (
    <section aria-labelledby="state-title" className="panel">
      <h2 id="state-title">Live state</h2>
      <ul className="flags" aria-label="Flags" data-testid="flags">
        {state.flags.length === 0 ? <li className="flag ok">no flags: nothing open that stops contact</li> : state.flags.map((f) => <li key={f} className="flag">{codeLabel(f)}</li>)}
      </ul>
      <dl className="facts">
        <div>
          <dt>Orders</dt>
          <dd>
            {num(state.orders.count)} · revenue {money(state.orders.revenue)} · last {when(state.orders.lastOrderAt)}
          </dd>
        </div>
        <div>
          <dt>Promises</dt>
          <dd>
            {num(state.promises.open.length)} open · {num(state.promises.kept)} kept · {num(state.promises.broken)} broken · kept rate {pct(state.promises.keptRate)}
          </dd>
        </div>
        <div>
          <dt>Surveys</dt>
          <dd>
            NPS {state.surveys.nps ? num(state.surveys.nps.score) : '—'} · CSAT {state.surveys.csat ? num(state.surveys.csat.score) : '—'}
          </dd>
        </div>
        <div>
          <dt>Consent</dt>
          <dd>{consent.length === 0 ? 'none recorded' : consent.map(([purpose, c]) => `${purpose} ${c.granted ? 'granted' : 'withdrawn'}`).join(' · ')}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd>{num(state.eventCount)}</dd>
        </div>
        {state.churnedAt ? (
          <div>
            <dt>Churned</dt>
            <dd>{when(state.churnedAt)}</dd>
          </div>
        ) : null}
      </dl>
      <h3>Open with a department</h3>
      {open.length === 0 ? (
        <p>Nothing open.</p>
      ) : (
        <ul className="open-items" data-testid="open-items">
          {open.map((o) => (
            <li key={`${o.kind}-${o.id}`}>
              <DeptBadge department={String(o.item.department ?? 'unknown')} /> <strong>{o.kind}</strong> {o.id} <span className="meta">{describe(o.item)}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Recent contacts</h3>
      {state.recentContacts.length === 0 ? (
        <p>No contacts reported.</p>
      ) : (
        <ul className="contacts">
          {state.recentContacts.slice(0, 8).map((c, i) => (
            <li key={i}>
              <DeptBadge department={c.department} /> {c.channel} · {c.event}
              {c.purpose ? ` (${c.purpose})` : ''} · {when(c.at)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface Health {
  score: number;
  band: string;
  parts: { measure: string; score: number; weight: number; explanation: string }[];
  triggers?: unknown[];
}

const toPercent = (score: number): number => (score <= 1 ? score * 100 : score);

function HealthPanel({ customerRef }: { customerRef: string }) {
  const result = useApi<Health>(`/v1/customers/${refPath(customerRef)}/health`);
  return (
    <section aria-labelledby="health-title" className="panel">
      <h2 id="health-title">Relationship health</h2>
      <ApiView result={result} what="relationship health" api="GET /v1/customers/{ref}/health">
        {(h) => (
          <div data-testid="health">
            <p className="health-score">
              <span className="card-value">{num(toPercent(h.score))}</span> / 100 · <strong>{h.band}</strong>
            </p>
            <ul className="health-parts">
              {h.parts.map((p) => (
                <li key={p.measure}>
                  <label htmlFor={`part-${p.measure}`}>
                    {codeLabel(p.measure)} <span className="meta">(weight {num(p.weight)})</span>
                  </label>
                  <meter id={`part-${p.measure}`} min={0} max={100} low={40} high={70} optimum={100} value={toPercent(p.score)}>
                    {num(toPercent(p.score))}
                  </meter>
                  <span className="num"> {num(toPercent(p.score))}</span>
                  <p className="meta">{p.explanation}</p>
                </li>
              ))}
            </ul>
            {h.triggers && h.triggers.length > 0 ? (
              <>
                <h3>What would change it</h3>
                <ul>
                  {h.triggers.map((t, i) => (
                    <li key={i}>{isRecord(t) ? String(t.message ?? t.explanation ?? t.code ?? JSON.stringify(t)) : String(t)}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        )}
      </ApiView>
    </section>
  );
}

interface TimelineEvent {
  id: number;
  event: string;
  type: string;
  department: string;
  source: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

const KEY_PROPS = ['order_id', 'ticket_id', 'shipment_id', 'refund_id', 'promise_id', 'subject', 'reason', 'total', 'revenue', 'amount', 'status', 'channel', 'campaign_id', 'score', 'name', 'path'];
const PAGE = 150;

function Timeline({ customerRef }: { customerRef: string }) {
  const result = useApi<{ events: TimelineEvent[]; nextCursor: string | null }>(`/v1/customers/${refPath(customerRef)}/timeline?limit=1000`);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [shown, setShown] = useState(PAGE);
  return (
    <section aria-labelledby="timeline-title" className="panel">
      <h2 id="timeline-title">Timeline: every department, newest first</h2>
      <ApiView result={result} what="the timeline" api="GET /v1/customers/{ref}/timeline">
        {(t) => {
          const counts = new Map<string, number>();
          for (const e of t.events) counts.set(e.department, (counts.get(e.department) ?? 0) + 1);
          const departments = [...counts.keys()].sort();
          const events = t.events.filter((e) => !hidden.has(e.department)).reverse();
          if (t.events.length === 0) return <EmptyState title="No events for this customer yet." />;
          return (
            <>
              <fieldset className="dept-filter">
                <legend>Departments shown</legend>
                {departments.map((d) => (
                  <label key={d} className="check" style={{ borderColor: departmentColour(d) }}>
                    <input
                      type="checkbox"
                      checked={!hidden.has(d)}
                      onChange={() =>
                        setHidden((h) => {
                          const next = new Set(h);
                          if (next.has(d)) next.delete(d);
                          else next.add(d);
                          return next;
                        })
                      }
                    />
                    <DeptBadge department={d} /> {num(counts.get(d) ?? 0)}
                  </label>
                ))}
              </fieldset>
              <TimelineChart departments={departments} counts={counts} />
              {t.nextCursor ? <p className="help">Showing the first 1,000 events.</p> : null}
              <ol className="timeline" data-testid="timeline" tabIndex={0} aria-label="Events, newest first">
                {events.slice(0, shown).map((e) => (
                  <li key={e.id} data-department={e.department} style={{ borderLeftColor: departmentColour(e.department) }}>
                    <DeptBadge department={e.department} /> <strong className="event-name">{e.event}</strong>{' '}
                    <time dateTime={e.timestamp} className="meta">
                      {when(e.timestamp)}
                    </time>
                    <span className="meta"> · {e.source}</span>
                    <span className="props">
                      {KEY_PROPS.filter((k) => e.properties[k] !== undefined)
                        .slice(0, 4)
                        .map((k) => `${k.replace(/_/g, ' ')}: ${cell(e.properties[k])}`)
                        .join(' · ')}
                    </span>
                  </li>
                ))}
              </ol>
              {events.length > shown ? (
                <button type="button" className="secondary" onClick={() => setShown((s) => s + PAGE)}>
                  Show {Math.min(PAGE, events.length - shown)} older events
                </button>
              ) : null}
            </>
          );
        }}
      </ApiView>
    </section>
  );
}

function TimelineChart({ departments, counts }: { departments: string[]; counts: Map<string, number> }) {
  const series = useMemo(
    () => departments.map((d) => ({ label: d, data: departments.map((x) => (x === d ? (counts.get(d) ?? 0) : null)), colour: departmentColour(d) })),
    [departments, counts],
  );
  return (
    <ChartFigure
      title="Events by department"
      summary={departments.map((d) => `${d} ${counts.get(d) ?? 0}`).join(', ')}
      kind="bar"
      stacked
      labels={departments}
      series={series}
      yLabel="events"
    />
  );
}

interface DecisionRow {
  decisionId: string;
  decidedAt: string;
  department: string;
  channel: string;
  purpose: string;
  messageId: string | null;
  decision: 'send' | 'suppress' | 'defer';
  until?: string;
  policyVersion: string;
  actor: string;
  reasons: { code: string; stage: string; department: string; message: string; evidence: string[] }[];
}

const STOPPING = /^(consent\.(withdrawn|channel_withdrawn|missing)|suppression\.(?!clear|exempt)|cooldown\.(?!clear)|cap\.exceeded|quiet_hours\.deferred)/;

export function DecisionsList({ customerRef, title = 'Contact decisions, and why' }: { customerRef: string; title?: string }) {
  const result = useApi<{ decisions: DecisionRow[] }>(`/v1/customers/${refPath(customerRef)}/decisions?limit=50`);
  return (
    <section aria-labelledby="decisions-title" className="panel">
      <h2 id="decisions-title">{title}</h2>
      <ApiView result={result} what="decisions" api="GET /v1/customers/{ref}/decisions">
        {(d) =>
          d.decisions.length === 0 ? (
            <EmptyState title="No contact decisions recorded for this customer yet.">
              <p>
                Every department asks <code>POST /v1/decide</code> before it contacts a customer; each answer is listed here with its reasons. Try one on the{' '}
                <Link to={`/decisions?customer=${encodeURIComponent(customerRef)}`}>Decisions page</Link>.
              </p>
            </EmptyState>
          ) : (
            <ol className="decisions" data-testid="decisions">
              {d.decisions.map((x) => (
                <li key={x.decisionId}>
                  <p>
                    <span className={`outcome ${x.decision}`}>{x.decision}</span> <DeptBadge department={x.department} /> {x.purpose} by {x.channel}
                    {x.messageId ? ` · ${x.messageId}` : ''} · {when(x.decidedAt)}
                    {x.until ? ` · until ${when(x.until)}` : ''} <span className="meta">· policy {x.policyVersion} · asked by {x.actor}</span>
                  </p>
                  <ul className="reasons">
                    {x.reasons.map((r, i) => (
                      <li key={i} className={STOPPING.test(r.code) ? 'stopping' : undefined}>
                        <code>{r.code}</code> {r.message} <DeptBadge department={r.department} />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          )
        }
      </ApiView>
    </section>
  );
}
