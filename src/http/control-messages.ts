// The control API's messages (/__sandbox/*): ours, in English, because it is a test tool and not a copy of i'mport.
// The REST API's Korean messages are in messages.ts.

export const CMSG = {
  adminTokenRequired: 'Sandbox admin token required: send X-Sandbox-Admin-Token (or Authorization: Bearer <token>)',
  adminTokenInvalid: 'Sandbox admin token is not valid',
  unknownMerchant: (m: string) => `Unknown merchant "${m}" (give its id or merchant code)`,
  unknownFault: (id: string) => `No fault rule "${id}" (it may have been used up)`,
  fixtureMerchant: (id: string) =>
    `Merchant "${id}" comes from fixtures and cannot be deleted; reset it with POST /__sandbox/reset {"merchant":"${id}"}`,
  noFixtureChannels: (from: string | undefined, fixtures: string[]) => {
    const names = fixtures.map((f) => `"${f}"`);
    const tried = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
    return `channels: no fixture merchant "${from}" to copy channels from (try ${tried}, or give a list)`;
  },
  noAutopilotCard: (action: string, billing: boolean) =>
    `fixtures/cards.json has no card for autopilot "${action}"${billing ? ' (billing key)' : ''}`,
  noAutopilotIdentity: (action: string, phone: string | undefined) =>
    phone
      ? `fixtures/identities.json has no person with phone "${phone}" (autopilot "${action}")`
      : `fixtures/identities.json has no person for autopilot "${action}"`,
  unknownImpUid: (impUid: string) => `Unknown imp_uid "${impUid}"`,
  notVbank: (impUid: string, payMethod: string) =>
    `Payment ${impUid} is not a virtual account (pay_method "${payMethod}")`,
  vbankNotReady: (impUid: string, status: string) =>
    `Virtual account ${impUid} is ${status}, not ready: only an issued, unpaid account takes a deposit`,
  vbankPastDue: (impUid: string, dueIso: string) =>
    `Virtual account ${impUid} was due at ${dueIso}; it takes no deposit after that`,
  vbankOrderTaken: (impUid: string, merchantUid: string, other: string) =>
    `Virtual account ${impUid}: merchant_uid "${merchantUid}" is already paid (or cancelled) by ${other}; it takes no second payment`,
  depositAmount: (amount: number, due: number) =>
    `Deposit amount ${amount} differs from the amount due ${due}; a virtual account takes exactly the amount due`,
  noWindowChannel: (merchantId: string) =>
    `Merchant "${merchantId}" has no payment (window) channel: a billing key is issued in the window`,
  unknownWindowChannel: (merchantId: string, key: string, keyIn: boolean, keys: string[]) =>
    `channel_key: merchant "${merchantId}" has no payment (window) channel "${key}"` +
    `${keyIn ? ' (that is a key-in channel)' : ''}; its window channels: ${keys.join(', ') || 'none'}`,
  noApprovingCard: 'fixtures/cards.json has no card that approves at issuance and at charge: give card_number',
  windowRefused: (code: string, msg: string) => `The payment window refused the billing request (${code}): ${msg}`,
  badCardForm: (field: string | undefined, msg: string) =>
    `${field ?? 'card'}: the window's card form does not take it (nothing was recorded): ${msg}`,
  billingKeyRefused: (impUid: string, code: string, msg: string) =>
    `The card was refused at issuance; the window recorded the failed issue ${impUid} (${code}): ${msg}`,
  unknownWebhook: (id: number) => `Unknown webhook delivery ${id}`,
  webhookBusy: (id: number) => `Webhook delivery ${id} is being sent; ask again when it is done`,
} as const;
