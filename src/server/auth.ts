/**
 * Bearer-token authentication for the read and admin API. Tokens are looked up by hash and
 * cached briefly, so a read costs no extra database round trip.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tutti } from '../app/tutti.js';
import { TuttiError } from '../core/errors.js';
import { findUserByToken, type User } from '../store/users-repo.js';

const CACHE_MS = 30_000;

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
  }
}

export function bearerAuth(tutti: Tutti) {
  const cache = new Map<string, { user: User; at: number }>();
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    const match = header ? /^bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new TuttiError('unauthenticated');
    const token = match[1]!;
    const now = tutti.clock.now();
    const hit = cache.get(token);
    if (hit && now - hit.at < CACHE_MS) {
      request.user = hit.user;
      return;
    }
    const user = await findUserByToken(tutti.store.db, token);
    if (!user) throw new TuttiError('unauthenticated', 'That token is not valid.');
    if (cache.size > 10_000) cache.clear();
    cache.set(token, { user, at: now });
    request.user = user;
  };
}

/** Throws `forbidden` unless the request's user is an admin. */
export function requireAdmin(request: FastifyRequest): void {
  if (request.user?.role !== 'admin') throw new TuttiError('forbidden', 'Only admins may do this.');
}
