/**
 * The staffing calculator end to end: `POST /v1/staffing` on both dialects (E1, a roster,
 * Erlang A in overload, refusals, authentication) and `tutti staffing` as a user runs it
 * (build first: `npm run build`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';
import { tuttiCli } from './support/processes.js';

const E1 = { volume: 100, intervalSeconds: 1800, ahtSeconds: 180, targetServiceLevel: 0.8, targetSeconds: 20, shrinkage: 0.3 };

describe.each(DIALECTS)('POST /v1/staffing on $name', ({ create }) => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await create();
    h = await startHarness(db);
  });
  afterAll(async () => {
    await h?.close();
    await db?.drop();
  });

  it('E1: 14 agents on the phones, 20 scheduled, with the curve around them', async () => {
    const res = await h.call('POST', '/v1/staffing', E1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model: 'erlang-c', load: 10, agents: 14, scheduled: 20, meetsTarget: true });
    expect(res.body.pWait).toBeCloseTo(0.174132, 6);
    expect(res.body.serviceLevel).toBeCloseTo(0.88835, 6);
    expect(res.body.asaSeconds).toBeCloseTo(7.836, 3);
    expect(res.body.occupancy).toBeCloseTo(0.714, 3);
    expect(res.body.curve.map((p: { agents: number }) => p.agents)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    expect(res.body.curve[0].serviceLevel).toBeCloseTo(0.3896138, 7);
    expect(res.body.overloaded).toBeUndefined();
  });

  it('evaluates a roster: 13 agents miss 80 %', async () => {
    const res = await h.call('POST', '/v1/staffing', { ...E1, agents: 13 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ agents: 13, scheduled: 19, meetsTarget: false });
    expect(res.body.serviceLevel).toBeCloseTo(0.7956, 4);
  });

  it('an Erlang C roster below the load is overloaded, with no ASA', async () => {
    const res = await h.call('POST', '/v1/staffing', { ...E1, agents: 9 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ overloaded: true, serviceLevel: 0, pWait: 1, asaSeconds: null, meetsTarget: false, load: 10 });
    expect(res.body.curve[0].agents).toBe(11);
  });

  it('Erlang A answers in overload (E9: A = 25, N = 22, patience 2 min)', async () => {
    const res = await h.call('POST', '/v1/staffing', { volume: 250, intervalSeconds: 3600, ahtSeconds: 360, targetSeconds: 20, agents: 22, patienceSeconds: 120 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model: 'erlang-a', load: 25, agents: 22, overloaded: true });
    expect(res.body.pWait).toBeCloseTo(0.586, 3);
    expect(res.body.pAbandon).toBeCloseTo(0.174, 3);
    expect(res.body.asaSeconds).toBeCloseTo(20.8, 1);
  });

  it('refuses a handling time of 0 with a 400 naming ahtSeconds', async () => {
    const res = await h.call('POST', '/v1/staffing', { ...E1, ahtSeconds: 0 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(/^ahtSeconds must be/);
    expect(res.body.error.details).toEqual({ field: 'ahtSeconds' });
  });

  it('refuses a body of the wrong shape, naming the field', async () => {
    const res = await h.call('POST', '/v1/staffing', { ...E1, volume: 'lots' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('volume');
  });

  it('needs a bearer token', async () => {
    const res = await fetch(`${h.url}/v1/staffing`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(E1) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it('is open to department users, not only admins', async () => {
    const token = await h.addUser('service-lead', 'service');
    const res = await h.call('POST', '/v1/staffing', E1, token);
    expect(res.status).toBe(200);
    expect(res.body.agents).toBe(14);
  });
});

describe('tutti staffing', () => {
  it('prints the answer and the curve, and refuses a handling time of 0 in one line', async () => {
    const { stdout } = await tuttiCli(['staffing', '--volume', '100', '--interval', '1800', '--aht', '180', '--target', '0.8', '--seconds', '20', '--shrinkage', '0.3']);
    expect(stdout).toMatch(/Agents needed: 14 on the phones, 20 scheduled/);
    expect(stdout).toMatch(/Service level: 88\.8 % answered within 20 s/);
    expect(stdout).toMatch(/^→\s+14\s+88\.8 %/m);

    const json = JSON.parse((await tuttiCli(['staffing', '--volume', '100', '--interval', '1800', '--aht', '180', '--seconds', '20', '--agents', '14', '--patience', '300', '--json'])).stdout);
    expect(json).toMatchObject({ model: 'erlang-a', agents: 14 });
    expect(json.serviceLevel).toBeCloseTo(0.916792, 6);

    const failure = await tuttiCli(['staffing', '--volume', '100', '--interval', '1800', '--aht', '0', '--seconds', '20']).then(
      () => { throw new Error('tutti staffing accepted --aht 0'); },
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    expect(failure.code).not.toBe(0);
    expect(failure.stdout).toBe('');
    expect(failure.stderr?.trim()).toMatch(/^tutti: --aht must be a number of seconds greater than 0 \(a handling time of 0 is not a queue\)\.$/);
  }, 60_000);
});
