// Types for iamport 0.3.4 (iamport/iamport-rest-client-nodejs, the older official Node client, ships none): only what
// test/sdk-compat.test.ts uses. Every method takes one object (path parameters included) and resolves with the
// envelope's `response`; it rejects with an Error whose `code` is `HTTP_<status>` (400/401/404) or `IAMPORT_<code>`.

declare module 'iamport' {
  type Call = (param?: Record<string, unknown>) => Promise<any>;

  class Iamport {
    static DEFAULT_HOST: string;
    constructor(options?: { impKey?: string; impSecret?: string });
    /** The base URL; copied into each resource when it is built (`_preResources`). */
    _host: string;
    _preResources(): void;
    payment: Record<'getByImpUid' | 'getByMerchant' | 'getByStatus' | 'cancel' | 'prepare' | 'getPrepare', Call>;
    subscribe: Record<'onetime' | 'again' | 'schedule' | 'unschedule', Call>;
    subscribe_customer: Record<'get' | 'create' | 'delete', Call>;
    certification: Record<'get' | 'delete', Call>;
    vbank: Record<'create', Call>;
  }
  export = Iamport;
}
