/**
 * A LogWriter whose commits run on a worker thread (sqlite-log-worker.ts) with its own
 * connection to the same database file. Jobs are answered in order; a commit's promise
 * resolves once the transaction is durable.
 */
import { Worker } from 'node:worker_threads';
import type { LogWriter } from './log-writer.js';
import type { WorkerReply, WorkerRequest, WorkerSettings } from './sqlite-log-worker.js';

export interface ThreadedLogWriter extends LogWriter {
  close(): Promise<void>;
}

/**
 * Worker threads load compiled JavaScript. Under the test runner this module runs from its
 * TypeScript source and the worker could not be loaded, so callers fall back to writing on
 * the calling thread there; the compiled CLI (which the crash, CLI and benchmark runs use)
 * always has the thread.
 */
export const threadedWritesAvailable = import.meta.url.endsWith('.js');

export function createThreadedSqliteLogWriter(settings: WorkerSettings): ThreadedLogWriter {
  const worker = new Worker(new URL('./sqlite-log-worker.js', import.meta.url), { workerData: settings });
  const waiting = new Map<number, { resolve: (seqs: number[]) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;

  worker.on('message', (reply: WorkerReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if ('error' in reply) w.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    else w.resolve(reply.seqs);
  });
  const failAll = (error: Error): void => {
    failure = error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`The SQLite writer thread stopped (exit code ${code}).`)));

  const send = (request: Omit<WorkerRequest, 'id'>): Promise<number[]> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });

  return {
    commit: (job) => send({ job }),
    close: async () => {
      if (!failure) await send({ stop: true }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
