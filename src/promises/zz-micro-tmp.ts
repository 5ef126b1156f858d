import { PromiseLedger } from './promise-ledger.js';
import { withEntry } from './promise-record.js';
const N = 1_000_000, T0 = Date.UTC(2025,0,6), DAY = 86400000;
const variant = process.argv[2];
const l = new PromiseLedger();
for (let i = 0; i < N; i++) l.make({ id: `prm_${i}`, customerId: `cus_${i % 250000}`, type: 'delivery', department: 'logistics', origin: { kind: 'event', ref: `src/m-${i}` }, madeAt: T0 - DAY, dueAt: T0 + Math.floor(Math.random() * 30 * DAY), graceMs: 0, keptBy: { event: 'Shipment Delivered', orderId: `O-${i}` } });
const recs = l.all() as any[];
(globalThis as any).gc();
const t = performance.now();
const out: any[] = [];
for (const r of recs) {
  if (variant.includes('s')) { r.status = 'broken'; r.closedBy = 'clock'; }
  if (variant.includes('c')) r.closedAt = r.dueAt + r.graceMs;
  if (variant.includes('h')) r.history = withEntry(r.history, { at: r.dueAt + r.graceMs, kind: 'broken', by: 'clock' });
  if (variant.includes('o')) out.push(r);
}
console.log(variant, (performance.now() - t).toFixed(0), 'ms');
