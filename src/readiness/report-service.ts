/**
 * Service: contacts the campaign brings against the roster.
 *
 * Contacts per day = baseline + contacts per order × orders (baseline + campaign) + contacts
 * per late order × late orders. A day's contacts are spread over its open intervals in
 * proportion to the roster (the roster follows the arrival pattern it was planned for); a
 * closed day's contacts wait for the next open day. Each interval is assessed with Erlang C,
 * or Erlang A when the queue is overloaded and patience is known; agents needed are the
 * minimum meeting the target (and the occupancy cap) at P50 and at the cost-based quantile
 * cu/(cu+cl) of demand (Ding & Koole: staff to a quantile, not the mean).
 */
import type { CampaignSpec } from './campaign-schema.js';
import type { ServiceCapability } from './capability-schema.js';
import { agentsFor, serviceAt } from './engines.js';
import type { Calendar } from './report-timeline.js';
import type { Finding, ServiceInterval, ServiceSection } from './report-types.js';

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The cost quantile for staffing: cu/(cu+cl), 5/(5+1) ≈ 0.83 by default. */
export function costQuantile(cap: ServiceCapability): number {
  const cu = cap.understaffingCost ?? 5;
  const cl = cap.overstaffingCost ?? 1;
  return cu / (cu + cl);
}

export function averageHandlingSeconds(cap: ServiceCapability): number {
  let aht = 0;
  let mix = 0;
  for (const [type, share] of Object.entries(cap.contactMix)) {
    aht += share * (cap.handlingTimeSeconds[type] ?? 0);
    mix += share;
  }
  return mix > 0 ? aht / mix : 0;
}

interface DaySlots {
  starts: string[];
  agents: number[];
}

/** The roster of a weekday (0 = Monday): its open intervals and agents. */
function rosterFor(cap: ServiceCapability, weekday: number): DaySlots {
  const rows = cap.roster.filter((r) => r.day === weekday && r.agentsOnQueue > 0).sort((a, b) => (a.start < b.start ? -1 : 1));
  return { starts: rows.map((r) => r.start), agents: rows.map((r) => r.agentsOnQueue) };
}

export function serviceSection(
  spec: CampaignSpec,
  cap: ServiceCapability,
  cal: Calendar,
  orders: { p50: number[]; p90: number[]; q: number[] },
  baselineOrders: number,
  lateOrdersP50: number[],
  q: number,
): { section: ServiceSection; findings: Finding[] } {
  const aht = averageHandlingSeconds(cap);
  const intervalSeconds = cap.intervalMinutes * 60;
  const target = { serviceLevel: cap.serviceLevel.target, seconds: cap.serviceLevel.seconds };
  const perDay = (campaign: number[], late: number[]): number[] => campaign.map((o, d) => cap.baselineContactsPerDay + cap.contactsPerOrder * (baselineOrders + o) + cap.contactsPerLateOrder * (late[d] ?? 0));
  const late90 = lateOrdersP50.map((l, d) => l * ((orders.p90[d] ?? 0) + baselineOrders) / Math.max(1e-9, (orders.p50[d] ?? 0) + baselineOrders));
  const lateQ = lateOrdersP50.map((l, d) => l * ((orders.q[d] ?? 0) + baselineOrders) / Math.max(1e-9, (orders.p50[d] ?? 0) + baselineOrders));
  const c50 = perDay(orders.p50, lateOrdersP50);
  const c90 = perDay(orders.p90, late90);
  const cq = perDay(orders.q, lateQ);
  const c0 = perDay(orders.p50.map(() => 0), []);

  const intervals: ServiceInterval[] = [];
  const daily: ServiceSection['daily'] = [];
  const carry = { p50: 0, p90: 0, q: 0, base: 0 };
  let alreadyBelow = 0;
  const supportPromises = spec.promises.filter((p) => p.type === 'support');
  const promiseMisses = supportPromises.map(() => ({ intervals: 0, worst: 1, first: '' as string, short: 0 }));
  for (let d = 0; d < cal.days; d++) {
    const date = cal.dates[d] ?? '';
    const weekday = (new Date(cal.start + d * 86_400_000).getUTCDay() + 6) % 7;
    const slots = rosterFor(cap, weekday);
    const day = { p50: (c50[d] ?? 0) + carry.p50, p90: (c90[d] ?? 0) + carry.p90, q: (cq[d] ?? 0) + carry.q, base: (c0[d] ?? 0) + carry.base };
    if (slots.agents.length === 0) {
      carry.p50 = day.p50;
      carry.p90 = day.p90;
      carry.q = day.q;
      carry.base = day.base;
      daily.push({ date, contactsP50: round(day.p50), contactsP90: round(day.p90), lowestServiceLevel: 1, agentIntervalsShortP50: 0, agentIntervalsShortQ: 0 });
      continue;
    }
    carry.p50 = carry.p90 = carry.q = carry.base = 0;
    const rostered = slots.agents.reduce((a, b) => a + b, 0);
    let lowest = 1;
    let shortP50 = 0;
    let shortQ = 0;
    slots.agents.forEach((agents, i) => {
      const share = agents / rostered;
      const load50 = (day.p50 * share * aht) / intervalSeconds;
      const loadQ = (day.q * share * aht) / intervalSeconds;
      const at = serviceAt(load50, agents, aht, target.seconds, cap.patienceSeconds);
      // Below target already without the campaign: the roster's own gap, reported apart.
      const without = serviceAt((day.base * share * aht) / intervalSeconds, agents, aht, target.seconds, cap.patienceSeconds);
      if (without.serviceLevel < target.serviceLevel) {
        alreadyBelow++;
        return;
      }
      const neededP50 = agentsFor(load50, aht, target.serviceLevel, target.seconds, cap.occupancyCap);
      const neededQ = agentsFor(loadQ, aht, target.serviceLevel, target.seconds, cap.occupancyCap);
      lowest = Math.min(lowest, at.serviceLevel);
      shortP50 += Math.max(0, neededP50 - agents);
      shortQ += Math.max(0, neededQ - agents);
      const start = slots.starts[i] ?? '';
      if (at.serviceLevel < target.serviceLevel || neededQ > agents) {
        intervals.push({
          date, start, contactsP50: round(day.p50 * share), contactsQ: round(day.q * share), agents,
          serviceLevel: round(at.serviceLevel, 4), asaSeconds: round(at.asaSeconds), neededP50, neededQ, model: at.model,
          ...(at.pAbandon === undefined ? {} : { pAbandon: round(at.pAbandon, 4) }),
        });
      }
      supportPromises.forEach((p, k) => {
        if (p.type !== 'support') return;
        const promised = serviceAt(load50, agents, aht, p.seconds, cap.patienceSeconds);
        if (promised.serviceLevel >= p.serviceLevel) return;
        const miss = promiseMisses[k] as { intervals: number; worst: number; first: string; short: number };
        miss.intervals++;
        miss.worst = Math.min(miss.worst, promised.serviceLevel);
        if (miss.first === '') miss.first = `${date} ${start}`;
        miss.short += Math.max(0, agentsFor(load50, aht, p.serviceLevel, p.seconds, cap.occupancyCap) - agents);
      });
    });
    daily.push({ date, contactsP50: round(day.p50), contactsP90: round(day.p90), lowestServiceLevel: round(lowest, 4), agentIntervalsShortP50: shortP50, agentIntervalsShortQ: shortQ });
  }

  const below = intervals.filter((i) => i.serviceLevel < target.serviceLevel);
  const worst = [...intervals].sort((a, b) => a.serviceLevel - b.serviceLevel).slice(0, 20);
  const formula = `contacts/day = ${cap.baselineContactsPerDay} + ${cap.contactsPerOrder} × orders + ${cap.contactsPerLateOrder} × late orders; spread over open intervals by the roster; load A = contacts × AHT ${round(aht)} s / ${intervalSeconds} s; SL(${target.seconds} s) by Erlang C (Erlang A when A ≥ agents${cap.patienceSeconds === undefined ? '' : `, patience ${cap.patienceSeconds} s`}); agents needed = min N with SL ≥ ${target.serviceLevel} and A/N ≤ ${cap.occupancyCap}`;
  const findings: Finding[] = [];
  const hoursPer = cap.intervalMinutes / 60;
  const totalShortP50 = daily.reduce((a, d) => a + d.agentIntervalsShortP50, 0);
  const totalShortQ = daily.reduce((a, d) => a + d.agentIntervalsShortQ, 0);
  if (alreadyBelow > 0) {
    findings.push({
      id: 'service.roster-gap',
      severity: 'warning',
      department: 'service',
      constraint: `service level ${Math.round(target.serviceLevel * 100)} % in ${target.seconds} s`,
      quantity: alreadyBelow,
      unit: 'intervals below target without the campaign',
      date: cal.dates[0] ?? null,
      message: `${alreadyBelow} intervals of the horizon are below ${Math.round(target.serviceLevel * 100)} % in ${target.seconds} s even without the campaign: the roster's own gap (left out of the campaign's figures).`,
      formula,
      mitigations: ['Review the roster for those intervals, whatever the campaign.'],
    });
  }
  if (below.length > 0 || totalShortQ > 0) {
    const blocker = below.length > 0;
    const first = (blocker ? below : intervals)[0] as ServiceInterval;
    const w = worst[0] as ServiceInterval;
    findings.push({
      id: 'service.service-level',
      severity: blocker ? 'blocker' : 'warning',
      department: 'service',
      constraint: `service level ${Math.round(target.serviceLevel * 100)} % in ${target.seconds} s`,
      quantity: round((blocker ? totalShortP50 : totalShortQ) * hoursPer),
      unit: `agent-hours short (${blocker ? 'P50' : `P${Math.round(q * 100)}`})`,
      date: first.date,
      message: blocker
        ? `With the current roster ${below.length} half-hour intervals fall below ${Math.round(target.serviceLevel * 100)} % in ${target.seconds} s at P50 demand; the worst is ${w.date} ${w.start} at ${Math.round(w.serviceLevel * 100)} % (ASA ${Math.round(w.asaSeconds)} s, ${w.agents} agent${w.agents === 1 ? '' : 's'} for ${w.contactsP50} contacts, ${w.neededP50} needed).`
        : `The roster meets the target at P50, but at the P${Math.round(q * 100)} of demand it is ${round(totalShortQ * hoursPer)} agent-hours short (first on ${first.date} ${first.start}).`,
      formula,
      mitigations: [
        `Add staff: ${round((blocker ? totalShortP50 : totalShortQ) * hoursPer)} agent-hours, most on ${[...new Set(worst.slice(0, 5).map((i) => `${i.date} ${i.start}`))].join(', ')}.`,
        'Stagger sends so the first-day peak of orders and contacts is lower.',
        'Brief service before launch and publish the offer’s terms in the help centre to deflect contacts.',
      ],
    });
  }
  supportPromises.forEach((p, k) => {
    const miss = promiseMisses[k] as { intervals: number; worst: number; first: string; short: number };
    if (p.type !== 'support' || miss.intervals === 0) return;
    findings.push({
      id: `service.support-promise.${Math.round(p.serviceLevel * 100)}-${p.seconds}`,
      severity: 'blocker',
      department: 'service',
      constraint: `promised support: ${Math.round(p.serviceLevel * 100)} % answered in ${p.seconds} s`,
      quantity: round(miss.short * hoursPer),
      unit: 'agent-hours short (P50)',
      date: miss.first.slice(0, 10),
      message: `${p.text ?? 'Priority support'} promises ${Math.round(p.serviceLevel * 100)} % in ${p.seconds} s; the roster falls short in ${miss.intervals} intervals at P50 (worst ${Math.round(miss.worst * 100)} %, first ${miss.first}); service's own target is ${Math.round(target.serviceLevel * 100)} % in ${target.seconds} s.`,
      formula,
      mitigations: [
        `Add ${round(miss.short * hoursPer)} agent-hours on the campaign's days, or a dedicated priority queue staffed for the promise.`,
        `Promise what service plans for: ${Math.round(target.serviceLevel * 100)} % in ${target.seconds} s.`,
      ],
    });
  });
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  return {
    section: {
      target,
      costQuantile: { value: round(q, 3), unit: 'quantile', formula: `cu/(cu+cl) = ${cap.understaffingCost ?? 5}/(${cap.understaffingCost ?? 5}+${cap.overstaffingCost ?? 1})` },
      contactsP50: { value: round(sum(c50)), unit: 'contacts over the horizon', formula },
      contactsP90: { value: round(sum(c90)), unit: 'contacts over the horizon', formula },
      intervalsBelowTarget: below.length,
      worst,
      daily,
      formula,
    },
    findings,
  };
}
