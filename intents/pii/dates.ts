// Dates written as digit groups ("01.05.2024", "12/5/24", "2024-05-12"). The digit finders read
// runs of digit groups across spaces, dots, slashes and dashes, so a date followed by another
// number ("01.05.2024 12:30", "05-12-2024 0701234567") is one run: no card or phone may start
// inside the date, or "05.2024 12" would pass for a phone number.
import { isCalendarDate } from './checksums.ts';

// Day first with a dot or a slash, or with hyphens and a four-digit year ("08-12-34-56" is how
// some write a Stockholm number); or year first.
const DATE_AT =
  /(?:(\d{1,2})([./]|-(?=\d{1,2}-\d{4}(?!\d)))(\d{1,2})\2(\d{4}|\d{2})|(\d{4})([./-])(\d{1,2})\6(\d{1,2}))(?!\d)/y;

/** Where a date written at `at` ends, or -1 when none starts there. */
export function dateEndAt(text: string, at: number): number {
  DATE_AT.lastIndex = at;
  const date = DATE_AT.exec(text);
  if (!date) return -1;
  const real =
    date[1] !== undefined
      ? isCalendarDate(date[4]!.length === 4 ? Number(date[4]) : null, Number(date[3]), Number(date[1]))
      : isCalendarDate(Number(date[5]), Number(date[7]), Number(date[8]));
  return real ? at + date[0].length : -1;
}
