/**
 * The database, one interface per table (Kysely style). Ids and timestamps are made in the
 * application: timestamps are integer milliseconds since the epoch, JSON columns are text
 * written through json-column.ts, so SQLite and PostgreSQL store the same values.
 */
import type { Generated } from 'kysely';

export interface SourcesTable {
  id: string;
  name: string;
  department: string;
  write_key: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  name: string;
  /** `admin`, or a department name: what the user may see. */
  role: string;
  token_hash: string;
  created_at: number;
}

export interface EventsTable {
  seq: Generated<number>;
  source_id: string;
  department: string;
  message_id: string;
  type: string;
  event: string;
  customer_id: string;
  user_id: string | null;
  anonymous_id: string | null;
  ts: number;
  received_at: number;
  /** JSON: { properties, traits, context } */
  payload: string;
  catalogue_version: string | null;
}

export interface CustomersTable {
  id: string;
  created_at: number;
  /** The profile this one was merged into, or null for a root (the audit trail is in merges). */
  merged_into: string | null;
}

export interface IdentifiersTable {
  type: string;
  value: string;
  customer_id: string;
  source_id: string;
  created_at: number;
}

export interface MergesTable {
  id: string;
  from_id: string;
  into_id: string;
  reason: string;
  identifier_type: string | null;
  identifier_value: string | null;
  source_id: string | null;
  message_id: string | null;
  actor: string;
  created_at: number;
  undone_at: number | null;
  undone_by: string | null;
}

export interface IdentityConflictsTable {
  id: string;
  customer_a: string;
  customer_b: string;
  identifier_type: string | null;
  identifier_value: string | null;
  reason: string;
  source_id: string | null;
  message_id: string | null;
  created_at: number;
}

export interface CustomerStatesTable {
  customer_id: string;
  /** JSON CustomerState as of the checkpoint. */
  state: string;
}

export interface CheckpointsTable {
  name: string;
  seq: number;
  updated_at: number;
}

export interface CompanyDataTable {
  kind: string;
  data: string;
  updated_at: number;
}

/** Every contact policy ever applied; the newest is active. */
export interface PoliciesTable {
  id: string;
  version: string;
  /** The file as written (YAML or JSON), comments included. */
  document: string;
  applied_by: string;
  applied_at: number;
}

/** The decision audit: every decision with its inputs, policy version, outcome and reasons. */
export interface DecisionsTable {
  id: string;
  /** The root customer at decision time, or the request's ref for a customer Tutti does not know. */
  customer_id: string;
  at: number;
  department: string;
  channel: string;
  purpose: string;
  message_id: string;
  outcome: string;
  until: number | null;
  policy_version: string;
  reservation_id: string | null;
  /** The user who asked. */
  actor: string;
  /** JSON: the request as received. */
  request: string;
  /** JSON: Reason[] (and for candidates, the losers). */
  reasons: string;
  recorded_at: number;
}

/** A committed send's place under the frequency caps; released when delivery fails. */
export interface ContactReservationsTable {
  id: string;
  customer_id: string;
  at: number;
  department: string;
  channel: string;
  purpose: string;
  decision_id: string;
  released_at: number | null;
}

/** A campaign under review; JSON columns hold the declaration, sign-offs and acceptances. */
export interface CampaignsTable {
  id: string;
  name: string;
  department: string;
  /** draft | launched */
  status: string;
  spec: string;
  signoffs: string;
  acceptances: string;
  /** The readiness report as it stood at launch (JSON). */
  launch_report: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  launched_by: string | null;
  launched_at: number | null;
}

/** A customer's request at the front door; the customer reaches it only through its token. */
export interface RequestsTable {
  id: string;
  /** SHA-256 of the status-page token (the token itself is shown once, in the status URL). */
  token_hash: string;
  customer_id: string;
  channel: string;
  subject: string | null;
  /** JSON: the intents found, for joining repeats of the same problem. */
  intents: string;
  /** Set on a repeat that was joined to an open request: the status page redirects there. */
  duplicate_of: string | null;
  survey_sent_at: number | null;
  created_at: number;
  updated_at: number;
}

/** One problem of a request, routed to an internal queue. */
export interface WorkItemsTable {
  id: string;
  request_id: string;
  intent: string;
  queue: string;
  assignee: string | null;
  /** Internal status: new | assigned | in_progress | waiting_on_customer | resolved | cancelled. */
  status: string;
  confidence: number;
  clause: string;
  /** JSON: references found, SLA due times and fired SLA events, routing notes. */
  details: string;
  created_at: number;
  updated_at: number;
  first_response_at: number | null;
  resolved_at: number | null;
}

export interface RequestMessagesTable {
  id: string;
  request_id: string;
  work_item_id: string | null;
  /** customer | agent | system */
  author: string;
  /** customer (the customer sees it) | internal */
  visibility: string;
  text: string;
  created_at: number;
}

/** The promise ledger's records (JSON) with the columns its queries filter on. */
export interface PromisesTable {
  id: string;
  customer_id: string;
  department: string;
  status: string;
  due_at: number;
  record: string;
  updated_at: number;
}

export interface Database {
  sources: SourcesTable;
  users: UsersTable;
  events: EventsTable;
  customers: CustomersTable;
  identifiers: IdentifiersTable;
  merges: MergesTable;
  identity_conflicts: IdentityConflictsTable;
  customer_states: CustomerStatesTable;
  checkpoints: CheckpointsTable;
  company_data: CompanyDataTable;
  policies: PoliciesTable;
  decisions: DecisionsTable;
  contact_reservations: ContactReservationsTable;
  campaigns: CampaignsTable;
  requests: RequestsTable;
  work_items: WorkItemsTable;
  request_messages: RequestMessagesTable;
  promises: PromisesTable;
}
