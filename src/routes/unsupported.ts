// The operations of the official V1 spec the sandbox does not simulate, refused by name. They are data (one row per
// operation: method, path, operationId, the spec's summary, why), routed here, last in the authenticated scope, so a
// client that calls one learns at once which operation it hit and that the sandbox does not play it, instead of the
// generic `존재하지 않는 API입니다`. The spec is portone-io/developers.portone.io, src/schema/v1.openapi.json at
// 0a8743aae939dbee11449224d3042604a2ab5a19 (its 80 operations are in test/data/v1-operations.json).
//
// Unconfirmed: the status. We answer 404 with code -1 and response null (the envelope of a missing resource, §1.2): the
// spec gives 404 to nearly all of these for "no such transaction, member or tier in your account" (the Naver Pay order
// operations, KCP Quick Pay members, prepare and autopay keys, tiers, partners' receipts), and no transaction or member
// of theirs can exist here, so a client's real "not found" branch is the one it takes. Not 501 (the spec's "지원하지
// 않는 PG사" on receipts and partners): clients commonly take a 5xx for a transient failure and retry it, and the
// sandbox answers 5xx only when a fault rule asks. The request is not validated: whatever its body or parameters, the answer is the same.
// Invented: the header `X-Sandbox-Unsupported: <operationId>`, so a test can tell this refusal from a real 404.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../http/errors.js';
import { MSG } from '../http/messages.js';

/** Why a group of operations is not simulated (the README's table says the same). */
export const UNSUPPORTED_REASONS = {
  naver: 'the sandbox takes no Naver Pay payments, so there is no Naver Pay product order, review or payment to act on',
  kcpquick: 'the sandbox does not model KCP Quick Pay (members, prepaid money, autopay keys, FIDO)',
  benepia: 'the sandbox does not model Benepia welfare points',
  paymentwall: 'the sandbox does not model Paymentwall',
  payco: 'the sandbox does not model PAYCO orders',
  tiers: "the sandbox's merchants have no sub-merchants (tiers)",
  partners: "the sandbox's merchants have no sub-merchants to register on a receipt",
} as const;

export type UnsupportedGroup = keyof typeof UNSUPPORTED_REASONS;

export interface UnsupportedOperation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path in Fastify syntax (`:param`); the spec writes `{param}`. */
  url: string;
  /** As the spec has it (the spec itself gives `naverShipProductOrder` to both ship and ship-exchanged). */
  operationId: string;
  /** The spec's summary, verbatim. */
  summary: string;
  group: UnsupportedGroup;
  reason: string;
}

type Row = [UnsupportedOperation['method'], string, string, string];

const group = (g: UnsupportedGroup, rows: Row[]): UnsupportedOperation[] =>
  rows.map(([method, url, operationId, summary]) => ({
    method,
    url,
    operationId,
    summary,
    group: g,
    reason: UNSUPPORTED_REASONS[g],
  }));

/** Every operation of the spec the sandbox does not simulate, in the spec's order. */
export const UNSUPPORTED: readonly UnsupportedOperation[] = [
  ...group('benepia', [
    ['POST', '/benepia/point', 'queryBenepiaPoint', '포인트 단건조회 API'],
    ['POST', '/benepia/payment', 'payBenepiaPoint', '포인트 결제 요청 API'],
  ]),
  ...group('kcpquick', [
    ['DELETE', '/kcpquick/members/:member_id', 'member_delete', '(KCP 퀵페이) 구매자 정보 단건 삭제 API'],
    ['POST', '/kcpquick/payment/money', 'payWithMoney', 'KCP 선불머니 결제 API'],
    ['PUT', '/kcpquick/prepare/:merchant_uid', 'prepare_update', 'KCP 선불머니 거래 사전등록 수정 API'],
    ['POST', '/kcpquick/prepare/:merchant_uid', 'prepare_create', 'KCP 선불머니 거래 사전등록 API'],
    ['POST', '/kcpquick/payment/autopay', 'payWithAutoPaymentKey', 'KCP 퀵페이 자동결제 API'],
    ['DELETE', '/kcpquick/autopay/:customer_uid', 'deleteAutoPayKey', 'KCP 퀵페이 자동결제 키 삭제 API'],
    ['POST', '/kcpquick/members/:member_id/fido/release', 'releaseFido', '(KCP 퀵페이) 생체인증(FIDO) 사용 해제 API'],
  ]),
  ...group('naver', [
    [
      'POST',
      '/payments/:imp_uid/naver/cancel',
      'naverCancelProductOrder',
      '(주문형-네이버페이) 네이버페이 주문환불 API',
    ],
    [
      'POST',
      '/payments/:imp_uid/naver/approve-cancel',
      'naverApproveCancelProductOrder',
      '(주문형-네이버페이) 구매자의 환불요청 승인처리 API',
    ],
    ['POST', '/payments/:imp_uid/naver/ship', 'naverShipProductOrder', '(주문형-네이버페이) 상품주문 발송처리 API'],
    [
      'POST',
      '/payments/:imp_uid/naver/ship-exchanged',
      'naverShipProductOrder',
      '(주문형-네이버페이) 교환승인된 상품 재발송처리 API',
    ],
    [
      'POST',
      '/payments/:imp_uid/naver/collect-exchanged',
      'naverCollectProductOrder',
      '(주문형-네이버페이) 교환승인된 상품 수거완료처리 API',
    ],
    ['POST', '/payments/:imp_uid/naver/place', 'naverPlaceProductOrder', '(주문형-네이버페이) 상품발주처리 API'],
    [
      'POST',
      '/payments/:imp_uid/naver/request-return',
      'naverRequestReturnProductOrder',
      '(주문형-네이버페이) 상품반품요청 API',
    ],
    [
      'POST',
      '/payments/:imp_uid/naver/approve-return',
      'naverApproveReturnProductOrder',
      '(주문형-네이버페이) 상품 반품승인 처리 API',
    ],
    [
      'POST',
      '/payments/:imp_uid/naver/reject-return',
      'naverRejectReturnProductOrder',
      '(주문형-네이버페이) 상품 반품거절 처리 API',
    ],
    [
      'POST',
      '/payments/:imp_uid/naver/withhold-return',
      'naverWithholdReturnProductOrder',
      '(주문형-네이버페이) 상품 반품보류 처리 API',
    ],
    [
      'POST',
      '/payments/:imp_uid/naver/resolve-return',
      'naverResolveReturnProductOrder',
      '(주문형-네이버페이) 반품보류상품 반품보류해제 처리 API',
    ],
    ['POST', '/payments/:imp_uid/naver/point', 'naverDepositPoint', '(결제형-네이버페이) 네이버페이 포인트 적립 API'],
    ['POST', '/payments/:imp_uid/naver/confirm', 'naverConfirmPayment', '(결제형-네이버페이) 에스크로 주문 확정 API'],
    [
      'GET',
      '/payments/:imp_uid/naver/product-orders',
      'getProductOrders',
      '(주문형-네이버페이) 포트원 거래고유번호 기준 네이버페이 상품주문 조회 API',
    ],
    [
      'GET',
      '/naver/product-orders/:product_order_id',
      'getProductOrderSingle',
      '(주문형-네이버페이) 네이버페이 상품주문번호로 상품주문 상세 조회 API',
    ],
    ['GET', '/naver/reviews', 'getReviews', '(주문형-네이버페이) 네이버페이 구매평 조회 API'],
    [
      'GET',
      '/payments/:imp_uid/naver/cash-amount',
      'queryCashAmount',
      '(결제형-네이버페이) 현금영수증 발급 가용액 조회 API',
    ],
  ]),
  ...group('partners', [['POST', '/partners/receipts/:imp_uid', 'partner', '영수증 내 하위 상점 거래 등록 API']]),
  ...group('payco', [
    ['POST', '/payco/orders/status/:imp_uid', 'changeOrderStatus', '(페이코) 주문상태 단건 수정 API'],
  ]),
  ...group('paymentwall', [['POST', '/paymentwall/delivery', 'paymentwall_delivery', '페이먼트월 배송등록 API']]),
  ...group('tiers', [['GET', '/tiers/:tier_code', 'GetTier', '하위 상점 정보 조회 API']]),
];

/** The path as the spec writes it: `/kcpquick/prepare/{merchant_uid}`. */
export const specPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

const routes: FastifyPluginAsyncZod = async (app) => {
  for (const op of UNSUPPORTED) {
    const message = MSG.notSimulated(op.method, specPath(op.url), op.operationId, op.summary);
    app.route({
      method: op.method,
      url: op.url,
      handler: async (_req, reply) => {
        reply.header('x-sandbox-unsupported', op.operationId);
        throw notFound(message);
      },
    });
  }
};
export default routes;
