import { openTutti } from '../src/app/tutti.js';
import { addSource } from '../src/store/sources-repo.js';
import { validateMessages } from '../src/ingest/validate-batch.js';
import { makeBatch } from '../bench/ingest-events.js';
import { rmSync } from 'node:fs';
rmSync('/tmp/inproc', { recursive: true, force: true });
const t = await openTutti({ db: '/tmp/inproc/t.db', snapshotIntervalMs: Number(process.env.SNAP ?? 5000) });
const src = await addSource(t.store.db, t.ids, { name: 'b', department: 'sales', now: Date.now() });
const now = Date.now();
const N = Number(process.argv[2] ?? 3000);
const bodies = Array.from({ length: N }, (_, i) => makeBatch(i, 100, 100000, now));
let t0 = performance.now();
let tv = 0;
const inflight: Promise<unknown>[] = [];
for (let i = 0; i < N; i++) {
  const a = performance.now();
  const { items } = validateMessages(bodies[i]!, src, now, null);
  tv += performance.now() - a;
  inflight.push(t.pipeline.submit(items));
  if (inflight.length >= 8) { await Promise.all(inflight); inflight.length = 0; }
}
await Promise.all(inflight);
const secs = (performance.now() - t0) / 1000;
console.log('events/s', (N * 100 / secs).toFixed(0), 'validate ms', tv.toFixed(0), 'total ms', (secs * 1000).toFixed(0));
await t.close();
