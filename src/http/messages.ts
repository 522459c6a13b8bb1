// The REST API's messages (and the payment window's, which the same gateway speaks): Korean, as the real service
// words them. Real texts are copied exactly from the reference and marked so; the others are ours (no public source has
// them), read like the real ones and say so. The control API's English messages are in control-messages.ts.

import type { Schedule, ScheduleStatus } from '../schemas/schedules.js';

/** Messages of the REST API. */
export const MSG = {
  unauthorized: 'Unauthorized',
  tokenParamsMissing: 'imp_key, imp_secret 파라메터가 누락되었습니다.',
  paymentNotFound: '존재하지 않는 결제정보입니다.',
  badStatus: '지원되지 않는 상태값입니다.',
  prepareNotFound: '사전등록된 결제정보가 존재하지 않습니다.',
  prepareDuplicate: '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).',
  cancelNotFound: '취소할 결제건이 존재하지 않습니다.',
  alreadyCancelled: '이미 전액취소된 주문입니다.',
  unknownBuyer: '등록되지 않은 구매자입니다.',
  noApiChannel: '비인증결제모듈 사용정보를 찾을 수 없습니다.',
  customerNotFound: (uid: string) => `요청하신 customer_uid(${uid})로 등록된 정보를 찾을 수 없습니다.`,
  scheduleNoCustomer: '등록된 고객정보가 없습니다.',
  unscheduleNothing: '취소할 예약결제 기록이 존재하지 않습니다.',
  cardAuthFailed: '카드정보 인증에 실패하였습니다.',
  billingKeyFailed: '카드정보 인증 및 빌키 발급에 실패하였습니다.',
  invalidCardNumber: '유효하지않은 카드번호를 입력하셨습니다.',
  // Real for the payment window (SDK callback with error_code F1002 for a merchant_uid already paid:
  // iamport/iamport-manual#6). Unconfirmed for REST `again`/`onetime`/schedules; we assume the server's same text.
  alreadyPaid: '이미 결제가 이루어진 거래건입니다.',
  // Invented (no public source has the real wording); they read like the real ones and are marked as ours.
  expiredCard: '카드 유효기간이 만료되었습니다.',
  checksumMismatch: '취소요청금액 검증(checksum)에 실패하였습니다. 취소가능잔액이 일치하지 않습니다.',
  cancelExceedsBalance: '취소요청금액이 취소가능잔액을 초과합니다.',
  cancelNotPaid: '결제완료 상태의 결제건만 취소할 수 있습니다.',
  pageOutOfRange: '데이터 범위를 넘어선 page입니다.',
  tooManyIds: 'imp_uid, merchant_uid 는 합쳐서 최대 100개까지 조회할 수 있습니다.',
  noIds: 'imp_uid[] 또는 merchant_uid[] 중 하나는 필수입니다.',
  dateRangeTooLong: '조회기간은 최대 90일입니다.',
  dateRangeInverted: 'from 은 to 보다 이전이어야 합니다.',
  scheduleNotFound: '존재하지 않는 예약결제정보입니다.',
  routeNotFound: '존재하지 않는 API입니다.',
  // Billing keys (invented too): none of the asked customer_uids exists (404), none was asked (400), unreadable expiry.
  customersNotFound: '요청하신 customer_uid로 등록된 정보를 찾을 수 없습니다.',
  noCustomerUids: 'customer_uid[] 는 필수입니다.',
  invalidExpiry: '카드 유효기간 형식이 올바르지 않습니다.',
  // Invented: wrong getToken credentials (api-v1.md §1.2 records status 401 only).
  badCredentials: 'imp_key 또는 imp_secret 이 올바르지 않습니다.',
  // Real text (api-v1.md §1.2, §8).
  certificationNotFound: '인증결과가 존재하지 않습니다.',
  // Invented: a request parameter failed its schema (the real 400 texts for bad parameters are not recorded).
  badParameter: (where: string, detail: string) => `잘못된 요청 파라미터입니다. ${where}: ${detail}`,
  internal: '샌드박스 내부 오류입니다.',
  responseMismatch: '샌드박스 내부 오류입니다 (응답 스키마 불일치).',

  // ---- scheduled payments (api-v1.md §5.3)
  // Invented (api-v1.md §10.3): the real text for a merchant_uid that is already scheduled or paid is unknown.
  scheduleDuplicate: (uid: string) => `이미 예약결제가 등록되었거나 결제가 완료된 merchant_uid입니다. (${uid})`,
  // Invented: the real text for a past schedule_at is unknown.
  schedulePast: (at: number) => `schedule_at 은 현재 시각 이후여야 합니다. (${at})`,
  // Invented: PUT on a schedule that has run or was revoked (api-v1.md §5.3 says 400).
  scheduleNotPending: (status: ScheduleStatus) =>
    `예약 상태(scheduled)인 예약결제만 변경할 수 있습니다. (현재: ${status})`,
  // Invented: reschedule/retry of a schedule that is neither failed nor revoked (api-v1.md §5.3 names only those two).
  scheduleNotRetryable: (s: Pick<Schedule, 'schedule_status' | 'payment_status'>) =>
    `실패했거나 취소된 예약결제만 다시 예약하거나 재시도할 수 있습니다. (현재: ${s.schedule_status}${s.payment_status ? `/${s.payment_status}` : ''})`,
  // Invented: card data must come whole.
  scheduleCardIncomplete: 'card_number 와 expiry 는 함께 보내야 합니다.',
  // Invented: the merchant of a schedule no longer exists (a control-API merchant removed by a reset).
  scheduleMerchantGone: '예약결제를 등록한 상점 정보가 존재하지 않습니다.',
  // Invented: an unexpected error inside the sandbox while running a schedule.
  scheduleInternal: '예약결제 실행 중 샌드박스 내부 오류가 발생하였습니다.',

  // ---- code tables (GET /banks, /cards) and balances (GET /payments/{imp_uid}/balance)

  // ---- virtual accounts by REST (POST|PUT|DELETE /vbanks)

  // ---- cash receipts (/receipts, /receipts/external)

  // ---- identity verification (/certifications)

  // ---- escrow delivery info (/escrows/logis) and convenience-store payments (/cvs)

  // ---- operations of the spec the sandbox does not simulate

  // ---- the payment window (sdk-v1.md)
  // Real (legacy SDK 1.2.0, sdk-v1.md §3.3), including its code F1001.
  noPgModule: '등록되지 않은 PG모듈 정보입니다. 아임포트 관리자페이지에서 PG모듈 정보를 설정하신 후 다시 시도해주세요.',
  // Real, exact (sdk-v1.md §3.3: front-end code compares this string).
  userCancelled: '사용자가 결제를 취소하셨습니다',
  // Invented from here on.
  unknownMerchant: (code: string) =>
    `등록되지 않은 가맹점 식별코드입니다(${code}). IMP.init()에 전달한 가맹점 식별코드를 확인해주세요.`,
  prepareMismatch: (prepared: number, asked: number) =>
    `사전등록된 결제정보와 금액이 일치하지 않습니다. (사전등록 금액: ${prepared}, 요청 금액: ${asked})`,
  prepareCurrencyMismatch: '사전등록된 결제정보와 통화(currency)가 일치하지 않습니다.',
  billingCardOnly: "KICC 빌링키 발급은 pay_method 'card' 만 지원됩니다.",
  buyerTelRequired: 'KICC 결제창은 구매자 전화번호(buyer_tel)가 필수입니다.',
  cardOnly: (m: string) => `샌드박스 결제창은 카드(card)와 가상계좌(vbank) 결제만 지원합니다. (pay_method: ${m})`,
  badVbankDue: (v: string) =>
    `가상계좌 입금기한(vbank_due) 형식이 올바르지 않습니다. (${v}) YYYYMMDDhhmm, YYYYMMDD, YYYY-MM-DD, YYYY-MM-DD HH:mm:ss, YYYYMMDDHHmmss 중 하나로 입력해주세요.`,
  vbankDuePast: (v: string) => `가상계좌 입금기한(vbank_due)이 이미 지났습니다. (${v})`,
  vbankNoAmount: '가상계좌 결제금액은 0원보다 커야 합니다.',
  chooseBank: '입금할 은행을 선택해주세요. (Choose a bank.)',
  badParams: (detail: string) => `결제요청 파라메터가 올바르지 않습니다. ${detail}`,
  declined: (impUid: string, reason: string) => `F0004:PG사 결제요청에 실패하여 중단합니다.(${impUid}) ${reason}`,
  pgFailed: (impUid: string, reason: string) => `F0005:결제가 중단되었습니다(${impUid}). ${reason}`,
  windowNotFound: '존재하지 않는 결제창 요청입니다.',
  windowDone: '이미 완료된 결제창 요청입니다.',
  badCardNumber: '카드번호를 확인해주세요. (Check the card number.)',
  badExpiry: '유효기간은 MM/YY 또는 YYYY-MM 형식으로 입력해주세요. (Expiry: MM/YY or YYYY-MM.)',
  badBirth: '생년월일 6자리 또는 사업자번호 10자리를 입력해주세요. (Birth date YYMMDD, or 10-digit business number.)',
  badPwd: '카드 비밀번호 앞 2자리를 입력해주세요. (First 2 digits of the card password.)',
} as const;

/** Fastify's own 4xx errors, in our words (Korean like the real ones; the real texts for these are unknown). */
export const FRAMEWORK_MSG: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    '지원되지 않는 Content-Type 입니다. application/json 또는 application/x-www-form-urlencoded 로 보내주세요.',
  FST_ERR_CTP_BODY_TOO_LARGE: '요청 본문이 너무 큽니다.',
  FST_ERR_CTP_EMPTY_JSON_BODY: '요청 본문이 비어 있습니다. JSON 본문을 보내거나 Content-Type 을 빼주세요.',
  FST_ERR_CTP_INVALID_JSON_BODY: '요청 본문의 JSON 형식이 올바르지 않습니다.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length 가 본문 길이와 다릅니다.',
  FST_ERR_BAD_URL: '요청 경로의 인코딩이 올바르지 않습니다.',
  FST_ERR_MAX_PARAM_LENGTH: '요청 경로의 파라미터가 너무 깁니다.',
};

/**
 * Bodies of injected HTTP errors (fault rules). Unconfirmed (api-v1.md §1.2 has no recorded 5xx/429 bodies): the real
 * gateway's load balancer may answer these without an envelope; we answer in the envelope (code -1) with the HTTP
 * reason phrase, so clients exercise their status-code branch, and a rule can give its own code and message.
 */
export const HTTP_REASON: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
