// Stable error codes that clients may rely on, the one table from a code to its HTTP status,
// and the one error body every HTTP answer uses:
// {"error": {"code": "snake_case_code", "message": "a sentence for people"}}.
// Routing's refusals (routing/errors.ts) and the data layer's say what kind of refusal they are
// (invalid, forbidden, ...), not a status: REFUSAL_STATUS turns the kind into one, here and
// nowhere else. Every route throws a CodedError; the service's error handler (bot/http.ts)
// writes it.
import type { Response } from 'express';
import { ROUTING_ERRORS, type RoutingErrorCode } from '../routing/index.ts';

/** A refusal's kind, as routing and the data layer name it, and the status each is told with. */
export const REFUSAL_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
} as const;
export type RefusalKind = keyof typeof REFUSAL_STATUS;

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
  // The Slack endpoint: a request not signed with the app's secret; an event before the desk knows its ids.
  slack_signature_invalid: 401,
  slack_desk_connecting: 503,
  // The ombudsman (bot/ombudsman/): one-time codes not offered here (no SMTP_URL); the desk's
  // credentials missing, not an ombudsman's, or the desk off (no OMBUDSMAN_TOKEN and no accounts).
  code_path_off: 404,
  ombudsman_token_missing: 401,
  not_the_ombudsman: 401,
  ombudsman_desk_off: 403,
  internal_error: 500,
} as const;

export type ServiceErrorCode = keyof typeof ERROR_CODES;
/** Every code an HTTP answer may carry: the service's own and routing's. */
export type ErrorCode = ServiceErrorCode | RoutingErrorCode;

/** The HTTP status a code is told with. */
export function statusOf(code: ErrorCode): number {
  if (Object.hasOwn(ERROR_CODES, code)) return ERROR_CODES[code as ServiceErrorCode];
  return REFUSAL_STATUS[ROUTING_ERRORS[code as RoutingErrorCode]];
}

/** A refusal from routing or the data layer: its code, a sentence, and (for codes of its own) its kind. */
export interface Refusal {
  code: string;
  message: string;
  kind?: RefusalKind;
}

export class CodedError extends Error {
  override name = 'CodedError';
  readonly status: number;
  /**
   * `status` is the table's unless given: only where one code means different things on two
   * routes (code_path_off: the code endpoint is not there, 404; a request body carrying a code
   * nobody can have, 400).
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    status?: number,
  ) {
    super(message);
    this.status = status ?? statusOf(code);
  }

  /** A refusal of routing's or the data layer's, with the status of its kind (or of its code). */
  static from(refusal: Refusal): CodedError {
    const status = refusal.kind ? REFUSAL_STATUS[refusal.kind] : statusOf(refusal.code as ErrorCode);
    return new CodedError(refusal.code as ErrorCode, refusal.message, status);
  }
}

/** Writes a refusal as the one error body, with its code's status. */
export function sendError(res: Response, code: ErrorCode, message: string): void {
  res.status(statusOf(code)).json(errorBody(code, message));
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
