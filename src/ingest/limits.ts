/** Segment's HTTP API limits, which Tutti honours so clients behave the same against both. */
export const INGEST_LIMITS = {
  /** One event, serialised. */
  maxEventBytes: 32 * 1024,
  /** One request body, after gzip decompression. */
  maxBodyBytes: 500 * 1024,
  /** Events in one batch. */
  maxBatchEvents: 2500,
  /** Longest id (messageId, userId, anonymousId) and event name. */
  maxIdLength: 200,
} as const;
