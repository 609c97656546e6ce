// Stable error codes that clients may rely on, and the one error body every HTTP answer uses:
// {"error": {"code": "snake_case_code", "message": "a sentence for people"}}.
export const ERROR_CODES = {
  not_found: 404,
  session_missing: 401,
  session_invalid: 401,
  session_expired: 401,
  // An identity token an app sent to open a session for its logged-in consumer.
  identity_invalid: 401,
  identity_expired: 401,
  identity_mismatch: 403,
  identity_not_configured: 400,
  identity_unavailable: 503,
  origin_not_allowed: 403,
  user_mismatch: 403,
  rate_limited: 429,
  database_unavailable: 503,
  shutting_down: 503,
  invalid_json: 400,
  invalid_request: 400,
  case_not_found: 404,
  // The merchant's API (bot/merchant/api.ts): a missing, unknown or revoked key; a dispute that
  // is not the merchant's (or none); a refund in another currency than the dispute's.
  merchant_key_invalid: 401,
  dispute_not_found: 404,
  currency_mismatch: 400,
  // Evidence uploads and downloads (bot/evidence/, docs/evidence.md): not PDF, PNG or JPEG by its
  // content; over 10 MB; the case's 10 files taken; no file in the request; no such file on the
  // case; a contest naming ids that are not the merchant's uploads on the dispute; a consumer's
  // upload to a resolved case; an agent's link that is not ours, or past its time.
  evidence_type_not_allowed: 415,
  evidence_too_large: 413,
  evidence_limit_reached: 409,
  evidence_missing: 400,
  evidence_not_found: 404,
  evidence_unknown: 400,
  case_closed: 409,
  evidence_link_invalid: 403,
  evidence_link_expired: 403,
  // GET /api/cases/:ref/record?format=pdf (or any format but html): the record is HTML only.
  record_format_not_available: 406,
  payload_too_large: 413,
  headers_too_large: 431,
  metrics_unauthorized: 401,
  unsupported_media_type: 415,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class CodedError extends Error {
  override name = 'CodedError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number = ERROR_CODES[code],
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
