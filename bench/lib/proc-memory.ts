// A child process's resident memory, read from /proc/<pid>/status every `intervalMs`: the peak
// of the samples (VmRSS) and, when asked, the kernel's own high-water mark (VmHWM), which also
// catches a spike between two samples.
import { readFileSync } from 'node:fs';

export interface MemoryWatch {
  /** The largest VmRSS seen so far, in MB. */
  peakMb(): number;
  /** VmRSS now, in MB (NaN once the process is gone). */
  currentMb(): number;
  /** The process's VmHWM now, in MB (NaN once the process is gone). */
  highWaterMb(): number;
  stop(): void;
}

function readKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN; // the process has exited
  }
}

export function watchMemory(pid: number, intervalMs = 100): MemoryWatch {
  let peakKb = 0;
  const sample = () => {
    const kb = readKb(pid, 'VmRSS');
    if (kb > peakKb) peakKb = kb;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    peakMb: () => peakKb / 1024,
    currentMb: () => readKb(pid, 'VmRSS') / 1024,
    highWaterMb: () => readKb(pid, 'VmHWM') / 1024,
    stop: () => clearInterval(timer),
  };
}
