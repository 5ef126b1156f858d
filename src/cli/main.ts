/**
 * The `tutti` command: serve, demo, sources, users, rebuild, policy. Errors a person can act on are
 * printed as one sentence; anything else gets its stack.
 */
import { Command, InvalidArgumentError } from 'commander';
import { openTutti, type Tutti } from '../app/tutti.js';
import { TuttiError } from '../core/errors.js';
import { loadDemo } from '../demo/load-demo.js';
import { buildApp } from '../server/app.js';
import { countEvents } from '../store/event-log.js';
import { DEFAULT_DB_PATH } from '../store/open-store.js';
import { addSource, listSources } from '../store/sources-repo.js';
import { addUser } from '../store/users-repo.js';
import { addCampaignCommands } from './campaign-commands.js';
import { addPolicyCommands } from './policy-commands.js';
import { progressBar } from './progress.js';
import { addStaffingCommand } from './staffing-command.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number.');
  return n;
}

function dbOption(cmd: Command): Command {
  return cmd.option('--db <url-or-path>', `SQLite file or postgres:// URL (default: $TUTTI_DATABASE_URL or ${DEFAULT_DB_PATH})`);
}

function dbFrom(opts: { db?: string }): string {
  return opts.db ?? process.env.TUTTI_DATABASE_URL ?? DEFAULT_DB_PATH;
}

/** Operator knobs that rarely change, read from the environment (documented in the README). */
function tuttiOptions(opts: { db?: string }) {
  const num = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
  const sync = process.env.TUTTI_SQLITE_SYNC?.toUpperCase();
  return {
    db: dbFrom(opts),
    log: (m: string) => console.error(m),
    snapshotIntervalMs: num('TUTTI_SNAPSHOT_INTERVAL_MS'),
    snapshotSlice: num('TUTTI_SNAPSHOT_SLICE'),
    sqliteSync: sync === 'NORMAL' ? ('NORMAL' as const) : ('FULL' as const),
  };
}

async function withTutti<T>(opts: { db?: string }, work: (tutti: Tutti) => Promise<T>): Promise<T> {
  const tutti = await openTutti(tuttiOptions(opts));
  try {
    return await work(tutti);
  } finally {
    await tutti.close();
  }
}

async function serve(tutti: Tutti, port: number, host: string): Promise<void> {
  const app = await buildApp(tutti);
  const address = await app.listen({ port, host });
  console.log(`Tutti is listening on ${address}`);
  console.log(`  Dashboard: ${address}/dashboard/`);
  console.log(`  API description: ${address}/openapi.json`);
  console.log(`  Customers write in at: ${address}/help`);
  console.log(`  Ingest (Segment HTTP API): ${address}/v1/batch`);
  console.log(`  Database: ${tutti.store.location} (${tutti.store.dialect})`);
  const stop = async (): Promise<void> => {
    console.error('Stopping: finishing commits and writing a snapshot…');
    await app.close();
    await tutti.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

export function buildCli(): Command {
  const program = new Command('tutti').description('Tutti — the customer operations hub: one customer, one timeline, one voice.').showHelpAfterError();

  dbOption(program.command('serve').description('Start the API server'))
    .option('-p, --port <port>', 'port', positiveInt, Number(process.env.PORT ?? 3000))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { db?: string; port: number; host: string }) => {
      const tutti = await openTutti(tuttiOptions(opts));
      await serve(tutti, opts.port, opts.host);
    });

  dbOption(program.command('demo').description('Create the demo company: sources, a year of events from every department, inventory and roster'))
    .option('-c, --customers <n>', 'number of customers', positiveInt, 2000)
    .option('-s, --seed <n>', 'random seed (same seed, same company)', positiveInt, 42)
    .option('--end <iso-date>', "the demo's now: its year of history ends here (default: the start of this hour, so reruns within the hour make the same company)")
    .option('--serve', 'start the API server afterwards')
    .option('-p, --port <port>', 'port for --serve', positiveInt, Number(process.env.PORT ?? 3000))
    .option('--host <host>', 'address for --serve', '127.0.0.1')
    .action(async (opts: { db?: string; customers: number; seed: number; end?: string; serve?: boolean; port: number; host: string }) => {
      const end = opts.end ? Date.parse(opts.end) : Math.floor(Date.now() / 3_600_000) * 3_600_000;
      if (!Number.isFinite(end)) throw new TuttiError('invalid_request', `--end "${opts.end}" is not a date.`);
      const tutti = await openTutti(tuttiOptions(opts));
      const bar = progressBar('Demo company', opts.customers);
      const result = await loadDemo(tutti, { customers: opts.customers, seed: opts.seed, end, onProgress: (p) => bar.update(p.customers) });
      bar.stop();
      await tutti.snapshot();
      console.log(`Demo company loaded: ${opts.customers} customers, ${result.stored} events stored (${result.duplicates} already there, ${result.rejected} rejected) in ${result.seconds.toFixed(1)} s.`);
      console.log('Sources (department — write key):');
      for (const s of result.sources) console.log(`  ${s.name.padEnd(16)} ${s.department.padEnd(10)} ${s.writeKey}`);
      const { token } = await addUser(tutti.store.db, tutti.ids, { name: `demo-admin-${Date.now().toString(36)}`, role: 'admin', now: tutti.clock.now() });
      console.log(`Admin API token: ${token}`);
      if (opts.serve) {
        await serve(tutti, opts.port, opts.host);
        console.log(`Try: curl -H 'Authorization: Bearer ${token}' http://${opts.host}:${opts.port}/v1/customers/userId:u-1`);
      } else {
        await tutti.close();
      }
    });

  const sources = program.command('sources').description('Department systems that send events');
  dbOption(sources.command('add <name>').description('Add a source and print its write key'))
    .requiredOption('-d, --department <department>', 'the department its events belong to (marketing, sales, service, logistics, billing, …)')
    .action(async (name: string, opts: { db?: string; department: string }) => {
      await withTutti(opts, async (tutti) => {
        const source = await addSource(tutti.store.db, tutti.ids, { name, department: opts.department, now: tutti.clock.now() });
        console.log(source.writeKey);
        console.error(`Source "${source.name}" (${source.department}) added. Send events with HTTP Basic auth, the write key as user name.`);
      });
    });
  dbOption(sources.command('list').description('List sources')).action(async (opts: { db?: string }) => {
    await withTutti(opts, async (tutti) => {
      for (const s of await listSources(tutti.store.db)) console.log(`${s.name}\t${s.department}\t${s.writeKey}`);
    });
  });

  const users = program.command('users').description('People and tools that use the read API and dashboard');
  dbOption(users.command('add <name>').description('Add a user and print a bearer token'))
    .requiredOption('-r, --role <role>', 'admin, or the department the user belongs to')
    .action(async (name: string, opts: { db?: string; role: string }) => {
      await withTutti(opts, async (tutti) => {
        const { user, token } = await addUser(tutti.store.db, tutti.ids, { name, role: opts.role, now: tutti.clock.now() });
        console.log(token);
        console.error(`User "${user.name}" (${user.role}) added. Use the token as: Authorization: Bearer <token>. It is shown only once.`);
      });
    });

  dbOption(program.command('rebuild').description('Recompute every customer state from the event log')).action(async (opts: { db?: string }) => {
    await withTutti(opts, async (tutti) => {
      const bar = progressBar('Rebuild (events)', await countEvents(tutti.store.db));
      const result = await tutti.rebuild((events) => bar.update(events));
      bar.stop();
      console.log(`Rebuilt ${result.customers} customer states from ${result.events} events.`);
    });
  });

  addPolicyCommands(program, dbOption, withTutti, dbFrom);
  addCampaignCommands(program, dbOption, withTutti);
  addStaffingCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `tutti policy simulate … | head`: a closed pipe ends the command quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof TuttiError) {
      console.error(`tutti: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}
