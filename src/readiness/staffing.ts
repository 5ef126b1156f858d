/**
 * The staffing calculator behind `POST /v1/staffing` and `tutti staffing`: contacts per interval
 * and handling time in, agents out. With `agents` it evaluates that roster; otherwise it finds
 * the minimum that meets the service-level target (and occupancy cap). With `patienceSeconds` it
 * uses Erlang A (callers abandon; it answers even when agents < load), otherwise Erlang C.
 *
 * Input is checked here, once, for every caller: a bad field throws
 * `TuttiError('invalid_request', '<field> must be …', {field})`.
 */
import { TuttiError } from '../core/errors.js';
import { ErlangAStateLimitError } from './erlang-a.js';
import { evaluateRoster, findMinimumAgents, type StaffingOutcome } from './erlang-staffing.js';

export interface StaffingRequest {
  /** Contacts offered in the interval. */
  volume: number;
  intervalSeconds: number;
  /** Average handling time (talk + hold + wrap-up). */
  ahtSeconds: number;
  /** Fraction to answer within targetSeconds, in (0, 1). Default 0.8. */
  targetServiceLevel?: number;
  targetSeconds: number;
  /** In [0, 1). Default 0. */
  shrinkage?: number;
  /** In (0, 1]. Default 1 (no cap). */
  maxOccupancy?: number;
  /** Evaluate this roster instead of searching. */
  agents?: number;
  /** Mean patience of waiting callers: switches to Erlang A. */
  patienceSeconds?: number;
}

export interface StaffingResult extends StaffingOutcome {
  targetServiceLevel: number;
  targetSeconds: number;
  /** SL ≥ target and, when a cap is given, occupancy ≤ cap. Always true for a search. (Erlang C overloaded: SL 0, so false.) */
  meetsTarget: boolean;
}

export const DEFAULT_TARGET_SERVICE_LEVEL = 0.8;
/** Beyond this load a single queue is not a staffing question this calculator should answer in a request. */
export const MAX_LOAD_ERLANGS = 100_000;
export const MAX_AGENTS = 1_000_000;

type Field = keyof StaffingRequest;

function invalid(field: Field, message: string): TuttiError {
  return new TuttiError('invalid_request', `${field} must be ${message}`, { field });
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Checks every field; returns the request with defaults filled in. */
export function validateStaffingRequest(r: StaffingRequest): StaffingRequest & { targetServiceLevel: number } {
  if (!isNumber(r.volume) || r.volume < 0) throw invalid('volume', 'a number of contacts ≥ 0.');
  if (!isNumber(r.intervalSeconds) || r.intervalSeconds <= 0) throw invalid('intervalSeconds', 'a number of seconds greater than 0 (1800 for half an hour).');
  if (!isNumber(r.ahtSeconds) || r.ahtSeconds <= 0) throw invalid('ahtSeconds', 'a number of seconds greater than 0 (a handling time of 0 is not a queue).');
  if (!isNumber(r.targetSeconds) || r.targetSeconds < 0) throw invalid('targetSeconds', 'a number of seconds ≥ 0 (the T of "80 % answered within T seconds").');
  const targetServiceLevel = r.targetServiceLevel ?? DEFAULT_TARGET_SERVICE_LEVEL;
  if (!isNumber(targetServiceLevel) || targetServiceLevel <= 0 || targetServiceLevel >= 1) throw invalid('targetServiceLevel', 'a fraction strictly between 0 and 1 (0.8 for 80 %).');
  if (r.shrinkage !== undefined && (!isNumber(r.shrinkage) || r.shrinkage < 0 || r.shrinkage >= 1)) throw invalid('shrinkage', 'a fraction from 0 up to, not including, 1 (0.3 for 30 %).');
  if (r.maxOccupancy !== undefined && (!isNumber(r.maxOccupancy) || r.maxOccupancy <= 0 || r.maxOccupancy > 1)) throw invalid('maxOccupancy', 'a fraction above 0 and at most 1 (0.85 for 85 %).');
  if (r.agents !== undefined && (!Number.isSafeInteger(r.agents) || r.agents < 1)) throw invalid('agents', 'a whole number of agents ≥ 1.');
  if (r.agents !== undefined && r.agents > MAX_AGENTS) throw invalid('agents', `at most ${MAX_AGENTS.toLocaleString('en-US')}.`);
  if (r.patienceSeconds !== undefined && (!isNumber(r.patienceSeconds) || r.patienceSeconds <= 0)) throw invalid('patienceSeconds', 'a number of seconds greater than 0 (the mean time a caller waits before hanging up).');
  const load = staffingLoad(r);
  if (load > MAX_LOAD_ERLANGS) throw invalid('volume', `small enough for a load of at most ${MAX_LOAD_ERLANGS.toLocaleString('en-US')} Erlangs; volume × ahtSeconds / intervalSeconds is ${load.toPrecision(4)}.`);
  return { ...r, targetServiceLevel };
}

/** Offered load in Erlangs: A = volume × AHT / interval (multiplied first, so 100 × 180 / 1800 is exactly 10). */
export function staffingLoad(r: Pick<StaffingRequest, 'volume' | 'intervalSeconds' | 'ahtSeconds'>): number {
  return (r.volume * r.ahtSeconds) / r.intervalSeconds;
}

/**
 * Runs the calculator: validates, computes the load, then evaluates `agents` or finds the
 * minimum roster. See `erlang-staffing.ts` for the models and `erlang-a.ts` for Erlang A's
 * definitions.
 */
export function calculateStaffing(request: StaffingRequest): StaffingResult {
  const r = validateStaffingRequest(request);
  const setting = {
    load: staffingLoad(r),
    ahtSeconds: r.ahtSeconds,
    targetSeconds: r.targetSeconds,
    shrinkage: r.shrinkage,
    patienceSeconds: r.patienceSeconds,
  };
  let outcome: StaffingOutcome;
  try {
    outcome = r.agents === undefined
      ? findMinimumAgents({ ...setting, targetServiceLevel: r.targetServiceLevel, maxOccupancy: r.maxOccupancy })
      : evaluateRoster({ ...setting, agents: r.agents });
  } catch (error) {
    if (error instanceof ErlangAStateLimitError) throw invalid('patienceSeconds', `shorter for this load and roster: with a patience of ${r.patienceSeconds} s the queue would hold millions of callers. Leave patienceSeconds out to use Erlang C.`);
    throw error;
  }
  const occupancyOk = r.maxOccupancy === undefined || outcome.occupancy <= r.maxOccupancy + 1e-12;
  return {
    ...outcome,
    targetServiceLevel: r.targetServiceLevel,
    targetSeconds: r.targetSeconds,
    meetsTarget: outcome.serviceLevel >= r.targetServiceLevel && occupancyOk,
  };
}
