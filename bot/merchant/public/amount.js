// A refunded amount as a person types it, in minor units: "899", "899,00", "1 299.50",
// "1.299,50", "1,299", "kr 899". A separator followed by 1 to the currency's minor digits at the
// end is the decimal one; any other groups thousands, in groups of three, one kind throughout.
// Anything else ("1234,567", "1.299.50", "12,5,0") is not an amount: undefined.

/** How many minor digits the currency has (2 for SEK and EUR, 0 for JPY). */
export function minorDigits(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const grouped = (whole, separator) => new RegExp(`^\\d{1,3}(\\${separator}\\d{3})+$`).test(whole);

export function parseAmount(text, currency) {
  const digits = minorDigits(currency);
  const compact = String(text)
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/^(kr|€|eur|sek|nok|dkk)/i, '')
    .replace(/(kr|€|eur|sek|nok|dkk|:-|,-)$/i, '');
  if (!/^\d([\d.,]*\d)?$/.test(compact)) return undefined;
  const separators = [...new Set(compact.replace(/\d/g, ''))];
  let whole = compact;
  let fraction = '';
  if (separators.length === 2) {
    // Both kinds: the last is the decimal one and stands once; the other groups.
    const decimal = compact[Math.max(compact.lastIndexOf(','), compact.lastIndexOf('.'))];
    const group = decimal === ',' ? '.' : ',';
    const parts = compact.split(decimal);
    if (parts.length !== 2 || !grouped(parts[0], group)) return undefined;
    [whole, fraction] = parts;
    if (fraction.length < 1 || fraction.length > digits) return undefined;
  } else if (separators.length === 1) {
    const separator = separators[0];
    const parts = compact.split(separator);
    const tail = parts.at(-1);
    if (parts.length === 2 && tail.length >= 1 && tail.length <= digits) [whole, fraction] = parts;
    else if (!grouped(compact, separator)) return undefined;
  }
  const units = Number(whole.replace(/[.,]/g, ''));
  const minor = units * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : undefined;
}
