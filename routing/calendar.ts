// Days and time zones of the markets Ombud serves. A date a person gives ("answer by 15
// December") means the end of that day where they are, not noon UTC. Pure: Intl only.

/** Each market's time zone (ISO 3166 country code -> IANA zone). */
export const MARKET_TIME_ZONES: Readonly<Record<string, string>> = {
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
  CH: 'Europe/Zurich',
};

/** The last second of the calendar day `day` (YYYY-MM-DD) in `timeZone`, as an instant: "answer by 15 December" in Stockholm. */
export function endOfDayIn(day: string, timeZone: string): Date {
  const guess = new Date(`${day}T23:59:59Z`);
  // The zone's offset at that moment, read back from its wall clock (two passes settle a DST change).
  let at = guess;
  for (let pass = 0; pass < 2; pass++) {
    const wall = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .format(at)
      .replace(', ', 'T');
    at = new Date(guess.getTime() - (Date.parse(`${wall}Z`) - at.getTime()));
  }
  return at;
}

/** A market's time zone; Stockholm's (where Ombud is run from) when the market is not given or not served. */
export function marketTimeZone(market: string | null | undefined): string {
  return (market && MARKET_TIME_ZONES[market]) ?? 'Europe/Stockholm';
}
