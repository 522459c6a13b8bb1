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
  // Invented, the three (no source records the real text): a channel_key that names no channel of the merchant, one
  // that names a payment-window channel where the API needs a key-in (비인증) one, and an `again`/schedule channel_key
  // that is not the channel the billing key was issued on. Every API that takes channel_key uses the first one.
  channelKeyNotFound: (key: string) => `요청하신 channel_key(${key})로 등록된 채널 정보를 찾을 수 없습니다.`,
  channelKeyNotApi: (key: string) =>
    `channel_key(${key})는 결제창(인증결제) 채널입니다. 이 API는 API 방식(비인증결제) 채널로만 요청할 수 있습니다.`,
  billingKeyOtherChannel: (key: string, customerUid: string) =>
    `customer_uid(${customerUid})의 빌링키는 channel_key(${key}) 채널에서 발급되지 않았습니다.`,
  // Invented (no source records it): a smart-routing group id (channel_group_id) the merchant does not have. The
  // sandbox's merchants have no smart-routing group, so every id gets it (docs/spec-changes.md).
  channelGroupNotFound: (id: string) =>
    `요청하신 channel_group_id(${id})로 등록된 스마트 라우팅 그룹 정보를 찾을 수 없습니다.`,
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
  // Invented: the spec gives these 404s only as descriptions ("코드에 해당되는 은행정보를 찾을 수 없음", "… 카드사정보 …");
  // the messages are those descriptions as sentences. An unknown imp_uid of /balance uses the real paymentNotFound.
  bankCodeNotFound: '코드에 해당되는 은행정보를 찾을 수 없습니다.',
  cardCodeNotFound: '코드에 해당되는 카드사정보를 찾을 수 없습니다.',

  // ---- virtual accounts by REST (POST|PUT|DELETE /vbanks)
  // Invented, all of them (the spec gives statuses only: 400 for "not a virtual account" and "not ready", 404 for an
  // unknown imp_uid, 404 "계좌정보 조회 실패" for the holder lookup). The window's vbankNoAmount, vbankDuePast, the
  // lookups' paymentNotFound and the billing API's noApiChannel and alreadyPaid are reused.
  vbankBadDue: (v: string) =>
    `가상계좌 입금기한(vbank_due) 형식이 올바르지 않습니다. (${v}) UNIX TIMESTAMP(초), ` +
    'YYYYMMDDhhmm, YYYYMMDD, YYYY-MM-DD, YYYY-MM-DD HH:mm:ss, YYYYMMDDHHmmss 중 하나로 입력해주세요.',
  vbankUnknownBank: (code: string) => `가상계좌를 발급할 수 없는 은행구분코드입니다. (vbank_code: ${code})`,
  vbankUidRevoked: (uid: string) => `발급취소된 가상계좌의 merchant_uid로는 다시 발급할 수 없습니다. (${uid})`,
  vbankImpUidMissing: 'imp_uid 는 필수입니다. (/vbanks/{imp_uid})',
  vbankNotVbank: (payMethod: string) => `가상계좌 결제건이 아닙니다. (pay_method: ${payMethod})`,
  vbankNotReady: (status: string) => `입금대기(ready) 상태의 가상계좌가 아닙니다. (현재: ${status})`,
  vbankNothingToModify: 'amount 또는 vbank_due 중 하나는 필수입니다.',
  vbankExpired: (due: number) => `입금기한이 지난 가상계좌는 수정할 수 없습니다. (vbank_date: ${due})`,
  vbankRevokeTaken: (uid: string, other: string) =>
    `같은 merchant_uid(${uid})의 결제건(${other})이 이미 결제 또는 취소되어 있어 샌드박스에서는 이 가상계좌를 발급취소할 수 없습니다.`,
  vbankHolderNotFound: '계좌정보 조회에 실패하였습니다.',

  // ---- cash receipts (/receipts, /receipts/external)
  // Invented, all of them: the spec gives only the statuses (issue 400: not paid, already issued, a missing parameter;
  // revoke 400: never issued; lookups 404; external revoke 404), no public source has the texts.
  receiptNotCash: (payMethod: string) =>
    `현금영수증은 현금성 거래(가상계좌 vbank, 계좌이체 trans)에 대해서만 발행할 수 있습니다. (pay_method: ${payMethod})`,
  receiptNotPaid: (status: string) =>
    `결제완료(paid) 상태의 결제건에 대해서만 현금영수증을 발행할 수 있습니다. (status: ${status})`,
  receiptAlreadyIssued: '이미 현금영수증이 발행된 거래건입니다.',
  receiptNotFound: '현금영수증 발행내역이 존재하지 않습니다.',
  receiptNeverIssued: '포트원을 통해 현금영수증이 발행된 적이 없는 거래건입니다.',
  receiptAlreadyRevoked: '이미 발행취소된 현금영수증입니다.',
  receiptIdentifierTypeRequired:
    'KICC 현금영수증 발행에는 identifier_type(person, business, phone, taxcard)이 필수입니다.',
  receiptBadIdentifier: (kind: string) => `현금영수증 발행대상 식별정보(identifier)가 올바르지 않습니다. (${kind})`,
  receiptTaxFreeOver: (taxFree: number, amount: number) =>
    `면세금액(tax_free ${taxFree})이 현금영수증 발행금액(${amount})을 초과합니다.`,
  receiptVatOver: (vat: number, taxable: number) => `부가세(vat_amount ${vat})가 과세금액(${taxable})을 초과합니다.`,
  externalReceiptAlreadyIssued: (uid: string) => `이미 현금영수증이 발행된 merchant_uid입니다. (${uid})`,
  externalReceiptNotFound: (uid: string) => `merchant_uid(${uid})로 발행된 현금영수증이 존재하지 않습니다.`,

  // ---- identity verification (/certifications)
  // Invented, all of them (no public source has the real texts; certificationNotFound above is the one real one).
  // REST requestOTP / the window's identity step: a field in the wrong format (400, the window marks the field).
  certBadName: '이름을 입력해주세요.',
  certBadPhone: '휴대폰번호를 확인해주세요. (01로 시작하는 10-11자리 숫자)',
  certBadBirth: '생년월일 6자리(YYMMDD)를 확인해주세요.',
  certBadGenderDigit: '주민등록번호 뒷자리 첫 번째 숫자(1-8)를 확인해주세요.',
  certBadCarrier: '통신사를 선택해주세요.',
  // The person is not a subscriber of the table, or a field differs from the carrier's record.
  certIdentityMismatch:
    '입력하신 정보가 통신사 가입자 정보와 일치하지 않습니다. 이름, 생년월일, 성별, 휴대폰번호, 통신사를 확인해주세요.',
  // The carrier refuses the person (an identities.json row with outcome "fail" and no message of its own).
  certRefused: '통신사 본인확인에 실패하였습니다.',
  // confirmOTP: no such OTP request (404), already certified (400), OTP missing, wrong or expired (400).
  certRequestNotFound: '본인인증 요청건이 존재하지 않습니다.',
  certAlreadyCertified: '이미 본인인증이 완료된 건입니다.',
  certOtpMissing: '인증번호(otp)가 누락되었습니다.',
  certOtpWrong: '인증번호가 일치하지 않습니다.',
  certOtpExpired: (seconds: number) =>
    `인증번호 입력시간(${seconds}초)이 초과되었습니다. 본인인증을 다시 요청해주세요.`,
  // The verification window (IMP.certification).
  certUnderAge: (minAge: number) => `만 ${minAge}세 이상만 본인인증을 진행할 수 있습니다.`,
  certUserCancelled: '사용자가 본인인증을 취소하셨습니다',
  certBadParams: (detail: string) => `본인인증 요청 파라메터가 올바르지 않습니다. ${detail}`,
  certCarrierNotOffered: '선택할 수 없는 통신사입니다.',
  certWindowNotFound: '존재하지 않는 본인인증 요청입니다.',
  certWindowDone: '이미 완료된 본인인증 요청입니다.',
  certOtpNotSent: '인증번호를 먼저 요청해주세요.',

  // ---- escrow delivery info (/escrows/logis) and convenience-store payments (/cvs)
  // Unconfirmed: the spec's own words (its 409 of GET /escrows/logis/{imp_uid} is this sentence), not a recorded answer.
  escrowNotRegistered: '등록된 배송정보가 존재하지 않습니다.',
  // Invented: from here on (the spec names only the cases: 409 "해당거래건은 배송정보를 등록할 수 없는경우", "이미
  // 배송정보 등록이 완료됨").
  escrowNotEscrow: '에스크로 결제건이 아닙니다. 배송정보는 에스크로 결제건에만 등록할 수 있습니다.',
  escrowNotPaid: (status: string) =>
    `결제완료(paid) 상태의 에스크로 결제건만 배송정보를 등록하거나 수정할 수 있습니다. (현재: ${status})`,
  escrowAlreadyRegistered:
    '이미 배송정보 등록이 완료된 거래건입니다. 수정은 PUT /escrows/logis/{imp_uid} 로 요청해주세요.',
  cvsExpiredPast: (at: number) => `편의점 수납기한(expired_at)이 이미 지났습니다. (${at})`,
  cvsNotCvs: (payMethod: string) => `편의점결제(cvs) 건이 아닙니다. (pay_method: ${payMethod})`,
  cvsAlreadyPaid: '이미 수납이 완료된 편의점결제 건은 수납취소할 수 없습니다.',
  cvsNotReady: (status: string) => `수납 전(ready) 상태의 편의점결제 건만 수납취소할 수 있습니다. (현재: ${status})`,

  // ---- operations of the spec the sandbox does not simulate
  // Invented: the sandbox's own refusal of an operation of the spec it does not play (routes/unsupported.ts), naming it
  // by method, the spec's path, operationId and the spec's summary.
  notSimulated: (method: string, path: string, operationId: string, summary: string) =>
    `샌드박스는 이 API를 시뮬레이션하지 않습니다: ${method} ${path} (${operationId}, ${summary})`,

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
