// Wire shapes of escrow delivery info (/escrows/logis/{imp_uid}): the request body of POST and PUT (sender, receiver,
// logis, products: EscrowLogis*Annotation of the spec) and the answer (EscrowLogisAnnotation).

import { z } from 'zod';
import { bool, int, num } from './common.js';

/**
 * formed_address (smartro_v2's address form). Which sender/receiver fields are required differs per PG (the spec
 * marks them per PG, none for KICC): every one is optional here.
 */
const FormedAddressSchema = z.object({
  address_line_1: z.string().optional(),
  address_line_2: z.string().optional(),
});

const PartyFields = {
  name: z.string().optional(),
  tel: z.string().optional(),
  addr: z.string().optional(),
  postcode: z.string().optional(),
  formed_address: FormedAddressSchema.optional(),
};

/** EscrowLogisSenderAnnotation. */
export const EscrowSenderSchema = z.object({ ...PartyFields, relationship: z.string().optional() });
/** EscrowLogisReceiverAnnotation. */
export const EscrowReceiverSchema = z.object(PartyFields);

/** EscrowLogisInfoAnnotation: company, invoice and sent_at are required (receiving_at and address are daou's). */
export const EscrowInfoSchema = z.object({
  company: z.string().min(1, 'company 는 필수입니다.'),
  invoice: z.string().min(1, 'invoice 는 필수입니다.'),
  sent_at: int.min(0),
  receiving_at: z.string().optional(),
  address: z.string().optional(),
});

/** EscrowLogisProductsAnnotation: id, name and amount required; currency KRW and quantity 1 by default. */
export const EscrowProductSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  code: z.string().optional(),
  amount: num.min(0),
  currency: z.string().default('KRW'),
  quantity: int.min(1).default(1),
  tag: z.string().optional(),
});

/**
 * The body of POST and PUT /escrows/logis/{imp_uid}. The spec asks for a "2-depth" JSON body; a form body (flat
 * `sender[name]=` keys) is not unflattened, so it fails on `sender`. Unconfirmed: whether the real server reads those.
 * send_email is nice_v2's (default true), kept with the record.
 */
export const EscrowLogisBodySchema = z.object({
  sender: EscrowSenderSchema,
  receiver: EscrowReceiverSchema,
  logis: EscrowInfoSchema,
  products: z.array(EscrowProductSchema).optional(),
  send_email: bool.optional(),
});
export type EscrowLogisBody = z.infer<typeof EscrowLogisBodySchema>;

/** The answer: EscrowLogisAnnotation, exactly its four fields (applied_at: when the info was registered or changed). */
export const EscrowLogisSchema = z.object({
  company: z.string(),
  invoice: z.string(),
  sent_at: z.number().int(),
  applied_at: z.number().int(),
});
export type EscrowLogis = z.infer<typeof EscrowLogisSchema>;

/** What the sandbox keeps per escrow payment (records kind 'escrow_logis', key imp_uid): the whole request. */
export interface EscrowLogisRecord extends EscrowLogisBody {
  imp_uid: string;
  /** The first registration (POST). */
  registered_at: number;
  /** The last registration or change (POST or PUT): the answer's applied_at. */
  applied_at: number;
}
