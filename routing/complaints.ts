// The complaints register's rules (issue 18, docs/domain.md): the channels a complaint arrives by,
// the authorities per market that pass complaints on, and when each must be answered. Pure.
export const COMPLAINT_CHANNELS = ['chat', 'email', 'letter', 'phone', 'authority'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/** The authorities a complaint may come through, by market: consumer, data-protection and financial supervisors. */
export const AUTHORITIES = Object.freeze({
  konsumentverket: { market: 'SE', name: 'Konsumentverket' },
  imy: { market: 'SE', name: 'Integritetsskyddsmyndigheten (formerly Datainspektionen)' },
  finansinspektionen: { market: 'SE', name: 'Finansinspektionen' },
  forbrukertilsynet: { market: 'NO', name: 'Forbrukertilsynet' },
  datatilsynet_no: { market: 'NO', name: 'Datatilsynet' },
  finanstilsynet_no: { market: 'NO', name: 'Finanstilsynet' },
  forbrugerombudsmanden: { market: 'DK', name: 'Forbrugerombudsmanden' },
  datatilsynet_dk: { market: 'DK', name: 'Datatilsynet' },
  finanstilsynet_dk: { market: 'DK', name: 'Finanstilsynet' },
  kkv: { market: 'FI', name: 'Kilpailu- ja kuluttajavirasto' },
  tietosuojavaltuutettu: { market: 'FI', name: 'Tietosuojavaltuutetun toimisto' },
  finanssivalvonta: { market: 'FI', name: 'Finanssivalvonta' },
  verbraucherzentrale: { market: 'DE', name: 'Verbraucherzentrale' },
  bfdi: { market: 'DE', name: 'Der Bundesbeauftragte für den Datenschutz und die Informationsfreiheit' },
  bafin: { market: 'DE', name: 'Bundesanstalt für Finanzdienstleistungsaufsicht (BaFin)' },
} as const satisfies Record<string, { market: string; name: string }>);
export type AuthorityKey = keyof typeof AUTHORITIES;
export const AUTHORITY_KEYS = Object.keys(AUTHORITIES) as AuthorityKey[];

/**
 * Days to answer a complaint, by channel: two weeks, as for a final statement the consumer asks
 * for; an authority's own deadline is often shorter, and an agent gives it when the letter names one.
 */
export const COMPLAINT_ANSWER_DAYS: Readonly<Record<ComplaintChannel, number>> = Object.freeze({
  chat: 14,
  email: 14,
  letter: 14,
  phone: 14,
  authority: 10,
});
