/**
 * Front door: the queues, one request with its internal work items, and a preview of what the
 * customer sees — one plain status and only the messages meant for them, never a department,
 * queue or agent name.
 */
import { type FormEvent, useState } from 'react';
import { useApi } from '../api';
import { ChartFigure } from '../components/chart';
import { type Column, DataTable, inferColumns } from '../components/data-table';
import { DeptBadge } from '../components/department';
import { ApiView, EmptyState } from '../components/states';
import { cell, num, when } from '../format';
import { Link, navigate } from '../router';
import { listIn } from '../shapes';

export function FrontDoorPage({ requestId }: { requestId: string }) {
  return (
    <>
      <Queues />
      <RecentRequests />
      <RequestLookup initial={requestId} />
      {requestId ? <RequestDetail id={requestId} /> : null}
    </>
  );
}

function Queues() {
  const result = useApi<unknown>('/v1/queues');
  return (
    <section aria-labelledby="queues-title" className="panel">
      <h2 id="queues-title">Queues</h2>
      <ApiView result={result} what="queues" api="GET /v1/queues">
        {(data) => {
          const queues = listIn(data, 'queues');
          if (queues.length === 0) return <EmptyState title="No queue has work." />;
          const name = (q: Record<string, unknown>): string => String(q.queue ?? q.name ?? q.id ?? '?');
          // Charted only when something waits: a row of zero bars says less than the table.
          const openKey = ['open', 'openItems', 'waiting', 'count', 'items'].find((k) => queues.some((q) => typeof q[k] === 'number' && q[k] > 0));
          const columns: Column<Record<string, unknown>>[] = inferColumns(queues).map((c) => (c.key === 'department' ? { ...c, render: (q) => <DeptBadge department={String(q.department)} /> } : c));
          return (
            <>
              <DataTable caption="Work waiting per queue" rows={queues} columns={columns} testId="queues" />
              {openKey ? (
                <ChartFigure
                  title="Open work items per queue"
                  summary={queues.map((q) => `${name(q)} ${cell(q[openKey])}`).join(', ')}
                  kind="bar"
                  labels={queues.map(name)}
                  series={[{ label: openKey, data: queues.map((q) => (typeof q[openKey] === 'number' ? q[openKey] : null)), colour: '#B04A00' }]}
                  yLabel="work items"
                />
              ) : null}
            </>
          );
        }}
      </ApiView>
    </section>
  );
}

/** Newest requests, when the server lists them; silent when it does not. */
function RecentRequests() {
  const result = useApi<unknown>('/v1/requests?limit=20');
  if (result.state !== 'ok') return null;
  const requests = listIn(result.data, 'requests');
  if (requests.length === 0) return null;
  return (
    <section aria-labelledby="requests-title" className="panel">
      <h2 id="requests-title">Recent requests</h2>
      <DataTable
        caption="Newest first"
        rows={requests}
        testId="requests"
        columns={[
          { key: 'id', label: 'Request', render: (r) => <Link to={`/front-door/requests/${encodeURIComponent(String(r.id))}`}>{String(r.id)}</Link> },
          { key: 'intents', label: 'Intents', render: (r) => (Array.isArray(r.intents) ? r.intents.join(', ') : cell(r.intents)) },
          { key: 'customerStatus', label: 'What the customer sees', render: (r) => STATUS_WORDS[String(r.customerStatus ?? r.status)]?.label ?? cell(r.customerStatus ?? r.status) },
          { key: 'channel', label: 'Channel' },
          { key: 'customerId', label: 'Customer', render: (r) => (r.customerId ? <Link to={`/customers/${encodeURIComponent(String(r.customerId))}`}>{String(r.customerId)}</Link> : '—') },
          { key: 'createdAt', label: 'Received' },
        ]}
      />
    </section>
  );
}

function RequestLookup({ initial }: { initial: string }) {
  const [id, setId] = useState(initial);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (id.trim()) navigate(`/front-door/requests/${encodeURIComponent(id.trim())}`);
  };
  return (
    <section aria-labelledby="lookup-title" className="panel">
      <h2 id="lookup-title">A request</h2>
      <form className="search compact" onSubmit={submit}>
        <div className="field">
          <label htmlFor="request-id">Request id</label>
          <input id="request-id" type="search" value={id} onChange={(e) => setId(e.target.value)} placeholder="req_…" autoComplete="off" />
        </div>
        <button type="submit">Open</button>
      </form>
    </section>
  );
}

interface WorkItem {
  id: string;
  intent: string;
  queue: string;
  team?: string | null;
  department?: string | null;
  assignee: string | null;
  status: string;
  clause?: string;
  confidence?: number;
  sla?: { firstResponse?: { dueAt: string }; resolution?: { dueAt: string } } | null;
}
interface RequestMessage {
  author?: string;
  from?: string;
  visibility?: string;
  text: string;
  at?: string;
  createdAt?: string;
}
interface CustomerView {
  reference?: string;
  status?: string;
  statusLabel?: string;
  statusText?: string;
  subject?: string | null;
  messages?: { from: string; text: string; at: string }[];
}
interface RequestView {
  id: string;
  customerId?: string;
  channel?: string;
  subject?: string | null;
  status?: string;
  /** The one status the customer sees (received, working_on_it, need_something_from_you, resolved). */
  customerStatus?: string;
  intents?: unknown[];
  createdAt?: string;
  workItems: WorkItem[];
  messages?: RequestMessage[];
  customerView?: CustomerView;
  customer?: CustomerView;
}

/** The customer's words for each status (the same as the customer status page). */
const STATUS_WORDS: Record<string, { label: string; text: string }> = {
  received: { label: 'Received', text: 'We have your message and will look at it shortly.' },
  working_on_it: { label: 'Working on it', text: 'We are working on your request. We will write here as soon as we know more.' },
  need_something_from_you: { label: 'We need something from you', text: 'We need a little more from you to go on: please read our last message and reply below.' },
  resolved: { label: 'Resolved', text: 'Your request is resolved. If anything is still wrong, reply below and we will pick it up again.' },
};

function customerPreview(r: RequestView): CustomerView {
  const given = r.customerView ?? r.customer;
  if (given && (given.statusLabel || given.messages)) return given;
  const words = STATUS_WORDS[r.customerStatus ?? r.status ?? ''] ?? STATUS_WORDS.received!;
  return {
    reference: r.id,
    statusLabel: words.label,
    statusText: words.text,
    subject: r.subject ?? null,
    messages: (r.messages ?? [])
      .filter((m) => m.visibility === 'customer')
      .map((m) => ({ from: m.author === 'customer' || m.from === 'customer' || m.from === 'you' ? 'you' : 'us', text: m.text, at: m.at ?? m.createdAt ?? '' })),
  };
}

function RequestDetail({ id }: { id: string }) {
  const result = useApi<RequestView>(`/v1/requests/${encodeURIComponent(id)}`);
  return (
    <ApiView result={result} what="this request" api="GET /v1/requests/{id}">
      {(r) => {
        const preview = customerPreview(r);
        return (
          <>
            <section aria-labelledby="request-title" className="panel" data-testid="request">
              <h2 id="request-title">
                Request {r.id}
                {r.subject ? `: ${r.subject}` : ''}
              </h2>
              <p className="meta">
                {r.channel ?? ''} · received {when(r.createdAt)} · the customer sees “{preview.statusLabel ?? '—'}”
                {r.customerId ? (
                  <>
                    {' '}
                    · customer <Link to={`/customers/${encodeURIComponent(r.customerId)}`}>{r.customerId}</Link>
                  </>
                ) : null}
              </p>
              <h3>Work items</h3>
              {r.workItems.length === 0 ? (
                <p>No work item.</p>
              ) : (
                <DataTable
                  caption="Internal work items: one per intent, each routed to a queue"
                  rows={r.workItems}
                  testId="work-items"
                  columns={[
                    { key: 'intent', label: 'Intent', render: (w) => <>{w.intent}{w.clause ? <span className="meta"> — “{w.clause}”</span> : null}</> },
                    { key: 'queue', label: 'Routed to', render: (w) => <>{w.department ? <DeptBadge department={w.department} /> : null} {w.queue}{w.team ? ` (${w.team})` : ''}</> },
                    { key: 'assignee', label: 'Assignee', render: (w) => w.assignee ?? 'unassigned' },
                    { key: 'status', label: 'Status' },
                    { key: 'sla', label: 'Resolution due', render: (w) => when(w.sla?.resolution?.dueAt) },
                    { key: 'id', label: 'Work item', render: (w) => <code>{w.id}</code> },
                  ]}
                />
              )}
              {r.messages && r.messages.length > 0 ? (
                <>
                  <h3>Messages (internal view)</h3>
                  <ol className="messages">
                    {r.messages.map((m, i) => (
                      <li key={i} className={m.visibility === 'internal' ? 'internal' : undefined}>
                        <p className="meta">
                          {m.author ?? m.from ?? '?'} · {m.visibility ?? 'customer'} · {when(m.at ?? m.createdAt)}
                        </p>
                        <p>{m.text}</p>
                      </li>
                    ))}
                  </ol>
                </>
              ) : null}
            </section>
            <section aria-labelledby="preview-title" className="panel">
              <h2 id="preview-title">What the customer sees</h2>
              <div className="customer-preview" data-testid="customer-preview">
                <p className="meta">Reference {preview.reference ?? r.id}</p>
                <div className="preview-status">
                  <p>Status</p>
                  <p className="preview-label">{preview.statusLabel ?? '—'}</p>
                  <p>{preview.statusText}</p>
                </div>
                <ol className="messages">
                  {(preview.messages ?? []).map((m, i) => (
                    <li key={i}>
                      <p className="meta">
                        {m.from === 'you' ? 'You' : 'Us'}, {when(m.at)}
                      </p>
                      <p>{m.text}</p>
                    </li>
                  ))}
                </ol>
                {(preview.messages ?? []).length === 0 ? <p>No messages yet.</p> : null}
              </div>
              <p className="help">{num((preview.messages ?? []).length)} customer-safe message(s); internal notes, queues and departments are never shown to the customer.</p>
            </section>
          </>
        );
      }}
    </ApiView>
  );
}
