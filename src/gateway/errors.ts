// The gateway's refusals, as the real API words them. Each carries the HTTP status and the envelope code
// (api-v1.md §1.2): business refusals on POST actions are HTTP 200 with code 1 or -1, missing resources 404.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Real messages, copied exactly from the reference. */
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
} as const;

// Unconfirmed (api-v1.md §1.2 gives "–" for the code of every 404/400/401 row): we send -1 there, the code the
// reference sees for refusals that are not business outcomes.
export const notFound = (message: string) => new ApiError(404, -1, message);
export const refused = (message: string, code = 1) => new ApiError(200, code, message);
export const badRequest = (message: string) => new ApiError(400, -1, message);
// Unconfirmed (api-v1.md §10.1): the 401 body; we send the probable `{"code":-1,"message":"Unauthorized","response":null}`
// and no WWW-Authenticate header.
export const unauthorized = () => new ApiError(401, -1, MSG.unauthorized);
