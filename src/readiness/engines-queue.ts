/**
 * The queueing figures the readiness report needs, on top of erlang.ts and erlang-a.ts:
 * the service an interval gets from its roster, and the agents it needs.
 */
import { erlangC, erlangCWithB, erlangB, nextErlangB } from './erlang.js';
import { erlangA } from './erlang-a.js';

export interface IntervalService {
  serviceLevel: number;
  asaSeconds: number;
  pAbandon?: number;
  model: 'erlang-c' | 'erlang-a';
}

/**
 * Service level and ASA for `agents` at load A: Erlang C when agents > A; Erlang A when the
 * queue is overloaded and patience is known; otherwise nobody is answered in time (SL 0).
 */
export function serviceAt(load: number, agents: number, ahtSeconds: number, targetSeconds: number, patienceSeconds?: number): IntervalService {
  if (load <= 0) return { serviceLevel: 1, asaSeconds: 0, model: 'erlang-c' };
  const agentsWhole = Math.max(0, Math.floor(agents));
  if (agentsWhole > load) {
    const c = erlangC(agentsWhole, load, ahtSeconds, targetSeconds);
    if (!c.overloaded) return { serviceLevel: c.serviceLevel, asaSeconds: c.asaSeconds, model: 'erlang-c' };
  }
  if (patienceSeconds !== undefined && agentsWhole > 0) {
    try {
      const a = erlangA({ agents: agentsWhole, load, ahtSeconds, targetSeconds, patienceSeconds });
      return { serviceLevel: a.serviceLevel, asaSeconds: a.asaSeconds, pAbandon: a.pAbandon, model: 'erlang-a' };
    } catch {
      // Too deep an overload to evaluate: treat as nobody answered in time.
    }
  }
  return { serviceLevel: 0, asaSeconds: Number.POSITIVE_INFINITY, model: 'erlang-c' };
}

/** The fewest agents meeting SL ≥ target within T (Erlang C) and occupancy A/N ≤ cap. */
export function agentsFor(load: number, ahtSeconds: number, target: number, targetSeconds: number, occupancyCap: number): number {
  if (load <= 0) return 0;
  let n = Math.max(1, Math.floor(load) + 1, Math.ceil(load / occupancyCap));
  let b = erlangB(n, load);
  for (;;) {
    const c = erlangCWithB(n, load, ahtSeconds, targetSeconds, b);
    if (!c.overloaded && c.serviceLevel >= target) return n;
    n++;
    b = nextErlangB(b, n, load);
  }
}
