// CPU time of this process (user + system), the measure the targets are written in: wall time
// on a shared two-core machine says more about the neighbours than about our code.
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs fn and returns its result with the CPU and wall milliseconds it took. */
export async function measured<T>(fn: () => T | Promise<T>): Promise<{ value: T; cpuMs: number; wallMs: number }> {
  const cpu0 = cpuMs();
  const wall0 = performance.now();
  const value = await fn();
  return { value, cpuMs: cpuMs() - cpu0, wallMs: performance.now() - wall0 };
}
