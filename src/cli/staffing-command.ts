/**
 * `tutti staffing`: the contact-centre staffing calculator on the command line, no database
 * needed. Same engine and same refusals as `POST /v1/staffing`, with the field names of the API
 * replaced by the options a person typed.
 */
import type { Command } from 'commander';
import { TuttiError } from '../core/errors.js';
import { calculateStaffing, type StaffingRequest, type StaffingResult } from '../readiness/staffing.js';

/** API field → the option that sets it, so refusals name what the person typed. */
const OPTION_OF: Record<keyof StaffingRequest, string> = {
  volume: '--volume',
  intervalSeconds: '--interval',
  ahtSeconds: '--aht',
  targetServiceLevel: '--target',
  targetSeconds: '--seconds',
  shrinkage: '--shrinkage',
  maxOccupancy: '--max-occupancy',
  agents: '--agents',
  patienceSeconds: '--patience',
};

interface StaffingOptions {
  volume: string;
  interval: string;
  aht: string;
  target?: string;
  seconds: string;
  shrinkage?: string;
  maxOccupancy?: string;
  agents?: string;
  patience?: string;
  json?: boolean;
}

/** A number as typed; anything else becomes NaN, which the calculator refuses by name. */
function num(text: string): number;
function num(text: string | undefined): number | undefined;
function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return text.trim() === '' ? Number.NaN : Number(text);
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)} %`;
const secs = (x: number | null) => (x === null ? '∞' : `${x.toFixed(1)} s`);

function printSummary(r: StaffingResult, request: StaffingRequest): void {
  const model = r.model === 'erlang-a' ? `Erlang A, mean patience ${request.patienceSeconds} s` : 'Erlang C';
  console.log(`Load: ${r.load.toFixed(2)} Erlangs (${request.volume} contacts in ${request.intervalSeconds} s, AHT ${request.ahtSeconds} s) — ${model}`);
  const shrinkage = request.shrinkage ? ` with ${pct(request.shrinkage, 0)} shrinkage` : '';
  const verdict = r.meetsTarget ? 'meets' : 'misses';
  if (request.agents === undefined) console.log(`Agents needed: ${r.agents} on the phones, ${r.scheduled} scheduled${shrinkage}`);
  else console.log(`Roster: ${r.agents} on the phones (${r.scheduled} scheduled${shrinkage}) ${verdict} the target`);
  if (r.overloaded) {
    console.log(r.model === 'erlang-c'
      ? `Overloaded: ${r.agents} agents cannot keep up with ${r.load.toFixed(2)} Erlangs; the queue grows without end.`
      : `Overloaded: ${r.agents} agents are fewer than the load; the queue holds only because callers hang up.`);
  }
  console.log(`Service level: ${pct(r.serviceLevel)} answered within ${r.targetSeconds} s (target ${pct(r.targetServiceLevel, 0)})`);
  const abandon = r.pAbandon === undefined ? '' : `   Abandon: ${pct(r.pAbandon)}`;
  console.log(`Wait: ${pct(r.pWait)} of callers wait, ASA ${secs(r.asaSeconds)}   Occupancy: ${pct(r.occupancy)}${abandon}`);
  if (r.curve.length === 0) return;
  console.log('');
  console.log('  Agents  Service level  P(wait)      ASA');
  for (const p of r.curve) {
    const mark = p.agents === r.agents ? '→' : ' ';
    console.log(`${mark} ${String(p.agents).padStart(6)}  ${pct(p.serviceLevel).padStart(13)}  ${pct(p.pWait).padStart(7)}  ${secs(p.asaSeconds).padStart(9)}`);
  }
}

/** Adds `tutti staffing` to the program. */
export function addStaffingCommand(program: Command): void {
  program
    .command('staffing')
    .description('Contact-centre staffing (Erlang C, or Erlang A with --patience): the agents a contact volume needs, or what a roster delivers')
    .requiredOption('--volume <contacts>', 'contacts offered in the interval')
    .requiredOption('--interval <seconds>', 'length of the interval, e.g. 1800')
    .requiredOption('--aht <seconds>', 'average handling time')
    .option('--target <fraction>', 'service level to reach, e.g. 0.8 (default 0.8)')
    .requiredOption('--seconds <seconds>', 'answered within this many seconds')
    .option('--shrinkage <fraction>', 'paid time off the phones, e.g. 0.3')
    .option('--max-occupancy <fraction>', 'occupancy cap, e.g. 0.85')
    .option('--agents <n>', 'evaluate this roster instead of finding the minimum')
    .option('--patience <seconds>', 'mean patience of waiting callers: use Erlang A')
    .option('--json', 'print the result as JSON')
    .action((opts: StaffingOptions) => {
      const request: StaffingRequest = {
        volume: num(opts.volume),
        intervalSeconds: num(opts.interval),
        ahtSeconds: num(opts.aht),
        targetServiceLevel: num(opts.target),
        targetSeconds: num(opts.seconds),
        shrinkage: num(opts.shrinkage),
        maxOccupancy: num(opts.maxOccupancy),
        agents: num(opts.agents),
        patienceSeconds: num(opts.patience),
      };
      let result: StaffingResult;
      try {
        result = calculateStaffing(request);
      } catch (error) {
        const field = error instanceof TuttiError ? (error.details as { field?: keyof StaffingRequest } | undefined)?.field : undefined;
        if (error instanceof TuttiError && field !== undefined && field in OPTION_OF) {
          throw new TuttiError(error.code, error.message.replace(field, OPTION_OF[field]), error.details);
        }
        throw error;
      }
      if (opts.json) console.log(JSON.stringify(result, null, 2));
      else printSummary(result, request);
    });
}
