/** Starts a real Tutti (real database, real HTTP listener) for a test, and helpers to talk to it. */
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { openTutti, type Tutti, type TuttiOptions } from '../../src/app/tutti.js';
import { buildApp } from '../../src/server/app.js';
import { addSource } from '../../src/store/sources-repo.js';
import { addUser } from '../../src/store/users-repo.js';
import type { TestDatabase } from './databases.js';

export interface Harness {
  tutti: Tutti;
  app: FastifyInstance;
  url: string;
  adminToken: string;
  addSource(name: string, department: string): Promise<string>;
  post(path: string, body: unknown, options?: { writeKey?: string; gzip?: boolean; contentType?: string | null; raw?: Buffer | string }): Promise<{ status: number; body: any; headers: Headers }>;
  get(path: string, token?: string): Promise<{ status: number; body: any }>;
  /** A JSON request with a bearer token (the admin's unless given). */
  call(method: 'POST' | 'PUT' | 'GET' | 'PATCH', path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  /** Adds a user and returns its bearer token. */
  addUser(name: string, role: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(db: TestDatabase, options: Omit<TuttiOptions, 'db'> = {}): Promise<Harness> {
  const tutti = await openTutti({ db: db.url, sqliteSync: 'NORMAL', ...options });
  const app = await buildApp(tutti);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const { token: adminToken } = await addUser(tutti.store.db, tutti.ids, { name: 'test-admin', role: 'admin', now: tutti.clock.now() });
  return {
    tutti,
    app,
    url,
    adminToken,
    addSource: async (name, department) => {
      const source = await addSource(tutti.store.db, tutti.ids, { name, department, now: tutti.clock.now() });
      return source.writeKey;
    },
    post: async (path, body, opts = {}) => {
      const headers: Record<string, string> = {};
      if (opts.writeKey) headers.authorization = `Basic ${Buffer.from(`${opts.writeKey}:`).toString('base64')}`;
      if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
      let payload: Buffer | string = opts.raw ?? JSON.stringify(body);
      if (opts.gzip) {
        payload = gzipSync(payload);
        headers['content-encoding'] = 'gzip';
      }
      const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: payload });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    },
    call: async (method, path, body, token = adminToken) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    addUser: async (name, role) => (await addUser(tutti.store.db, tutti.ids, { name, role, now: tutti.clock.now() })).token,
    get: async (path, token = adminToken) => {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() };
    },
    close: async () => {
      await app.close();
      await tutti.close();
    },
  };
}
