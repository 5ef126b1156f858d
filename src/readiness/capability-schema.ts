/**
 * Department capabilities as data (DESIGN 3.3): what logistics can ship, what the service
 * centre can answer, what billing can promise. Each capability document has an owning
 * department, is edited by that department (API or file) and read by the readiness review.
 * Schemas are TypeBox, closed objects; `checkCapability` (check-capabilities.ts) adds the
 * checks a schema cannot express and names the field of every problem.
 */
import { type Static, Type } from '@sinclair/typebox';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const ClockTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM local' });
const Count = Type.Number({ description: 'a count (≥ 0)' });
const Share = Type.Number({ description: 'a share from 0 to 1' });

export const FulfilmentNodeSchema = Type.Object({
  id: Id,
  name: Type.Optional(Type.String({ maxLength: 200 })),
  region: Type.Optional(Type.String({ maxLength: 50 })),
  timezone: Type.String({ minLength: 1, maxLength: 64 }),
  /** Local time after which an order ships the next working day. */
  carrierCutoff: ClockTime,
  /** Days from dispatch to delivery. */
  standardLeadTimeDays: Type.Integer(),
  carrier: Type.Optional(Type.String({ maxLength: 100 })),
}, { additionalProperties: false });

export const LogisticsCapabilitySchema = Type.Object({
  nodes: Type.Array(FulfilmentNodeSchema, { minItems: 1 }),
  stock: Type.Array(Type.Object({ sku: Id, node: Id, onHand: Count }, { additionalProperties: false })),
  receipts: Type.Array(Type.Object({ sku: Id, node: Id, date: IsoDate, quantity: Count }, { additionalProperties: false })),
  /** Orders each node can pick and pack on a day (days not listed: none). */
  capacity: Type.Array(Type.Object({ node: Id, date: IsoDate, orders: Count }, { additionalProperties: false })),
  /** Units sold per day without any campaign, per SKU and node (the baseline the campaign adds to). */
  baselineDemand: Type.Array(Type.Object({ sku: Id, node: Id, unitsPerDay: Count }, { additionalProperties: false })),
  /** Orders per day without any campaign, per node. */
  baselineOrdersPerDay: Type.Record(Type.String(), Count),
  /** Average units per order. */
  unitsPerOrder: Type.Number(),
  /** The SKUs, with their category and price, so a campaign can name categories. */
  products: Type.Array(Type.Object({ sku: Id, name: Type.Optional(Type.String({ maxLength: 200 })), category: Type.String({ maxLength: 100 }), price: Type.Number(), popularity: Type.Number() }, { additionalProperties: false }), { minItems: 1 }),
}, { additionalProperties: false });

export const ServiceCapabilitySchema = Type.Object({
  timezone: Type.String({ minLength: 1, maxLength: 64 }),
  intervalMinutes: Type.Integer(),
  /** Agents on the queue per interval of the week (day 0 = Monday, local time). */
  roster: Type.Array(Type.Object({ day: Type.Integer(), start: ClockTime, agentsOnQueue: Count }, { additionalProperties: false }), { minItems: 1 }),
  handlingTimeSeconds: Type.Record(Type.String(), Type.Number()),
  contactMix: Type.Record(Type.String(), Share),
  serviceLevel: Type.Object({ target: Share, seconds: Type.Number() }, { additionalProperties: false }),
  shrinkage: Share,
  occupancyCap: Share,
  contactsPerOrder: Count,
  contactsPerLateOrder: Count,
  baselineContactsPerDay: Count,
  /** Mean caller patience; when set, overloaded intervals are assessed with Erlang A. */
  patienceSeconds: Type.Optional(Type.Number()),
  /** Cost of an agent-interval short vs an agent-interval idle: staffing goes to the quantile cu/(cu+cl). */
  understaffingCost: Type.Optional(Type.Number()),
  overstaffingCost: Type.Optional(Type.Number()),
}, { additionalProperties: false });

export const BillingCapabilitySchema = Type.Object({
  refundWithinDays: Type.Number(),
  refundsPerDayCapacity: Count,
  disputeResponseDays: Type.Number(),
}, { additionalProperties: false });

export type LogisticsCapability = Static<typeof LogisticsCapabilitySchema>;
export type ServiceCapability = Static<typeof ServiceCapabilitySchema>;
export type BillingCapability = Static<typeof BillingCapabilitySchema>;

/** The capability documents Tutti knows, by the department that owns each. */
export const CAPABILITY_SCHEMAS = {
  logistics: LogisticsCapabilitySchema,
  service: ServiceCapabilitySchema,
  billing: BillingCapabilitySchema,
} as const;
export type CapabilityDepartment = keyof typeof CAPABILITY_SCHEMAS;
export const CAPABILITY_DEPARTMENTS = Object.keys(CAPABILITY_SCHEMAS) as CapabilityDepartment[];

export interface Capabilities {
  logistics: LogisticsCapability | null;
  service: ServiceCapability | null;
  billing: BillingCapability | null;
  /** When each was last set and by whom, for the report's inputs. */
  meta: Partial<Record<CapabilityDepartment, { updatedAt: number; updatedBy: string }>>;
}
