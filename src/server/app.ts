/**
 * The HTTP application: one Fastify instance, infrastructure registered first (errors, body
 * parsing, OpenAPI), then one route plugin per module. `buildApp` takes an opened Tutti so
 * tests, the CLI and benchmarks share one composition root.
 */
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Tutti } from '../app/tutti.js';
import { CATALOGUE_VERSION } from '../core/catalogue.js';
import { registerBodyParsing } from './body-parsing.js';
import { registerErrorHandling } from './error-handler.js';
import { staticDashboard } from './static-dashboard.js';
import { customerRoutes } from './routes/customer-routes.js';
import { campaignRoutes } from './routes/campaign-routes.js';
import { decideRoutes } from './routes/decide-routes.js';
import { frontDoorRoutes } from './routes/front-door-routes.js';
import { promiseRoutes } from './routes/promise-routes.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { staffingRoutes } from './routes/staffing-routes.js';
import { scorecardRoutes } from './routes/scorecard-routes.js';

export interface AppOptions {
  logger?: boolean;
}

export async function buildApp(tutti: Tutti, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Segment's limit; per-route limits may be lower.
    bodyLimit: 512 * 1024,
    routerOptions: { maxParamLength: 500 },
  });
  registerErrorHandling(app);
  registerBodyParsing(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tutti API',
        version: '0.1.0',
        description: `Tutti — one customer, one timeline, one voice. Event catalogue version ${CATALOGUE_VERSION}. Errors are {error: {code, message, details?}}.`,
      },
      components: {
        securitySchemes: {
          writeKey: { type: 'http', scheme: 'basic', description: "A source's write key as the user name, empty password" },
          bearer: { type: 'http', scheme: 'bearer', description: 'A user token from `tutti users add`' },
        },
      },
    },
  });

  await app.register(ingestRoutes(tutti));
  await app.register(customerRoutes(tutti));
  await app.register(decideRoutes(tutti));
  await app.register(staffingRoutes(tutti));
  await app.register(campaignRoutes(tutti));
  await app.register(frontDoorRoutes(tutti));
  await app.register(promiseRoutes(tutti));
  await app.register(scorecardRoutes(tutti));
  await app.register(staticDashboard());

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({
    ok: true,
    database: tutti.store.dialect,
    customers: tutti.identity().customerCount(),
    queuedEvents: tutti.pipeline.queuedEvents,
  }));
  app.get('/', { schema: { hide: true } }, async () => ({
    name: 'Tutti',
    api: '/openapi.json',
    ingest: '/v1/batch',
    customers: '/v1/customers/{ref}',
    decide: '/v1/decide',
    policy: '/v1/policy',
  }));
  return app;
}
