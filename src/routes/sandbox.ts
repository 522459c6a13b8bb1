// The sandbox's own endpoints under /__sandbox/: health (more controls are added by the control-plane area).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { VERSION } from '../version.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/__sandbox/health', async () => ({ status: 'ok', version: VERSION }));
};
export default routes;
