/**
 * Realistic Segment batches for the ingest benchmark: identify with several ids, orders,
 * emails, tickets, shipments known only by order id — so identity resolution and state
 * projection do real work. Each call makes fresh messageIds.
 */
const DAY = 86_400_000;

export function makeBatch(batchNo: number, size: number, customers: number, now: number): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < size; i++) {
    const n = batchNo * size + i;
    const c = (n * 7919) % customers;
    const messageId = `bench-${batchNo}-${i}`;
    const timestamp = new Date(now - ((n * 37) % 30) * DAY).toISOString();
    switch (n % 10) {
      case 0:
        out.push({ type: 'identify', messageId, timestamp, userId: `u-${c}`, anonymousId: `a-${c}`, traits: { email: `cust${c}@example.org`, name: `Customer ${c}`, crm_id: `CRM-${c}` }, context: { timezone: 'Europe/Paris' } });
        break;
      case 1:
      case 2:
        out.push({ type: 'track', messageId, timestamp, userId: `u-${c}`, event: 'Order Completed', properties: { order_id: `O-${n}`, revenue: (n % 90) + 10, currency: 'EUR', products: [{ sku: `SKU-${n % 40}`, quantity: 1, price: (n % 90) + 10 }] } });
        break;
      case 3:
        out.push({ type: 'track', messageId, timestamp, userId: `u-${c}`, event: 'Shipment Dispatched', properties: { shipment_id: `S-${n}`, order_id: `O-${n - 2}`, carrier: 'DHL', eta: new Date(now + DAY).toISOString() } });
        break;
      case 4:
        out.push({ type: 'track', messageId, timestamp, context: { traits: { email: `cust${c}@example.org` } }, event: 'Email Delivered', properties: { campaign_id: `cmp-${n % 5}`, email_id: `e-${n}` } });
        break;
      case 5:
        out.push({ type: 'track', messageId, timestamp, userId: `u-${c}`, event: 'Ticket Opened', properties: { ticket_id: `T-${n}`, subject: 'Where is my parcel?', complaint: n % 3 === 0 } });
        break;
      case 6:
        out.push({ type: 'track', messageId, timestamp, userId: `u-${c}`, event: 'Ticket Resolved', properties: { ticket_id: `T-${n - 1}` } });
        break;
      case 7:
        out.push({ type: 'page', messageId, timestamp, anonymousId: `a-${c}`, name: 'Product', properties: { path: `/p/${n % 40}` } });
        break;
      case 8:
        out.push({ type: 'track', messageId, timestamp, userId: `u-${c}`, event: 'Survey Answered', properties: { survey: 'nps', score: n % 11 } });
        break;
      default:
        out.push({ type: 'track', messageId, timestamp, userId: `u-${c}`, event: 'Contact Made', properties: { channel: 'phone', purpose: 'sales', direction: 'outbound' } });
    }
  }
  return out;
}
