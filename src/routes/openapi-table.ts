// What the OpenAPI document says about each route that its zod schemas cannot: the spec's operationId, summary and tag
// for the emulated API, a summary for the control API. One table keyed by method and path (`{param}` form), so the route
// plugins keep only what validates and serializes. A route's own `schema.summary` (or tags, operationId) wins over it.
//
// The emulated rows are the operations of the official V1 spec the sandbox simulates (the refused ones are the table of
// unsupported.ts), with the spec's operationId, summary and first tag verbatim: portone-io/developers.portone.io,
// src/schema/v1.openapi.json at 0a8743aae939dbee11449224d3042604a2ab5a19 (test/openapi.test.ts checks them against
// test/data/v1-operations.json). The spec gives `findSchedulesByCustomer` to two operations; OpenAPI wants operationIds
// unique, so the second (in the spec's order) is `findSchedulesByCustomer_2`.

/** A tag of the spec, with the spec's description of it. */
export const SPEC_TAGS: Record<string, string> = {
  authenticate: 'REST API사용을 위한 인증(access_token취득)',
  payments: '결제내역 조회 및 결제 취소',
  'payments.validation': 'payments확장기능. 결제될 내역에 대한 사전정보 등록&검증',
  subscribe: 'ActiveX없는 간편결제, 정기 예약 결제 기능',
  'subscribe.customer': 'subscribe확장기능. 구매자 빌키 관리',
  vbanks: 'PG결제화면없이 API만으로 가상계좌 발급/취소',
  receipts: '현금영수증 발급/관리',
  certifications: 'SMS본인인증결과 조회 및 관리',
  'escrow.logis': '에스크로 결제건에 대한 배송정보 등록',
  codes: '결제기관에 대한 표준코드 및 기관정보(금융결제원기준)',
  payco: 'PAYCO전용 API',
  naver: '네이버페이 전용 API',
  benepia: '베네피아 포인트 API',
  paymentwall: '페이먼트월 전용 API (배송등록 등)',
  cvs: '편의점방문 수납결제 API',
  kcpquick: 'KCP 퀵페이 전용 API',
  users: '고객사 설정 정보 전용 API',
  tiers: '대표 상점에 대한 하위 상점 관리',
  partners: '하위 상점 전용 API',
};

export interface EmulatedRow {
  operationId: string;
  summary: string;
  tag: string;
  /** Set on the few routes that are not operations of the spec: why they exist. */
  extra?: string;
}

type Row = [method: string, path: string, operationId: string, summary: string, tag: string];

/** The simulated operations of the spec, in the spec's order. */
const SIMULATED: Row[] = [
  ['POST', '/users/getToken', 'getToken', 'access_token 발급 API', 'authenticate'],
  ['GET', '/certifications/{imp_uid}', 'getCertification', '본인인증 결과조회 API', 'certifications'],
  ['DELETE', '/certifications/{imp_uid}', 'deleteCertification', '본인인증 정보삭제 API', 'certifications'],
  ['POST', '/certifications/otp/request', 'requestOTP', '본인인증 요청 API', 'certifications'],
  ['POST', '/certifications/otp/confirm/{imp_uid}', 'confirmOTP', '본인인증 완료 API', 'certifications'],
  ['GET', '/subscribe/customers', 'customer_view_multiple', '빌링키 정보 복수조회 API', 'subscribe.customer'],
  ['GET', '/subscribe/customers/{customer_uid}', 'customer_view', '빌링키 정보 단건조회 API', 'subscribe.customer'],
  ['POST', '/subscribe/customers/{customer_uid}', 'customer_save', '빌링키 발급 API', 'subscribe.customer'],
  ['DELETE', '/subscribe/customers/{customer_uid}', 'customer_delete', '빌링키 삭제 API', 'subscribe.customer'],
  [
    'GET',
    '/subscribe/customers/{customer_uid}/payments',
    'customer_payments',
    '빌링키 결제 복수조회 API (빌링키 결제 내역 확인)',
    'subscribe.customer',
  ],
  [
    'GET',
    '/subscribe/customers/{customer_uid}/schedules',
    'findSchedulesByCustomer',
    '빌링키 결제예약 조회 API',
    'subscribe.customer',
  ],
  ['POST', '/cvs', 'issueCvsPayment', '수납번호 발급 API', 'cvs'],
  ['DELETE', '/cvs/{imp_uid}', 'revokeCvsPayment', '수납취소 API', 'cvs'],
  ['GET', '/escrows/logis/{imp_uid}', 'escrow_logis_get', '배송정보 단건조회 API', 'escrow.logis'],
  ['PUT', '/escrows/logis/{imp_uid}', 'escrow_logis_edit', '배송정보 단건수정 API', 'escrow.logis'],
  ['POST', '/escrows/logis/{imp_uid}', 'escrow_logis_save', '배송정보 단건등록 API', 'escrow.logis'],
  ['GET', '/payments/{imp_uid}/balance', 'balanceByImpUid', '결제 상세내역 조회 API', 'payments'],
  ['GET', '/payments/{imp_uid}', 'getPaymentByImpUid', '결제내역 단건조회 API', 'payments'],
  ['GET', '/payments', 'getPaymentListByImpUid', '결제내역 복수조회 API', 'payments'],
  [
    'GET',
    '/payments/find/{merchant_uid}/{payment_status}',
    'getPaymentByMerchantUid',
    '결제 단건조회(고유 고객사 주문번호 조회) API',
    'payments',
  ],
  [
    'GET',
    '/payments/findAll/{merchant_uid}/{payment_status}',
    'getAllPaymentsByMerchantUid',
    '결제 복수조회(고객사 주문번호 중복 포함) API',
    'payments',
  ],
  ['GET', '/payments/status/{payment_status}', 'getPaymentsByStatus', '결제상태기준 복수조회 API', 'payments'],
  ['POST', '/payments/cancel', 'cancelPayment', '결제취소 API', 'payments'],
  ['PUT', '/payments/prepare', 'editPreparePayment', '결제금액 단건 수정 API', 'payments.validation'],
  ['POST', '/payments/prepare', 'preparePayment', '결제금액 사전등록 API', 'payments.validation'],
  [
    'GET',
    '/payments/prepare/{merchant_uid}',
    'getPaymentPrepareByMerchantUid',
    '결제금액 단건조회 API',
    'payments.validation',
  ],
  ['GET', '/receipts/{imp_uid}', 'getReceipt', '발급내역 단건 조회 API', 'receipts'],
  ['POST', '/receipts/{imp_uid}', 'issueReceipt', '현금영수증 단건발급 API', 'receipts'],
  ['DELETE', '/receipts/{imp_uid}', 'revokeReceipt', '포트원 발급분 취소 API', 'receipts'],
  ['GET', '/receipts/external/{merchant_uid}', 'getExternalReceipt', '외부 발급내역 단건 조회 API', 'receipts'],
  ['POST', '/receipts/external/{merchant_uid}', 'issueExternalReceipt', '현금영수증 발급(외부) API', 'receipts'],
  ['DELETE', '/receipts/external/{merchant_uid}', 'revokeExternalReceipt', '외부 발급분 취소 API', 'receipts'],
  ['GET', '/cards', 'allCardCodes', '카드사코드 전체조회 API', 'codes'],
  ['GET', '/cards/{card_standard_code}', 'cardCodes', '카드사명 단건조회 API', 'codes'],
  ['GET', '/banks', 'allBankCodes', '은행코드 전체조회 API', 'codes'],
  ['GET', '/banks/{bank_standard_code}', 'bankCodes', '은행명 단건조회 API', 'codes'],
  ['POST', '/subscribe/payments/onetime', 'onetime', '비 인증 결제(일회성) API', 'subscribe'],
  ['POST', '/subscribe/payments/again', 'again', '비 인증 결제(빌링키) API', 'subscribe'],
  ['GET', '/subscribe/payments/schedule', 'findSchedulesByRange', '결제예약 복수조회 API', 'subscribe'],
  ['POST', '/subscribe/payments/schedule', 'schedule', '결제 예약 API', 'subscribe'],
  ['POST', '/subscribe/payments/unschedule', 'unschedule', '결제 예약취소 API', 'subscribe'],
  ['GET', '/subscribe/payments/schedule/{merchant_uid}', 'getScheduleByMid', '결제예약 단건조회 API', 'subscribe'],
  [
    'PUT',
    '/subscribe/payments/schedule/{merchant_uid}',
    'updateScheduleByMid',
    '결제요청 예약시각 수정 API',
    'subscribe',
  ],
  [
    'POST',
    '/subscribe/payments/schedule/{merchant_uid}/reschedule',
    'rescheduleByMid',
    '결제 실패 재예약 API',
    'subscribe',
  ],
  [
    'POST',
    '/subscribe/payments/schedule/{merchant_uid}/retry',
    'retryScheduleByMid',
    '결제 실패 재시도 API',
    'subscribe',
  ],
  [
    'GET',
    '/subscribe/payments/schedule/customers/{customer_uid}',
    'findSchedulesByCustomer_2',
    '결제예약 복수조회(빌링키) API',
    'subscribe',
  ],
  ['GET', '/users/pg', 'getPgSettingList', 'PG MID복수조회 API', 'users'],
  ['POST', '/vbanks', 'createVbank', '가상계좌 발급 API', 'vbanks'],
  ['PUT', '/vbanks/{imp_uid}', 'modifyVbank', '가상계좌 발급정보 수정 API', 'vbanks'],
  ['DELETE', '/vbanks/{imp_uid}', 'revokeVbank', '가상계좌 발급취소 API', 'vbanks'],
];

/** Emulated routes that are not operations of the spec (their operationIds are ours). */
const EXTRAS: [method: string, path: string, row: EmulatedRow][] = [
  [
    'GET',
    '/payments/find/{merchant_uid}',
    {
      operationId: 'getPaymentByMerchantUid_anyStatus',
      summary: '결제 단건조회(고유 고객사 주문번호 조회) API',
      tag: 'payments',
      extra:
        'getPaymentByMerchantUid without payment_status, a path parameter the spec marks optional (OpenAPI cannot)',
    },
  ],
  [
    'GET',
    '/payments/findAll/{merchant_uid}',
    {
      operationId: 'getAllPaymentsByMerchantUid_anyStatus',
      summary: '결제 복수조회(고객사 주문번호 중복 포함) API',
      tag: 'payments',
      extra:
        'getAllPaymentsByMerchantUid without payment_status, a path parameter the spec marks optional (OpenAPI cannot)',
    },
  ],
  [
    'GET',
    '/vbanks/holder',
    {
      operationId: 'getVbankHolder',
      summary: '예금주 조회 API',
      tag: 'vbanks',
      extra:
        'not among the operations of the current spec: implemented as the older REST API documentation describes it',
    },
  ],
];

export const EMULATED: ReadonlyMap<string, EmulatedRow> = new Map([
  ...SIMULATED.map(([method, path, operationId, summary, tag]): [string, EmulatedRow] => [
    `${method} ${path}`,
    { operationId, summary, tag },
  ]),
  ...EXTRAS.map(([method, path, row]): [string, EmulatedRow] => [`${method} ${path}`, row]),
]);

/** The control API (`/__sandbox/*`): a summary each. */
export const CONTROL: ReadonlyMap<string, string> = new Map([
  ['GET /__sandbox/health', 'Liveness and version (never needs the admin token)'],
  ['GET /__sandbox/openapi.json', 'This OpenAPI document (never needs the admin token)'],
  ['POST /__sandbox/reset', "Back to the fixtures: everything, or one merchant's data"],
  ['GET /__sandbox/clock', "The sandbox clock, or a merchant's"],
  ['POST /__sandbox/clock', "Set or advance the sandbox clock, or a merchant's own"],
  ['POST /__sandbox/faults', 'Arm a fault rule'],
  ['GET /__sandbox/faults', 'The live fault rules, oldest first'],
  ['DELETE /__sandbox/faults/{id}', 'Remove one fault rule'],
  ['DELETE /__sandbox/faults', "Remove every fault rule, or one merchant's"],
  ['POST /__sandbox/merchants', 'Create an isolated merchant with fresh credentials'],
  ['GET /__sandbox/merchants', 'The merchants with their credentials'],
  ['GET /__sandbox/merchants/{id}', 'One merchant with its credentials'],
  ['PATCH /__sandbox/merchants/{id}', "Change a merchant's name or default webhook URL and format"],
  ['DELETE /__sandbox/merchants/{id}', 'Delete a created merchant with its data, fault rules and journal'],
  ['GET /__sandbox/requests', 'The request journal, newest first'],
  ['DELETE /__sandbox/requests', "Clear the request journal, or one merchant's entries"],
  ['GET /__sandbox/requests/wait', 'Long poll: answers once `count` journal entries match, or at the timeout'],
  ['POST /__sandbox/billing-keys', "Issue a billing key through the payment window's path, without a browser"],
  ['GET /__sandbox/webhooks', 'The webhook deliveries'],
  ['POST /__sandbox/webhooks/{id}/redeliver', 'Send a webhook delivery again'],
  ['GET /__sandbox/webhooks/wait', 'Long poll: answers once `count` matching deliveries are done, or at the timeout'],
  ['GET /__sandbox/webhooks/idle', 'Long poll: answers once no webhook delivery is in flight or due'],
  ['GET /__sandbox/schedules/wait', 'Long poll: answers once the matching scheduled payments have run'],
  ['POST /__sandbox/window/autopilot', 'Arm the next payment or verification window (headless tests)'],
  ['POST /__sandbox/vbanks/{imp_uid}/deposit', 'Pay into a virtual account, or a convenience-store barcode'],
  // The dashboard's reads (routes/dashboard-data.ts).
  ['GET /__sandbox/data/payments', 'Payments of one merchant or of all, with filters, paged (the dashboard)'],
  [
    'GET /__sandbox/data/payments/{imp_uid}',
    'One payment with its merchant and its webhook deliveries (the dashboard)',
  ],
  ['GET /__sandbox/data/billing-keys', 'Billing keys of one merchant or of all, paged (the dashboard)'],
  ['GET /__sandbox/data/schedules', 'Scheduled payments of one merchant or of all, paged (the dashboard)'],
  ['GET /__sandbox/data/webhooks', 'Webhook deliveries, newest first, paged (the dashboard)'],
]);
