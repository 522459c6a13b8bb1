// Code tables of the V1 API: GET /banks[/{bank_standard_code}] and GET /cards[/{card_standard_code}] (KFTC codes).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getBank, getCard, listBanks, listCards } from '../gateway/codes.js';
import { ok } from '../http/envelope.js';
import { BankCodeParam, CardCodeParam, StandardCodeListSchema, StandardCodeSchema } from '../schemas/codes.js';
import { envelope } from '../schemas/common.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const one = { 200: envelope(StandardCodeSchema) };
  const list = { 200: envelope(StandardCodeListSchema) };

  app.get('/banks', { schema: { response: list } }, async (req) => ok(listBanks(req.sb)));
  app.get('/banks/:bank_standard_code', { schema: { params: BankCodeParam, response: one } }, async (req) =>
    ok(getBank(req.sb, req.params.bank_standard_code)),
  );

  app.get('/cards', { schema: { response: list } }, async (req) => ok(listCards(req.sb.cardCodes)));
  app.get('/cards/:card_standard_code', { schema: { params: CardCodeParam, response: one } }, async (req) =>
    ok(getCard(req.sb.cardCodes, req.params.card_standard_code)),
  );
};
export default routes;
