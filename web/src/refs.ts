/** What someone typed in a search box → the customer refs worth trying. */
export const IDENTIFIER_TYPES = ['email', 'phone', 'userId', 'order', 'ticket', 'crm', 'anonymousId'] as const;

/** The refs to try for what someone typed, most likely first. */
export function candidateRefs(text: string, type: string): string[] {
  const q = text.trim();
  if (q === '') return [];
  if (type !== 'auto') return [type === 'id' ? q : `${type}:${q}`];
  if (/^cus_/.test(q)) return [q];
  if (/^[a-zA-Z]+:./.test(q)) return [q];
  if (q.includes('@')) return [`email:${q.toLowerCase()}`, `email:${q}`];
  if (/^\+?[\d\s().-]{6,}$/.test(q)) return [`phone:${q.replace(/[\s().-]/g, '')}`];
  return ['userId', 'order', 'ticket', 'crm', 'anonymousId'].map((t) => `${t}:${q}`);
}

