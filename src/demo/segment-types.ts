/**
 * The Segment messages the demo sends, as plain data: the shape of an HTTP API call and the
 * department system that sends it.
 */
import type { JsonObject } from '../core/event.js';

/** A plain Segment HTTP API message, as an SDK would send it. */
export interface SegmentMessage {
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
  /** Deterministic and unique: `demo-<seed>-<customer index>-<n>`. */
  messageId: string;
  /** ISO 8601 event time. */
  timestamp: string;
  userId?: string;
  anonymousId?: string;
  /** alias: the id being linked to userId. */
  previousId?: string;
  /** track: the event name (see src/core/catalogue.ts). */
  event?: string;
  /** page: the page name. */
  name?: string;
  properties?: JsonObject;
  /** identify: the customer's traits. */
  traits?: JsonObject;
  context?: SegmentContext;
}

/** The parts of a message's context the demo's systems fill in. */
export interface SegmentContext {
  /** IANA zone of the customer's browser (web shop only). */
  timezone?: string;
  /** Identifying traits on track calls (email platform, helpdesk, CRM). */
  traits?: JsonObject;
  consent?: { categoryPreferences: Record<string, boolean> };
  /** Segment's external ids: the CRM sends its record id this way. */
  externalIds?: { id: string; type: string; collection: string; encoding: string }[];
}

/** One message and the department system (source name, see demoSources()) that sends it. */
export interface DemoMessage {
  source: string;
  message: SegmentMessage;
}
