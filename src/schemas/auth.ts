// Wire shapes of POST /users/getToken (api-v1.md §2).

import { z } from 'zod';

/**
 * Loose on purpose: a missing body or missing fields get the real 400 `imp_key, imp_secret 파라메터가 누락되었습니다.`
 * from the gateway instead of a schema error.
 */
export const GetTokenBodySchema = z
  .object({ imp_key: z.string().optional(), imp_secret: z.string().optional() })
  .passthrough()
  .nullish();

export const TokenSchema = z.object({ access_token: z.string(), now: z.number().int(), expired_at: z.number().int() });
export type TokenResponse = z.infer<typeof TokenSchema>;
