/**
 * `tutti policy check | simulate | apply | show`: the operations lead's loop for the contact
 * policy — edit the file, check it, replay it over every customer, make it active.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compileDocument, storePolicy } from '../app/decisions.js';
import type { Tutti } from '../app/tutti.js';
import { createIdGenerator, systemClock } from '../core/clock.js';
import { TuttiError } from '../core/errors.js';
import { DEFAULT_POLICY_YAML } from '../decide/default-policy.js';
import { parsePolicy } from '../decide/parse-policy.js';
import type { SimulationReport } from '../decide/simulate.js';
import { latestPolicy } from '../store/decision-repo.js';
import { openStore } from '../store/open-store.js';

function readPolicyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new TuttiError('invalid_request', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
}

/** Prints every problem as `FILE:LINE:COLUMN: message` and exits 1, or returns the parsed policy. */
function checkOrExit(file: string, text: string) {
  const parsed = parsePolicy(text, file.endsWith('.json') ? 'json' : undefined);
  if (parsed.ok) return parsed.policy;
  for (const e of parsed.errors) console.error(`${file}:${e.line}:${e.column}: ${e.message}`);
  console.error(`${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}; nothing was changed.`);
  process.exit(1);
}

function printReport(r: SimulationReport): void {
  console.log(`Simulated policy ${r.proposedVersion} against ${r.currentVersion}: ${r.decisions.toLocaleString('en-US')} decisions, ${r.changed.toLocaleString('en-US')} would change.`);
  const o = r.outcomes;
  console.log(`  send      ${String(o.current.send).padStart(9)} → ${o.proposed.send}`);
  console.log(`  suppress  ${String(o.current.suppress).padStart(9)} → ${o.proposed.suppress}`);
  console.log(`  defer     ${String(o.current.defer).padStart(9)} → ${o.proposed.defer}`);
  console.log('By department (sends before → after):');
  for (const [dept, d] of Object.entries(r.byDepartment)) console.log(`  ${dept.padEnd(12)} ${String(d.sendsBefore).padStart(9)} → ${String(d.sendsAfter).padEnd(9)} ${d.changed} changed`);
  if (r.changes.length === 0) return;
  console.log('Changes (most frequent first):');
  for (const c of r.changes.slice(0, 30)) {
    const why = c.to === 'send' ? `no longer ${c.previousReason}` : c.from === 'send' ? `now ${c.reason}` : `now ${c.reason}, was ${c.previousReason}`;
    console.log(`  ${String(c.count).padStart(8)}  ${c.department}/${c.purpose}: ${c.from} → ${c.to}  (${why})  e.g. ${c.examples.slice(0, 2).join(', ')}`);
  }
}

export function addPolicyCommands(program: Command, dbOption: (cmd: Command) => Command, withTutti: <T>(opts: { db?: string }, work: (tutti: Tutti) => Promise<T>) => Promise<T>, dbFrom: (opts: { db?: string }) => string): void {
  const policy = program.command('policy').description('The contact policy every department’s outreach passes (one voice)');

  policy.command('check <file>').description('Check a policy file (YAML or JSON); problems are printed with their line').action((file: string) => {
    const p = checkOrExit(file, readPolicyFile(file));
    console.log(`${file}: policy ${p.version} is valid — ${p.suppressions.length} suppressions, ${p.cooldowns.length} cool-downs, ${p.caps.length} caps, ${p.quietHours.windows.length} quiet-hour windows, ${p.departments.length} departments in priority order.`);
  });

  dbOption(policy.command('simulate <file>').description('Replay a policy over every customer against the active one and show what would change'))
    .option('--at <iso-time>', 'decide as of this instant (default now)')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { db?: string; at?: string; json?: boolean }) => {
      const text = readPolicyFile(file);
      checkOrExit(file, text);
      const at = opts.at === undefined ? undefined : Date.parse(opts.at);
      if (at !== undefined && Number.isNaN(at)) throw new TuttiError('invalid_request', `--at "${opts.at}" is not a date.`);
      await withTutti(opts, async (tutti) => {
        const report = await tutti.decisions.simulate({ policy: text, at });
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else printReport(report);
      });
    });

  dbOption(policy.command('apply <file>').description('Make a policy file the active policy (running servers pick it up within 5 s)'))
    .option('--by <name>', 'who applies it, for the record', process.env.USER ?? 'cli')
    .action(async (file: string, opts: { db?: string; by: string }) => {
      const text = readPolicyFile(file);
      checkOrExit(file, text);
      compileDocument(text);
      const store = await openStore(dbFrom(opts));
      try {
        const before = await latestPolicy(store.db);
        const applied = await storePolicy({ store, ids: createIdGenerator(systemClock), clock: systemClock }, text, opts.by);
        console.log(`Policy ${applied.version} is now active (was ${before?.version ?? 'the default policy'}). Running servers pick it up within 5 s.`);
      } finally {
        await store.close();
      }
    });

  dbOption(policy.command('show').description('Print the active policy file')).action(async (opts: { db?: string }) => {
    const store = await openStore(dbFrom(opts));
    try {
      const row = await latestPolicy(store.db);
      console.error(row === undefined ? '# active: the default policy (none applied yet)' : `# active: ${row.version}, applied by ${row.applied_by} at ${new Date(row.applied_at).toISOString()}`);
      process.stdout.write(row?.document ?? DEFAULT_POLICY_YAML);
    } finally {
      await store.close();
    }
  });
}
