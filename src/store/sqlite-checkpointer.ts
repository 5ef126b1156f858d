/**
 * Moves SQLite's WAL checkpoints off the ingest thread. By default the connection that
 * commits also copies the WAL back into the database file every 1,000 pages, inside COMMIT,
 * which stalls ingest. Here the committing connection checkpoints only as a safety net (every
 * 50,000 pages) and a worker thread with its own connection runs PASSIVE checkpoints, which
 * never block the writer, a few times a second.
 */
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next time */ }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} db.close(); parentPort.postMessage('stopped'); }
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(path: string, driverPath: string, intervalMs = 1000): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver: driverPath, intervalMs } });
  worker.unref();
  let stopped = false;
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        stopped = true;
        const done = (): void => {
          void worker.terminate().finally(() => resolve());
        };
        worker.once('message', done);
        worker.once('error', done);
        worker.postMessage('stop');
        setTimeout(done, 2_000).unref();
      }),
  };
}
