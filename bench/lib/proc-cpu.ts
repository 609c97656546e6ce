// CPU time (user + system) of processes, read from /proc: the service's own process, and the
// PostgreSQL backends serving one database (found by the database's name in their title), so a
// benchmark can say where a message's time went and not only how long it took.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of `pid` in ms, NaN when the process is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time of `pid`'s main thread in ms, to the nanosecond (/proc/<pid>/schedstat, where the stat
 * file counts 10 ms ticks): for a Node process, its event loop's; NaN when the process is gone.
 */
export function mainThreadCpuMs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** CPU ms of every PostgreSQL backend now connected to `database`, by pid. */
export function backendCpuMs(database: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let title: string;
    try {
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    // A backend's title: "postgres: <user> <database> <client> <state>".
    if (!title.startsWith('postgres: ') || !title.split(' ').includes(database)) continue;
    const ms = processCpuMs(Number(entry));
    if (Number.isFinite(ms)) found.set(Number(entry), ms);
  }
  return found;
}

/** CPU ms the backends of `database` used between two readings (a backend born between counts from zero). */
export function backendCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

export interface CpuReading {
  /** CPU ms of this process (user + system). */
  processMs: number;
  /** CPU ms of the database's PostgreSQL backends. */
  databaseMs: number;
}

/**
 * Starts counting the CPU this process and `database`'s backends use; `read()` says how much so
 * far. CPU per unit of work is steadier than throughput when the machine is shared.
 */
export function cpuMeter(database: string): { read(): CpuReading } {
  const processBefore = process.cpuUsage();
  const backendsBefore = backendCpuMs(database);
  return {
    read() {
      const used = process.cpuUsage(processBefore);
      return {
        processMs: (used.user + used.system) / 1000,
        databaseMs: backendCpuBetween(backendsBefore, backendCpuMs(database)),
      };
    },
  };
}
