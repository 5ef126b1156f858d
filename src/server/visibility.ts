/**
 * Who sees what (DESIGN 3.7, roles). Everyone signed in sees every customer's state and
 * timeline — one customer, one timeline is the point — but the free text a department writes
 * about a customer (a ticket's subject, a complaint's reason, an agent's internal note) stays
 * with that department and admins, unless the department shares it.
 *
 * `SHARED_FREE_TEXT` is that sharing policy: department → the departments that may read its
 * free text. The default shares nothing beyond the owner; a company edits it here.
 */
export const SHARED_FREE_TEXT: Readonly<Record<string, readonly string[]>> = {};

/** Property names that carry free text someone typed. */
export const FREE_TEXT_KEYS: ReadonlySet<string> = new Set(['subject', 'description', 'comment', 'text', 'body', 'note', 'notes', 'reason', 'message', 'details']);

/** Whether a user of `role` may read free text written by `department`. */
export function mayReadFreeText(role: string | undefined, department: string): boolean {
  if (role === 'admin' || role === department) return true;
  return role !== undefined && (SHARED_FREE_TEXT[department] ?? []).includes(role);
}

export const REDACTED = (department: string): string => `[visible to ${department}]`;

/** The properties with another department's free text replaced, unless the role may read it. */
export function visibleProperties(properties: Record<string, unknown>, department: string, role: string | undefined): Record<string, unknown> {
  if (mayReadFreeText(role, department)) return properties;
  let out: Record<string, unknown> | null = null;
  for (const key of Object.keys(properties)) {
    if (!FREE_TEXT_KEYS.has(key) || typeof properties[key] !== 'string') continue;
    out ??= { ...properties };
    out[key] = REDACTED(department);
  }
  return out ?? properties;
}
