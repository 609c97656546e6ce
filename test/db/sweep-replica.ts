// A sweeper replica as its own process, for the crash test: sweeps `DATABASE_URL` at `SWEEP_AT`
// in a loop, printing a line per fired timer, until nothing is due.
import { notifyInTransaction, openDatabase, sweepDueTimers } from '../../db/index.ts';

const db = await openDatabase({ kind: 'postgres', url: process.env.DATABASE_URL! });
const now = new Date(process.env.SWEEP_AT!);
const context = { db, signal: notifyInTransaction() };
process.stdout.write('sweeping\n');
for (;;) {
  const report = await sweepDueTimers(context, now, { limit: 1 });
  if (report.fired + report.obsolete === 0) break;
  process.stdout.write('fired\n');
}
await db.close();
