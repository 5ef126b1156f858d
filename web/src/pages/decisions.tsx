/**
 * Decisions: the active contact policy, a customer's recent decisions (and a form to ask for
 * one), and policy simulation — edit the policy, replay it over every customer, and see the
 * diff: the lines that changed and the decisions that would change with them.
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, ApiError, refPath, useApi } from '../api';
import { ChartFigure } from '../components/chart';
import { DeptBadge } from '../components/department';
import { ApiView, EmptyState, ErrorBox } from '../components/states';
import { departmentColour, KNOWN_DEPARTMENTS } from '../departments';
import { codeLabel, num, when } from '../format';
import { hunks, lineDiff } from '../line-diff';
import { Link } from '../router';
import { useSession } from '../session';
import { candidateRefs } from '../refs';
import { DecisionsList } from './customers';

interface PolicyView {
  version: string;
  appliedBy: string | null;
  appliedAt: string | null;
  document: string;
  policy: {
    description?: string;
    departments?: { name: string; weight: number }[];
    suppressions?: { when: string; blocks: string[]; within?: string; olderThan?: string }[];
    caps?: { name: string; window: string; max: number; purposes?: string[]; channels?: string[] }[];
  };
}

export function DecisionsPage({ initialCustomer }: { initialCustomer: string }) {
  const policy = useApi<PolicyView>('/v1/policy');
  return (
    <ApiView result={policy} what="the contact policy" api="GET /v1/policy">
      {(p) => (
        <>
          <ActivePolicy policy={p} />
          <CustomerDecisions initial={initialCustomer} />
          <Simulate policy={p} />
        </>
      )}
    </ApiView>
  );
}

function ActivePolicy({ policy }: { policy: PolicyView }) {
  const p = policy.policy;
  return (
    <section aria-labelledby="policy-title" className="panel">
      <h2 id="policy-title">Active policy</h2>
      <p data-testid="policy-version">
        Version <strong>{policy.version}</strong>, applied by {policy.appliedBy ?? 'nobody yet'} {policy.appliedAt ? `on ${when(policy.appliedAt)}` : '(the shipped default)'}.
      </p>
      {p.description ? <p className="lede">{p.description}</p> : null}
      <div className="columns">
        {p.departments ? (
          <div>
            <h3>Priority, most important first</h3>
            <ol className="priority">
              {p.departments.map((d) => (
                <li key={d.name}>
                  <DeptBadge department={d.name} /> weight {num(d.weight)}
                </li>
              ))}
            </ol>
          </div>
        ) : null}
        {p.suppressions ? (
          <div>
            <h3>Hard suppressions</h3>
            <ul>
              {p.suppressions.map((s, i) => (
                <li key={i}>
                  {codeLabel(s.when)}
                  {s.within ? ` (within ${s.within})` : ''}
                  {s.olderThan ? ` (older than ${s.olderThan})` : ''} stops {s.blocks.join(', ')}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {p.caps ? (
          <div>
            <h3>Frequency caps</h3>
            <ul>
              {p.caps.map((c) => (
                <li key={c.name}>
                  {c.name}: at most {c.max} per {c.window}
                  {c.purposes ? ` for ${c.purposes.join(', ')}` : ''}
                  {c.channels ? ` by ${c.channels.join(', ')}` : ''}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <details>
        <summary>The policy file</summary>
        <pre className="code-block" tabIndex={0} aria-label="Active policy file">
          {policy.document}
        </pre>
      </details>
    </section>
  );
}

interface DecideResult {
  decision: string;
  until?: string;
  reasons: { code: string; department: string; message: string }[];
  policyVersion: string;
}

function CustomerDecisions({ initial }: { initial: string }) {
  const { session } = useSession();
  const [text, setText] = useState(initial);
  const [ref, setRef] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [department, setDepartment] = useState(session.role && session.role !== 'admin' ? session.role : 'marketing');
  const [purpose, setPurpose] = useState('marketing');
  const [channel, setChannel] = useState('email');
  const [asked, setAsked] = useState<DecideResult | null>(null);
  const [generation, setGeneration] = useState(0);

  const resolve = useCallback(async (query: string): Promise<void> => {
    setError(null);
    setAsked(null);
    for (const candidate of candidateRefs(query, 'auto')) {
      try {
        await api(`/v1/customers/${refPath(candidate)}`);
        setRef(candidate);
        return;
      } catch (err) {
        if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 400)) {
          setError(err instanceof Error ? err.message : String(err));
          return;
        }
      }
    }
    setRef(null);
    setError(query.trim() === '' ? 'Type a customer identifier.' : `No customer has the identifier “${query.trim()}”.`);
  }, []);
  useEffect(() => {
    if (initial !== '') void resolve(initial);
  }, [initial, resolve]);
  const find = (e: FormEvent): void => {
    e.preventDefault();
    void resolve(text);
  };

  const ask = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (ref === null) return;
    setError(null);
    try {
      setAsked(await api<DecideResult>('/v1/decide', { body: { customer: ref, department, channel, purpose, message: { id: 'dashboard-preview' } } }));
      setGeneration((g) => g + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section aria-labelledby="recent-title" className="panel">
      <h2 id="recent-title">Recent decisions for a customer</h2>
      <form className="search compact" onSubmit={find}>
        <div className="field">
          <label htmlFor="decisions-customer">Customer (any identifier)</label>
          <input id="decisions-customer" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="ann@example.com or u-17" autoComplete="off" />
        </div>
        <button type="submit">Show decisions</button>
      </form>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {ref === null ? (
        <p className="help">Decisions are recorded per customer: choose one to see what each department asked and why Tutti answered as it did.</p>
      ) : (
        <>
          <form className="ask" onSubmit={(e) => void ask(e)} aria-label="Ask for a decision">
            <p>
              May a department contact <Link to={`/customers/${refPath(ref)}`}>{ref}</Link> now? (A preview: nothing is reserved.)
            </p>
            <div className="field">
              <label htmlFor="ask-department">Department</label>
              <select id="ask-department" value={department} onChange={(e) => setDepartment(e.target.value)}>
                {KNOWN_DEPARTMENTS.map((d) => (
                  <option key={d}>{d}</option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="ask-purpose">Purpose</label>
              <select id="ask-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
                {['transactional', 'service', 'sales', 'marketing'].map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="ask-channel">Channel</label>
              <select id="ask-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
                {['email', 'sms', 'call', 'push'].map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </div>
            <button type="submit">Ask</button>
          </form>
          {asked ? (
            <div className="answer" role="status">
              <p>
                <span className={`outcome ${asked.decision}`}>{asked.decision}</span> {asked.until ? `until ${when(asked.until)}` : ''} (policy {asked.policyVersion})
              </p>
              <ul className="reasons">
                {asked.reasons.map((r, i) => (
                  <li key={i}>
                    <code>{r.code}</code> {r.message} <DeptBadge department={r.department} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <DecisionsList key={`${ref}-${generation}`} customerRef={ref} title="Their decisions, newest first" />
        </>
      )}
    </section>
  );
}

type Outcome = 'send' | 'suppress' | 'defer';
interface Simulation {
  currentVersion: string;
  proposedVersion: string;
  decisions: number;
  changed: number;
  outcomes: { current: Record<Outcome, number>; proposed: Record<Outcome, number> };
  byDepartment: Record<string, { decisions: number; changed: number; sendsBefore: number; sendsAfter: number }>;
  changes: { department: string; purpose: string; from: Outcome; to: Outcome; reason: string; previousReason: string; count: number; examples: string[] }[];
}

function Simulate({ policy }: { policy: PolicyView }) {
  const [draft, setDraft] = useState(policy.document);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ simulation: Simulation; document: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const run = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const simulation = await api<Simulation>('/v1/policies/simulate', { body: { policy: draft } });
      setResult({ simulation, document: draft });
    } catch (err) {
      setResult(null);
      setError(err instanceof ApiError ? err : new ApiError(0, 'network', String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="simulate-title" className="panel">
      <h2 id="simulate-title">Simulate a policy change</h2>
      <p className="lede">Edit the policy and replay it over every customer with each department’s usual outreach. Nothing is applied.</p>
      <form onSubmit={(e) => void run(e)}>
        <label htmlFor="policy-draft">Proposed policy (YAML or JSON)</label>
        <textarea id="policy-draft" name="policy" className="code-input" rows={18} spellCheck={false} value={draft} onChange={(e) => setDraft(e.target.value)} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Simulating…' : 'Simulate'}
          </button>
          <button type="button" className="secondary" onClick={() => setDraft(policy.document)} disabled={draft === policy.document}>
            Reset to the active policy
          </button>
        </div>
      </form>
      {error ? <SimulationError error={error} /> : null}
      {result ? <SimulationResult simulation={result.simulation} before={policy.document} after={result.document} /> : null}
    </section>
  );
}

function SimulationError({ error }: { error: ApiError }) {
  const problems = (error.details as { errors?: { line?: number; column?: number; message: string }[] } | undefined)?.errors;
  if (!problems || problems.length === 0) return <ErrorBox error={error} what="the simulation" />;
  return (
    <div className="error" role="alert">
      <p>
        <strong>The proposed policy has problems:</strong>
      </p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {p.line ? `line ${p.line}${p.column ? `:${p.column}` : ''}: ` : ''}
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function SimulationResult({ simulation: s, before, after }: { simulation: Simulation; before: string; after: string }) {
  const diff = hunks(lineDiff(before, after));
  const outcomes: Outcome[] = ['send', 'defer', 'suppress'];
  const departments = Object.keys(s.byDepartment);
  return (
    <div className="simulation" data-testid="simulation" role="region" aria-label="Simulation result">
      <h3>
        {s.currentVersion} → {s.proposedVersion}: {num(s.changed)} of {num(s.decisions)} decisions change
      </h3>
      <h4>What changed in the file</h4>
      {diff.length === 0 ? (
        <p>The proposed file is the active one.</p>
      ) : (
        <pre className="diff" data-testid="policy-diff" tabIndex={0} aria-label="Line changes in the policy file">
          {diff.map((d, i) =>
            d === null ? (
              <span key={i} className="gap">
                {'⋯\n'}
              </span>
            ) : (
              <span key={i} className={d.kind}>
                {d.kind === 'added' ? '+ ' : d.kind === 'removed' ? '− ' : '  '}
                {d.text}
                {'\n'}
              </span>
            ),
          )}
        </pre>
      )}
      <h4>What changes for customers</h4>
      {s.changes.length === 0 ? (
        <EmptyState title="No decision would change." />
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Decision changes">
          <table data-testid="simulation-changes">
            <caption>Kinds of change, most frequent first</caption>
            <thead>
              <tr>
                <th scope="col">Department</th>
                <th scope="col">Purpose</th>
                <th scope="col">Before → after</th>
                <th scope="col">Because now</th>
                <th scope="col">Because before</th>
                <th scope="col" className="num">
                  Customers
                </th>
                <th scope="col">For example</th>
              </tr>
            </thead>
            <tbody>
              {s.changes.map((c, i) => (
                <tr key={i}>
                  <td>
                    <DeptBadge department={c.department} />
                  </td>
                  <td>{c.purpose}</td>
                  <td>
                    <span className={`outcome ${c.from}`}>{c.from}</span> → <span className={`outcome ${c.to}`}>{c.to}</span>
                  </td>
                  <td>{c.reason ? codeLabel(c.reason) : '—'}</td>
                  <td>{c.previousReason ? codeLabel(c.previousReason) : '—'}</td>
                  <td className="num">{num(c.count)}</td>
                  <td>
                    {c.examples.slice(0, 3).map((id) => (
                      <Link key={id} to={`/customers/${id}`} className="example">
                        {id}
                      </Link>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ChartFigure
        title="Outcomes before and after"
        summary={outcomes.map((o) => `${o}: ${s.outcomes.current[o]} before, ${s.outcomes.proposed[o]} after`).join('; ')}
        kind="bar"
        labels={outcomes}
        series={[
          { label: `now (${s.currentVersion})`, data: outcomes.map((o) => s.outcomes.current[o]), colour: '#5A5F66' },
          { label: `proposed (${s.proposedVersion})`, data: outcomes.map((o) => s.outcomes.proposed[o]), colour: '#1C5FAF' },
        ]}
        yLabel="decisions"
      />
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Sends per department">
        <table>
          <caption>Sends per department</caption>
          <thead>
            <tr>
              <th scope="col">Department</th>
              <th scope="col" className="num">
                Decisions
              </th>
              <th scope="col" className="num">
                Changed
              </th>
              <th scope="col" className="num">
                Sends now
              </th>
              <th scope="col" className="num">
                Sends proposed
              </th>
            </tr>
          </thead>
          <tbody>
            {departments.map((d) => {
              const x = s.byDepartment[d]!;
              return (
                <tr key={d} style={x.changed > 0 ? { boxShadow: `inset 4px 0 0 ${departmentColour(d)}` } : undefined}>
                  <td>
                    <DeptBadge department={d} />
                  </td>
                  <td className="num">{num(x.decisions)}</td>
                  <td className="num">{num(x.changed)}</td>
                  <td className="num">{num(x.sendsBefore)}</td>
                  <td className="num">{num(x.sendsAfter)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
