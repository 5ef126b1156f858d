/**
 * bench/frontdoor's HTTP figures: `tutti serve` on a fresh SQLite file (synchronous=FULL), a
 * client in this process posting `/v1/requests` with undici over --connections connections.
 *
 * Intake is rate-limited per client address (burst 20, 30/min) and per contact (burst 5,
 * 2/min). Every request names a new customer e-mail, and each connection changes its loopback
 * source address (127.1.0.1, 127.1.0.2, …; the server sees it as request.ip) after 20 requests,
 * so the limiter admits every request and the figure is the work the server does for admitted
 * intake. The per-client limit itself is shown by a short run from one address (127.0.0.1).
 * (The address is undici's client option `localAddress`: under `connect: { localAddress }`
 * undici 7 overrides it with the client's own, unset, and every request leaves from 127.0.0.1.)
 *
 * Baseline: `GET /healthz` on the same server, through the same client (same connections, same
 * change of address every 20 requests, so both pay the same connection set-ups).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'undici';
import type { LabelledMessage } from '../src/demo/messages.js';
import { emailOf, type LatencyRound } from './frontdoor-inprocess.js';
import { percentile, TUTTI_BIN } from './support.js';

/** Requests per source address: the per-client burst, so no request is refused. */
const PER_ADDRESS = 20;

export interface TuttiServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startServer(db: string): Promise<TuttiServer> {
  const port = 40_000 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, [TUTTI_BIN, 'serve', '--db', db, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`tutti serve exited (${code}) before listening`)));
    child.stdout!.once('data', () => resolve());
  });
  child.stdout!.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Loopback source addresses, none used twice: 127.1.0.1, 127.1.0.2, … (127.0.0.0/8 is all loopback on Linux). */
class Addresses {
  private n = 0;
  next(): string {
    const k = this.n++;
    const host = (k % 254) + 1;
    const net = Math.floor(k / 254);
    return `127.${1 + Math.floor(net / 256)}.${net % 256}.${host}`;
  }
  get used(): number {
    return this.n;
  }
}

export interface HttpRound extends LatencyRound {
  /** Responses other than the expected status, by status. */
  unexpected: Record<string, number>;
}

type Kind = 'intake' | 'healthz';

export class FrontDoorClient {
  private readonly addresses = new Addresses();
  private customer = 0;
  /** The body of the first intake answer other than 201 (with its status), for the report. */
  firstRefusal: string | null = null;
  private oneAddress: Agent | null = null;

  constructor(private readonly url: string, private readonly messages: readonly LabelledMessage[], private readonly connections: number) {}

  get addressesUsed(): number {
    return this.addresses.used;
  }

  get customers(): number {
    return this.customer;
  }

  /**
   * Runs `kind` for warmupMs then measures for measureMs. Each connection is one undici Agent
   * bound to a source address, replaced every PER_ADDRESS requests.
   */
  async run(kind: Kind, warmupMs: number, measureMs: number): Promise<HttpRound> {
    const warmupEnd = performance.now() + warmupMs;
    const end = warmupEnd + measureMs;
    const latencies: number[] = [];
    const unexpected: Record<string, number> = {};
    const expected = kind === 'intake' ? 201 : 200;
    const worker = async (): Promise<void> => {
      const bound = (): Agent => new Agent({ connections: 1, pipelining: 1, localAddress: this.addresses.next() });
      let agent = bound();
      let used = 0;
      try {
        while (performance.now() < end) {
          if (used >= PER_ADDRESS) {
            void agent.close();
            agent = bound();
            used = 0;
          }
          used++;
          const t0 = performance.now();
          const status = kind === 'intake' ? await this.intake(agent) : await this.health(agent);
          const t1 = performance.now();
          if (status !== expected) {
            unexpected[status] = (unexpected[status] ?? 0) + 1;
            continue;
          }
          if (t0 >= warmupEnd && t1 <= end) latencies.push(t1 - t0);
        }
      } finally {
        await agent.close();
      }
    };
    await Promise.all(Array.from({ length: this.connections }, worker));
    latencies.sort((a, b) => a - b);
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? Number.NaN, rate: (latencies.length / measureMs) * 1000, count: latencies.length, unexpected };
  }

  /**
   * The per-client limit as it is: every connection from 127.0.0.1 (new customers still), for
   * `ms`. Returns how many were admitted (201) and refused (429) per second.
   */
  async fromOneAddress(ms: number): Promise<{ admitted: number; refused: number; refusedP50: number; other: number }> {
    const agent = new Agent({ connections: this.connections, pipelining: 1, localAddress: '127.0.0.1' });
    this.oneAddress = agent;
    const end = performance.now() + ms;
    let admitted = 0;
    let refused = 0;
    let other = 0;
    const refusedMs: number[] = [];
    const worker = async (): Promise<void> => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await this.intake(agent);
        if (status === 201) admitted++;
        else if (status === 429) {
          refused++;
          refusedMs.push(performance.now() - t0);
        } else other++;
      }
    };
    await Promise.all(Array.from({ length: this.connections }, worker));
    await agent.close();
    refusedMs.sort((a, b) => a - b);
    return { admitted: admitted / (ms / 1000), refused: refused / (ms / 1000), refusedP50: percentile(refusedMs, 50), other };
  }

  private async intake(dispatcher: Agent): Promise<number> {
    const n = this.customer++;
    const m = this.messages[n % this.messages.length]!;
    const body = JSON.stringify({ customer: { email: emailOf(n) }, channel: 'chat', text: m.text });
    const res = await request(`${this.url}/v1/requests`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher });
    const text = await res.body.text();
    if (res.statusCode !== 201 && this.firstRefusal === null && dispatcher !== this.oneAddress) this.firstRefusal = `${res.statusCode} ${text.slice(0, 300)}`;
    return res.statusCode;
  }

  private async health(dispatcher: Agent): Promise<number> {
    const res = await request(`${this.url}/healthz`, { dispatcher });
    await res.body.text();
    return res.statusCode;
  }
}
