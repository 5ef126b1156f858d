import { Agent, request } from 'undici';
import { makeBatch } from '../dist/bench/ingest-events.js';
const [url, key, secs] = process.argv.slice(2);
const dispatcher = new Agent({ connections: 8 });
const auth = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
let n = 0, ok = 0; const end = Date.now() + Number(secs) * 1000; const now = Date.now();
await Promise.all(Array.from({ length: 8 }, async () => { while (Date.now() < end) { const body = JSON.stringify({ batch: makeBatch(n++, 100, 100000, now) }); const r = await request(url + '/v1/batch', { method: 'POST', body, headers: { authorization: auth }, dispatcher }); await r.body.text(); if (r.statusCode === 200) ok++; } }));
console.log('events/s', ok * 100 / Number(secs));
process.exit(0);
