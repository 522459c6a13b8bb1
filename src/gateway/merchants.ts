// Merchants (tenants) and their PG channels: the fixture schema, and which channel a request lands on.

import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Sandbox } from '../context.js';
import type { CreateMerchantBody } from '../schemas/sandbox.js';
import { ApiError } from './errors.js';

export const ChannelSchema = z.object({
  pg_provider: z.string().min(1),
  pg_id: z.string().min(1),
  /** 'payment' = payment window (KICC billing keys only this way); 'api_payment' = REST key-in. */
  type: z.enum(['payment', 'api_payment']),
  channel_key: z.string().min(1),
  channel_name: z.string(),
  sandbox: z.boolean().default(true),
});
export type Channel = z.infer<typeof ChannelSchema>;

export const MerchantSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id must be 1-64 letters, digits, _ or -'),
  name: z.string().min(1),
  merchant_code: z.string().regex(/^imp\d{8}$/, 'merchant_code must be "imp" followed by 8 digits'),
  imp_key: z.string().min(1),
  imp_secret: z.string().min(1),
  webhook_url: z.string().url().nullable().default(null),
  webhook_format: z.enum(['json', 'form']).default('json'),
  /** The first 'payment' channel is the default of the payment window. */
  channels: z.array(ChannelSchema).min(1),
});
export type Merchant = z.infer<typeof MerchantSchema>;

const MerchantFileSchema = z.object({ merchants: z.array(MerchantSchema).min(1) }).superRefine((f, ctx) => {
  for (const key of ['id', 'imp_key', 'merchant_code'] as const) {
    const seen = new Set<string>();
    f.merchants.forEach((m, i) => {
      if (seen.has(m[key]))
        ctx.addIssue({ code: 'custom', path: ['merchants', i, key], message: `duplicate ${key} "${m[key]}"` });
      seen.add(m[key]);
    });
  }
});

/** Read and validate `merchants.json`; a bad file stops start-up with the path of the bad field. */
export function loadMerchantFixtures(dir: string): Merchant[] {
  const file = path.join(dir, 'merchants.json');
  const parsed = MerchantFileSchema.safeParse(readJson(file));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`${file}: ${i.path.join('.')}: ${i.message}`);
  }
  return parsed.data.merchants;
}

export function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file}: cannot be read`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: invalid JSON (${(e as Error).message})`);
  }
}

/** Split an SDK/REST `pg` value at the first dot: 'kicc.T5102001' → provider kicc, MID T5102001. */
export function parsePg(pg: string | undefined | null): { provider: string | null; pgId: string | null } {
  if (!pg) return { provider: null, pgId: null };
  const dot = pg.indexOf('.');
  return dot < 0 ? { provider: pg, pgId: null } : { provider: pg.slice(0, dot), pgId: pg.slice(dot + 1) || null };
}

/**
 * The channel a request uses. Match order follows the legacy SDK (sdk-v1.md §5.2): channel_key, exact provider+MID,
 * provider alone, then the merchant's first channel of that type. An unknown `pg` silently falls back; only "no
 * channel of this type at all" gives null.
 */
export function pickChannel(
  m: Merchant,
  type: Channel['type'],
  pg?: string | null,
  channelKey?: string | null,
): Channel | null {
  const ofType = m.channels.filter((c) => c.type === type);
  if (channelKey) {
    const byKey = ofType.find((c) => c.channel_key === channelKey);
    if (byKey) return byKey;
  }
  const { provider, pgId } = parsePg(pg);
  if (provider) {
    const exact = ofType.find((c) => c.pg_provider === provider && (pgId === null || c.pg_id === pgId));
    if (exact) return exact;
    const sameProvider = ofType.find((c) => c.pg_provider === provider);
    if (sameProvider) return sameProvider;
  }
  return ofType[0] ?? null;
}

/** A channel by provider+MID of any type (a stored billing key remembers the channel it was issued on). */
export function channelOf(m: Merchant, pgProvider: string, pgId: string): Channel | null {
  return m.channels.find((c) => c.pg_provider === pgProvider && c.pg_id === pgId) ?? null;
}

/** A new tenant with fresh credentials; its channels are copied from a fixture merchant (default: 'default'). */
export function createMerchant(sb: Sandbox, body: CreateMerchantBody): Merchant {
  const store = sb.store.merchants;
  let channels: Merchant['channels'];
  if (Array.isArray(body.channels)) channels = body.channels;
  else {
    const from = sb.fixtures.find((f) => f.id === (body.channels ?? 'default'));
    if (!from)
      throw new ApiError(
        400,
        -1,
        `channels: no fixture merchant "${body.channels}" to copy channels from (try "default" or "kicc-only", or give a list)`,
      );
    channels = from.channels.map((c) => ({ ...c }));
  }
  const taken = (pred: (m: Merchant) => boolean) => store.all().some(pred);
  const id = sb.ids.unique(
    () => `m_${sb.ids.hex(10)}`,
    (v) => taken((m) => m.id === v),
  );
  const merchant_code = sb.ids.unique(
    () => `imp${sb.ids.digits(8)}`,
    (v) => taken((m) => m.merchant_code === v),
  );
  // Real REST API keys are 16 digits and secrets 80 characters; ours look alike.
  const imp_key = sb.ids.unique(
    () => sb.ids.digits(16),
    (v) => taken((m) => m.imp_key === v),
  );
  const imp_secret = sb.ids.hex(80);
  const merchant = MerchantSchema.parse({
    id,
    name: body.name ?? `테스트 상점 ${merchant_code}`,
    merchant_code,
    imp_key,
    imp_secret,
    webhook_url: body.webhook_url ?? null,
    webhook_format: body.webhook_format ?? 'json',
    channels,
  });
  store.add(merchant);
  return merchant;
}
