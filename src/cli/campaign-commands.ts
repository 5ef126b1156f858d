/**
 * `tutti capabilities …` and `tutti campaign …`: declare what departments can do, declare a
 * campaign, read its readiness report, sign off and launch — the review from a terminal.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { campaignReport, createCampaign, launchCampaign, readCapabilities, setCapability, signOff } from '../app/campaigns.js';
import type { Tutti } from '../app/tutti.js';
import { TuttiError } from '../core/errors.js';
import type { ReadinessReport } from '../readiness/report-types.js';

function readJsonOrYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TuttiError('invalid_request', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new TuttiError('invalid_request', `${file} is not valid JSON.`);
  }
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

export function printReport(r: ReadinessReport): void {
  console.log(`Readiness of "${r.campaignName}" (${r.campaignId}), ${r.generatedAt}, computed in ${r.computeMs} ms`);
  const a = r.audience;
  const held = Object.entries(a.byReason).filter(([k]) => k !== 'quiet_hours.deferred').sort((x, y) => y[1] - x[1]);
  console.log(`Audience: ${n(a.matched)} match "${a.segment}"; ${n(a.effective)} reachable under policy ${a.policyVersion}, ${n(a.deferred)} of them after quiet hours (${n(a.suppressed)} held back${held.length === 0 ? '' : `: ${held.map(([k, v]) => `${v} ${k}`).join(', ')}`})`);
  const d = r.demand;
  console.log(`Demand: rate ${(d.rate.value * 100).toFixed(2)} %; orders P50 ${n(d.orders.p50.value)}, P90 ${n(d.orders.p90.value)} (${d.orders.p90.formula})`);
  if (r.service !== null) console.log(`Service: ${n(r.service.contactsP50.value)} contacts at P50 over the horizon; ${r.service.intervalsBelowTarget} intervals below ${Math.round(r.service.target.serviceLevel * 100)} % in ${r.service.target.seconds} s`);
  for (const p of r.promises) console.log(`Promise "${p.promise}" (${p.department}): ${p.ok ? 'can be kept' : 'CANNOT be kept'} — ${p.capability}`);
  for (const [title, list] of [['Blockers', r.blockers], ['Warnings', r.warnings]] as const) {
    if (list.length === 0) continue;
    console.log(`${title}:`);
    for (const f of list) {
      console.log(`  [${f.id}] ${f.department}: ${f.message}`);
      console.log(`      ${n(f.quantity)} ${f.unit}${f.date === null ? '' : `, from ${f.date}`}; formula: ${f.formula}`);
      for (const m of f.mitigations) console.log(`      → ${m}`);
    }
  }
  console.log(`Sign-off needed from: ${r.affectedDepartments.join(', ')}`);
}

export function addCampaignCommands(program: Command, dbOption: (cmd: Command) => Command, withTutti: <T>(opts: { db?: string }, work: (tutti: Tutti) => Promise<T>) => Promise<T>): void {
  const caps = program.command('capabilities').description('What each department can do: stock and capacity, roster, refund times');
  dbOption(caps.command('show [department]').description('Print the declared capabilities as JSON')).action(async (department: string | undefined, opts: { db?: string }) => {
    await withTutti(opts, async (tutti) => {
      const all = await readCapabilities(tutti);
      console.log(JSON.stringify(department === undefined ? all : (all as unknown as Record<string, unknown>)[department] ?? null, null, 2));
    });
  });
  dbOption(caps.command('set <department> <file>').description("Declare a department's capability from a JSON file (checked; a bad file changes nothing)"))
    .option('--by <name>', 'who declares it', process.env.USER ?? 'cli')
    .action(async (department: string, file: string, opts: { db?: string; by: string }) => {
      const document = readJsonOrYaml(file);
      await withTutti(opts, async (tutti) => {
        await setCapability(tutti, department, document, opts.by);
        console.log(`The ${department} capability is updated.`);
      });
    });

  const campaign = program.command('campaign').description('Declare a campaign, review its readiness with every department, sign off, launch');
  dbOption(campaign.command('create <file>').description('Declare a campaign from a JSON file; prints its id'))
    .option('--by <name>', 'who declares it', process.env.USER ?? 'cli')
    .action(async (file: string, opts: { db?: string; by: string }) => {
      const spec = readJsonOrYaml(file);
      await withTutti(opts, async (tutti) => {
        const c = await createCampaign(tutti, spec, opts.by);
        console.log(c.id);
        console.error(`Campaign "${c.name}" declared. Review it: tutti campaign report ${c.id}`);
      });
    });
  dbOption(campaign.command('report <id>').description('The launch-readiness report'))
    .option('--json', 'print the whole report as JSON')
    .action(async (id: string, opts: { db?: string; json?: boolean }) => {
      await withTutti(opts, async (tutti) => {
        const report = await campaignReport(tutti, id);
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else printReport(report);
      });
    });
  dbOption(campaign.command('signoff <id>').description('Sign off for a department, or raise a blocker with --block'))
    .requiredOption('-d, --department <department>', 'the department signing')
    .option('--block <note>', 'raise a blocker instead of approving')
    .option('--note <note>', 'a note with the approval')
    .option('--by <name>', 'who signs', process.env.USER ?? 'cli')
    .action(async (id: string, opts: { db?: string; department: string; block?: string; note?: string; by: string }) => {
      await withTutti(opts, async (tutti) => {
        await signOff(tutti, id, { department: opts.department, decision: opts.block === undefined ? 'approve' : 'block', note: opts.block ?? opts.note, by: opts.by });
        console.log(`${opts.department} ${opts.block === undefined ? 'signed off' : 'raised a blocker'}.`);
      });
    });
  dbOption(campaign.command('launch <id>').description('Launch; refused while blockers are open unless each is accepted'))
    .option('--accept <blocker=reason...>', 'accept an open item by id, with a reason (repeatable)')
    .option('--by <name>', 'who launches and accepts', process.env.USER ?? 'cli')
    .action(async (id: string, opts: { db?: string; accept?: string[]; by: string }) => {
      const acceptances = (opts.accept ?? []).map((a) => {
        const eq = a.indexOf('=');
        if (eq <= 0) throw new TuttiError('invalid_request', `--accept "${a}" is not BLOCKER-ID=REASON.`);
        return { blocker: a.slice(0, eq), name: opts.by, reason: a.slice(eq + 1) };
      });
      await withTutti(opts, async (tutti) => {
        try {
          const result = await launchCampaign(tutti, id, { acceptances, by: opts.by });
          console.log(`Campaign "${result.campaign.name}" launched by ${opts.by}${result.accepted.length === 0 ? '' : `, accepting ${result.accepted.map((x) => x.blocker).join(', ')}`}.`);
        } catch (error) {
          if (error instanceof TuttiError && error.code === 'launch_blocked') {
            console.error(`tutti: ${error.message}`);
            for (const item of (error.details as { open: { id: string; message: string }[] }).open) console.error(`  ${item.id}: ${item.message}`);
            process.exitCode = 3;
            return;
          }
          throw error;
        }
      });
    });
}
