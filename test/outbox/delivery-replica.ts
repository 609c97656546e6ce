// A replica's outbox worker as its own process, for the tests that run two and kill one: delivers
// DATABASE_URL's events to CORE_WEBHOOK_URL with a lease of OUTBOX_LEASE_SECONDS until SIGTERM.
import { startOutboxDelivery } from '../../bot/outbox/index.ts';
import { openDatabase } from '../../db/index.ts';

const db = await openDatabase({ kind: 'postgres', url: process.env.DATABASE_URL! });
const worker = startOutboxDelivery({
  db,
  receivers: { core: { url: process.env.CORE_WEBHOOK_URL!, secret: process.env.CORE_WEBHOOK_SECRET! } },
  leaseSeconds: Number(process.env.OUTBOX_LEASE_SECONDS),
  timeoutMs: 60_000,
  backoff: { firstMs: 20, maxMs: 80 },
  intervalMs: 20,
});
process.stdout.write('delivering\n');
process.once('SIGTERM', () => {
  void worker
    .stop()
    .then(() => db.close())
    .then(() => process.exit(0));
});
