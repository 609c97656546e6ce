// Purchase counts per merchant for the dispute-rate figures, from a CSV file of lines
// `merchant,purchases` (a header line naming purchases is skipped). Shared by `npm run cases --
// merchants` and `npm run report`; `fail` makes each CLI's own usage error.
import { readFileSync } from 'node:fs';

export function readPurchaseCounts(file: string, fail: (message: string) => Error): Map<string, number> {
  const purchases = new Map<string, number>();
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (!line.trim() || (index === 0 && /purchases/i.test(line))) return;
      const cut = line.lastIndexOf(',');
      const count = Number(line.slice(cut + 1));
      if (cut < 1 || !Number.isInteger(count) || count < 0)
        throw fail(`${file}:${index + 1}: expected "merchant,purchases", got ${JSON.stringify(line)}`);
      purchases.set(line.slice(0, cut).trim(), count);
    });
  return purchases;
}
