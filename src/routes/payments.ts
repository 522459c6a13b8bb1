// Routes of this area are registered here (placeholder until the area is built).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const routes: FastifyPluginAsyncZod = async () => {};
export default routes;
