/**
 * The request mix bench/decide feeds every engine: which department asks, on which channel, for
 * which purpose, about which customer. Drawn from a seeded generator, so every run and every
 * engine sees the same stream.
 */
import type { DecisionRequest } from '../src/decide/decision-types.js';

/** The five kinds of request, with their share of the traffic. */
export const MIX: ReadonlyArray<{ share: number; request: DecisionRequest }> = [
  { share: 0.35, request: { department: 'marketing', channel: 'email', purpose: 'marketing', message: { id: 'spring-sale' } } },
  { share: 0.15, request: { department: 'sales', channel: 'call', purpose: 'sales', message: { id: 'renewal-call' } } },
  { share: 0.2, request: { department: 'service', channel: 'email', purpose: 'service', message: { id: 'ticket-update' } } },
  { share: 0.2, request: { department: 'logistics', channel: 'email', purpose: 'transactional', message: { id: 'dispatch-note' } } },
  { share: 0.1, request: { department: 'billing', channel: 'email', purpose: 'transactional', message: { id: 'invoice' } } },
];

/** A stream of requests as two parallel arrays: customer index and MIX index. */
export interface RequestStream {
  customer: Int32Array;
  kind: Uint8Array;
  length: number;
}

/** mulberry32: small, fast, good enough to draw a benchmark's requests. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` requests over `customers` customers (uniformly), kinds by their MIX share. */
export function requestStream(length: number, customers: number, seed: number): RequestStream {
  const random = rng(seed);
  const customer = new Int32Array(length);
  const kind = new Uint8Array(length);
  const cumulative: number[] = [];
  let sum = 0;
  for (const m of MIX) cumulative.push((sum += m.share));
  for (let i = 0; i < length; i++) {
    customer[i] = Math.floor(random() * customers);
    const x = random() * sum;
    let k = 0;
    while (k < cumulative.length - 1 && x >= (cumulative[k] ?? 1)) k++;
    kind[i] = k;
  }
  return { customer, kind, length };
}
