// Wire shapes of identity verification (본인인증, api-v1.md §8).

import { z } from 'zod';

export const CertificationParam = z.object({ imp_uid: z.string().min(1).max(200) });
