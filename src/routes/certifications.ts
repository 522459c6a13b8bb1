// (being written) The certifications area of the V1 API.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const routes: FastifyPluginAsyncZod = async (_app) => {};
export default routes;
