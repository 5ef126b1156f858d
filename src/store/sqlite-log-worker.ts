/**
 * The worker thread that owns SQLite writes for the ingest pipeline. better-sqlite3 is
 * synchronous: on the main thread every commit (B-tree inserts, WAL writes, fsync) would stop
 * the event loop, so no request could be parsed meanwhile. Here commits run on their own core
 * while the main thread keeps parsing, validating and resolving the next requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { createSqliteCommit } from './log-writer-sqlite.js';
import type { CommitJob } from './log-writer.js';

export interface WorkerSettings {
  path: string;
  synchronous: 'FULL' | 'NORMAL';
}

export type WorkerRequest = { id: number; job: CommitJob } | { id: number; stop: true };
export type WorkerReply = { id: number; seqs: number[] } | { id: number; error: { message: string; code?: string } };

const settings = workerData as WorkerSettings;
const sqlite = new SqliteDatabase(settings.path);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma(`synchronous = ${settings.synchronous}`);
sqlite.pragma('busy_timeout = 5000');
sqlite.pragma('cache_size = -65536');
// Checkpoints are the checkpointer thread's job; this is only a safety net.
sqlite.pragma('wal_autocheckpoint = 50000');
const commit = createSqliteCommit(sqlite);

parentPort!.on('message', (request: WorkerRequest) => {
  if ('stop' in request) {
    sqlite.close();
    parentPort!.postMessage({ id: request.id, seqs: [] } satisfies WorkerReply);
    return;
  }
  try {
    parentPort!.postMessage({ id: request.id, seqs: commit(request.job) } satisfies WorkerReply);
  } catch (error) {
    const e = error as { message?: string; code?: string };
    parentPort!.postMessage({ id: request.id, error: { message: e.message ?? String(error), code: e.code } } satisfies WorkerReply);
  }
});
