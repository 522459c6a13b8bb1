// Smart-routing groups (스마트 라우팅 그룹, the spec since 2025-01): a billing-key issue with `channel_group_id` issues
// a "super" billing key on every active channel of the group (SuperBillingKeyResponse: succeededChannels,
// failedChannels), and a onetime payment with `channelGroupId` goes to one channel of the group by its ratios. The
// sandbox's merchants have no group (a billing key belongs to one channel), so every id is refused rather than
// ignored: ignoring it would answer a plain CustomerAnnotation where the client reads a SuperBillingKeyAnnotation.
// Unconfirmed: the real answer to an unknown group (no source records it); HTTP 200 code 1, like an unknown channel_key.

import { refused } from '../http/errors.js';
import { MSG } from '../http/messages.js';

/** The group a request names (either spelling; null or "" is none), refused: no merchant of the sandbox has one. */
export function refuseChannelGroup(body: { channel_group_id?: string | null; channelGroupId?: string | null }): void {
  const id = body.channel_group_id || body.channelGroupId;
  if (id) throw refused(MSG.channelGroupNotFound(id), 1);
}
