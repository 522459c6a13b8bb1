// Billing keys and billing payments: /subscribe/customers[/*], /subscribe/payments/onetime, /subscribe/payments/again.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope, paged } from '../schemas/common.js';
import { PaymentSchema } from '../schemas/payments.js';
import {
  AgainBodySchema,
  CustomerPaymentsQuerySchema,
  CustomerSchema,
  CustomersQuerySchema,
  DeleteCustomerQuerySchema,
  CustomerUidParam,
  IssueBillingKeyBodySchema,
  OnetimeBodySchema,
} from '../schemas/subscribe.js';
import {
  chargeBillingKey,
  customerPayments,
  deleteCustomer,
  getCustomer,
  getCustomers,
  issueBillingKey,
  payOnetime,
} from '../gateway/billing.js';
import { ok } from '../http/envelope.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const customerResponse = { 200: envelope(CustomerSchema), 404: envelope(CustomerSchema) };
  const paymentResponse = { 200: envelope(PaymentSchema) };

  // The list route has no path parameter, so it never collides with /subscribe/customers/:customer_uid.
  const customersResponse = envelope(z.array(CustomerSchema));
  app.get(
    '/subscribe/customers',
    {
      schema: {
        querystring: CustomersQuerySchema,
        response: { 200: customersResponse, 207: customersResponse, 404: customersResponse },
      },
    },
    async (req, reply) => {
      const { status, list } = getCustomers(req.sb, req.merchant, req.query.customer_uids);
      return reply.code(status).send(ok(list));
    },
  );
  app.get(
    '/subscribe/customers/:customer_uid/payments',
    {
      schema: {
        params: CustomerUidParam,
        querystring: CustomerPaymentsQuerySchema,
        response: { 200: envelope(paged(PaymentSchema)) },
      },
    },
    async (req) => ok(customerPayments(req.sb, req.merchant, req.params.customer_uid, req.query)),
  );

  app.post(
    '/subscribe/customers/:customer_uid',
    { schema: { params: CustomerUidParam, body: IssueBillingKeyBodySchema, response: customerResponse } },
    async (req) => ok(issueBillingKey(req.sb, req.merchant, req.params.customer_uid, req.body)),
  );
  app.get(
    '/subscribe/customers/:customer_uid',
    { schema: { params: CustomerUidParam, response: customerResponse } },
    async (req) => ok(getCustomer(req.sb, req.merchant, req.params.customer_uid)),
  );
  app.delete(
    '/subscribe/customers/:customer_uid',
    {
      schema: {
        params: CustomerUidParam,
        querystring: DeleteCustomerQuerySchema,
        response: customerResponse,
      },
    },
    async (req) => ok(deleteCustomer(req.sb, req.merchant, req.params.customer_uid)),
  );

  app.post(
    '/subscribe/payments/onetime',
    { schema: { body: OnetimeBodySchema, response: paymentResponse } },
    async (req) =>
      ok(
        payOnetime(
          req.sb,
          req.merchant,
          req.body,
          { method: req.method, path: req.routeOptions.url ?? req.url },
          req.headers['user-agent'] ?? null,
        ),
      ),
  );
  app.post('/subscribe/payments/again', { schema: { body: AgainBodySchema, response: paymentResponse } }, async (req) =>
    ok(
      chargeBillingKey(req.sb, req.merchant, req.body, {
        via: { method: req.method, path: req.routeOptions.url ?? req.url },
        user_agent: req.headers['user-agent'] ?? null,
      }),
    ),
  );
};
export default routes;
