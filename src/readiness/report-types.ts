/**
 * The launch-readiness report: what a campaign would do to every department, with the formula
 * and inputs behind every figure, and the blockers and warnings each department owns.
 */

/** A figure with where it came from. */
export interface Traced {
  value: number;
  unit: string;
  /** The formula in words and symbols, e.g. "P90 of BetaBinomial(n = 41,200, α = 6.1, β = 221)". */
  formula: string;
}

export type Severity = 'blocker' | 'warning';

/** Something a department must fix, or accept, before launch. */
export interface Finding {
  /** Stable across re-computation of the same campaign and data, so an acceptance can name it. */
  id: string;
  severity: Severity;
  /** The department that owns the constraint (and signs it off). */
  department: string;
  /** What is violated, e.g. "stock of KIT-105 at lyon-dc". */
  constraint: string;
  quantity: number;
  unit: string;
  /** The first day it bites (YYYY-MM-DD), or null. */
  date: string | null;
  message: string;
  formula: string;
  mitigations: string[];
}

export interface AudienceSection {
  segment: string;
  matched: number;
  /** Who the contact policy lets through now or later (send + defer). */
  effective: number;
  suppressed: number;
  deferred: number;
  /** Suppressions and deferrals by deciding reason code (open complaint, late shipment, …). */
  byReason: Record<string, number>;
  /** … and by the department whose record said no. */
  byDepartment: Record<string, number>;
  /** Customers held back by the suppression stage (each once, however many facts hold). */
  heldBySuppression: number;
  policyVersion: string;
  formula: string;
}

export interface DailyDemand {
  date: string;
  p50: number;
  p90: number;
}

export interface DemandSection {
  prior: { alpha: number; beta: number; source: string; campaigns: number };
  rate: Traced;
  orders: { mean: Traced; p50: Traced; p90: Traced; sd: number };
  daily: DailyDemand[];
  responseProfile: number[];
}

export interface SkuProjection {
  sku: string;
  node: string;
  onHand: number;
  receipts: number;
  demandP50: number;
  demandP90: number;
  /** First day the projected available balance goes below zero; null when it never does. */
  stockoutP50: string | null;
  stockoutP90: string | null;
  shortfallP50: number;
  shortfallP90: number;
  /** Available-to-promise per day (P50 demand committed), for the SKUs that get tight. */
  atp: number[] | null;
  formula: string;
}

export interface DeliveryPromiseCheck {
  withinDays: number;
  node: string;
  standardLeadTimeDays: number;
  /** Campaign orders that ship in time for the promise / that miss it, at P50 and P90. */
  ordersP50: number;
  missedP50: number;
  ordersP90: number;
  missedP90: number;
  missShareP50: number;
  missShareP90: number;
  formula: string;
}

export interface LogisticsSection {
  horizon: { from: string; days: number };
  skus: SkuProjection[];
  deliveryPromises: DeliveryPromiseCheck[];
  /** Orders (baseline and campaign) shipping later than the node's standard, per day at P50. */
  lateOrdersDailyP50: number[];
}

export interface ServiceInterval {
  date: string;
  start: string;
  contactsP50: number;
  contactsQ: number;
  agents: number;
  serviceLevel: number;
  asaSeconds: number;
  /** Minimum agents meeting the target at P50, and at the cost-based quantile. */
  neededP50: number;
  neededQ: number;
  model: 'erlang-c' | 'erlang-a';
  pAbandon?: number;
}

export interface ServiceSection {
  target: { serviceLevel: number; seconds: number };
  costQuantile: Traced;
  contactsP50: Traced;
  contactsP90: Traced;
  /** Intervals below target at P50, worst first (at most 20 listed). */
  intervalsBelowTarget: number;
  worst: ServiceInterval[];
  /** Per day: contacts, the lowest interval service level, the agent-intervals missing. */
  daily: { date: string; contactsP50: number; contactsP90: number; lowestServiceLevel: number; agentIntervalsShortP50: number; agentIntervalsShortQ: number }[];
  formula: string;
}

export interface PromiseCheck {
  promise: string;
  department: string;
  capability: string;
  ok: boolean;
  explanation: string;
}

export interface ReadinessReport {
  campaignId: string;
  campaignName: string;
  generatedAt: string;
  inputs: Record<string, unknown>;
  audience: AudienceSection;
  demand: DemandSection;
  logistics: LogisticsSection | null;
  service: ServiceSection | null;
  promises: PromiseCheck[];
  blockers: Finding[];
  warnings: Finding[];
  /** The departments that must sign off: every department owning a finding, plus those the campaign touches. */
  affectedDepartments: string[];
  /** Wall-clock milliseconds the report took. */
  computeMs: number;
}
