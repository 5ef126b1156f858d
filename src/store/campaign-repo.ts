/** Campaigns and department capability documents in the database. */
import type { Kysely } from 'kysely';
import { fromJsonColumn, toJsonColumn } from './json-column.js';
import type { CampaignsTable, Database } from './schema.js';

export type CampaignRow = CampaignsTable;

export async function insertCampaign(db: Kysely<Database>, row: CampaignRow): Promise<void> {
  await db.insertInto('campaigns').values(row).execute();
}

export async function findCampaign(db: Kysely<Database>, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCampaigns(db: Kysely<Database>, limit: number): Promise<CampaignRow[]> {
  return db.selectFrom('campaigns').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
}

/** Updates the mutable columns of a campaign. */
export async function updateCampaign(db: Kysely<Database>, id: string, changes: Partial<Pick<CampaignRow, 'status' | 'signoffs' | 'acceptances' | 'launch_report' | 'launched_by' | 'launched_at' | 'updated_at'>>): Promise<void> {
  await db.updateTable('campaigns').set(changes).where('id', '=', id).execute();
}

/** A capability document as stored: the owning department's data and who set it when. */
export interface StoredCapability {
  document: unknown;
  updatedBy: string;
  updatedAt: number;
}

const kindOf = (department: string): string => `capability.${department}`;

export async function readCapability(db: Kysely<Database>, department: string): Promise<StoredCapability | undefined> {
  const row = await db.selectFrom('company_data').select(['data', 'updated_at']).where('kind', '=', kindOf(department)).executeTakeFirst();
  if (row === undefined) return undefined;
  const stored = fromJsonColumn<{ document: unknown; updatedBy: string }>(row.data, { document: null, updatedBy: 'unknown' });
  return { document: stored.document, updatedBy: stored.updatedBy, updatedAt: row.updated_at };
}

export async function writeCapability(db: Kysely<Database>, department: string, document: unknown, updatedBy: string, at: number): Promise<void> {
  const row = { kind: kindOf(department), data: toJsonColumn({ document, updatedBy }), updated_at: at };
  await db.insertInto('company_data').values(row).onConflict((oc) => oc.column('kind').doUpdateSet({ data: row.data, updated_at: row.updated_at })).execute();
}

/** Past campaigns' audience sizes and orders, for the response prior (the demo's email-platform history). */
export async function readCampaignHistory(db: Kysely<Database>): Promise<{ campaignId: string; audienceSize: number; orders: number }[]> {
  const row = await db.selectFrom('company_data').select('data').where('kind', '=', 'campaign-history').executeTakeFirst()
    ?? await db.selectFrom('company_data').select('data').where('kind', '=', 'demo.campaigns').executeTakeFirst();
  return fromJsonColumn(row?.data, []);
}
