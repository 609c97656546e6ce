// How a receiver knows an event came from Ombud and is fresh: `Ombud-Signature: t=<unix
// seconds>,v1=<hex HMAC-SHA256 of "t.body">` with the receiver's secret, as Stripe and Slack sign
// their webhooks. The time is inside what is signed, so a receiver that refuses an old `t` (five
// minutes is usual) is safe from a replayed request; each try is signed anew, with its own time.
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Ombud-Signature';

export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
