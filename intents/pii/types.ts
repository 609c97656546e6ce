// The kinds of personal data that are masked before a message leaves the database
// (Slack, the LLM fallback, logs, the ombudsman's dossier).

export const PII_KINDS = ['card', 'personal_id', 'iban', 'email', 'phone'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** Which rule confirmed a personal identity number; kept so tests and audits can tell them apart. */
export type PersonalIdScheme =
  | 'se_personnummer'
  | 'se_samordningsnummer'
  | 'no_fodselsnummer'
  | 'no_d_nummer'
  | 'dk_cpr'
  | 'fi_henkilotunnus';

export interface PiiMatch {
  kind: PiiKind;
  /** UTF-16 offsets into the text, end exclusive (like String.prototype.slice). */
  start: number;
  end: number;
  /** Set for `personal_id` only. */
  scheme?: PersonalIdScheme;
}
