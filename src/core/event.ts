/** The Segment message types Tutti accepts. */
export const MESSAGE_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/**
 * One event as Tutti keeps it: a normalised Segment message, attributed to the source's
 * department and filed under one customer. The log is append-only; `seq` is its position.
 */
export interface TuttiEvent {
  /** Position in the event log; 0 until the log has stored it. */
  seq: number;
  sourceId: string;
  department: string;
  messageId: string;
  type: MessageType;
  /** The track event name; for other types a fixed name ("Identify", "Page Viewed", …). */
  event: string;
  /** The customer profile the event was filed under when it arrived (merges are resolved on read). */
  customerId: string;
  userId: string | null;
  anonymousId: string | null;
  /** Event time in ms, corrected for client clock skew. */
  timestamp: number;
  /** When Tutti received it, ms. */
  receivedAt: number;
  properties: JsonObject;
  traits: JsonObject;
  context: JsonObject;
  /** Catalogue version that validated it, or null when the event name is not in the catalogue. */
  catalogueVersion: string | null;
}

/** The fixed event names of non-track messages, so every timeline row has a name. */
export const TYPE_EVENT_NAMES: Record<Exclude<MessageType, 'track'>, string> = {
  identify: 'Identify',
  page: 'Page Viewed',
  screen: 'Screen Viewed',
  group: 'Group',
  alias: 'Alias',
};
