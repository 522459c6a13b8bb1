// Types for iamporter 1.4.2 (posquit0/node-iamporter ships none): only what test/sdk-compat.test.ts uses.

declare module 'iamporter' {
  /** What every call resolves with (and what an IamporterError carries): the HTTP status, message, response and whole body. */
  export interface IamporterResult<T = any> {
    status: number;
    message: string | null;
    data: T;
    raw: { code: number; message: string | null; response: T };
  }

  export class IamporterError extends Error {
    status?: number;
    data?: unknown;
    raw?: { code: number; message: string | null; response: unknown };
  }

  export class Iamporter {
    constructor(options?: { apiKey?: string; secret?: string; host?: string });
    token?: string;
    expireAt?: number;
    isExpiredToken(): boolean;
    getToken(apiKey?: string, secret?: string): Promise<IamporterResult>;
    findByImpUid(impUid: string): Promise<IamporterResult>;
    findByMerchantUid(merchantUid: string): Promise<IamporterResult>;
    findAllByMerchantUid(merchantUid: string, extra?: { status: string }): Promise<IamporterResult>;
    findAllByStatus(status?: string, extra?: Record<string, unknown>): Promise<IamporterResult>;
    cancel(data?: Record<string, unknown>): Promise<IamporterResult>;
    cancelByImpUid(impUid: string, extra?: Record<string, unknown>): Promise<IamporterResult>;
    cancelByMerchantUid(merchantUid: string, extra?: Record<string, unknown>): Promise<IamporterResult>;
    createPreparedPayment(data: Record<string, unknown>): Promise<IamporterResult>;
    getPreparedPayment(merchantUid: string): Promise<IamporterResult>;
    payOnetime(data: Record<string, unknown>): Promise<IamporterResult>;
    paySubscription(data: Record<string, unknown>): Promise<IamporterResult>;
    createSubscription(data: Record<string, unknown>): Promise<IamporterResult>;
    getSubscription(customerUid: string): Promise<IamporterResult>;
    deleteSubscription(customerUid: string): Promise<IamporterResult>;
  }
}
