/**
 * The catalogue of coded errors. Every error a client can see has a stable `code`
 * (snake_case), an HTTP status and a human sentence. Routes never invent ad-hoc errors:
 * they throw a TuttiError, and the server's error handler renders it.
 */
export const ERRORS = {
  // ingest
  unauthorized: { status: 401, message: 'A valid write key is required (HTTP Basic user name, or writeKey in the body).' },
  body_too_large: { status: 400, message: 'The request body is over 500 KB.' },
  batch_too_large: { status: 400, message: 'A batch holds at most 2,500 events.' },
  event_too_large: { status: 400, message: 'An event is over 32 KB.' },
  invalid_json: { status: 400, message: 'The body is not valid JSON.' },
  invalid_gzip: { status: 400, message: 'The body is marked gzip but does not decompress.' },
  invalid_body: { status: 400, message: 'The body does not have the expected shape.' },
  invalid_event: { status: 400, message: 'The event is not valid.' },
  unsupported_encoding: { status: 415, message: 'Only gzip and identity content encodings are accepted.' },
  overloaded: { status: 429, message: 'Tutti is busy committing earlier events; retry after the given delay.' },
  // read API
  unauthenticated: { status: 401, message: 'A bearer token is required: Authorization: Bearer <token>.' },
  forbidden: { status: 403, message: 'Your role does not allow this.' },
  not_found: { status: 404, message: 'Nothing here.' },
  customer_not_found: { status: 404, message: 'No customer has that identifier.' },
  invalid_ref: { status: 400, message: 'A customer reference is a Tutti id or type:value (email:ann@example.com, userId:u-17, order:O-123).' },
  invalid_cursor: { status: 400, message: 'The cursor is not one this API handed out.' },
  invalid_request: { status: 400, message: 'The request is not valid.' },
  merge_not_found: { status: 404, message: 'No such merge.' },
  merge_refused: { status: 409, message: 'Those customers cannot be merged.' },
  // contact decisions
  invalid_policy: { status: 400, message: 'The policy file has problems; the active policy stays active.' },
  policy_version_exists: { status: 409, message: 'That policy version was applied before with different rules.' },
  reservation_not_found: { status: 404, message: 'No unreleased reservation has that id.' },
  invalid_segment: { status: 400, message: 'The segment expression is not valid.' },
  // launch readiness
  invalid_capability: { status: 400, message: 'The capability data is not valid.' },
  invalid_campaign: { status: 400, message: 'The campaign is not valid.' },
  campaign_not_found: { status: 404, message: 'No such campaign.' },
  launch_blocked: { status: 409, message: 'The campaign has open blockers; each must be resolved or accepted with a name and a reason.' },
  campaign_launched: { status: 409, message: 'The campaign has already launched.' },
  capability_missing: { status: 409, message: 'A department has not declared the capability the review needs.' },
  // configuration
  invalid_department: { status: 400, message: 'Department names are lower-case words (marketing, sales, service, logistics, billing, …).' },
  invalid_role: { status: 400, message: 'A role is admin or a department name.' },
  internal: { status: 500, message: 'Something went wrong inside Tutti.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error with a code from the catalogue, safe to show to the caller. */
export class TuttiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERRORS[code].message);
    this.name = 'TuttiError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }

  toJSON(): { error: { code: ErrorCode; message: string; details?: unknown } } {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}
