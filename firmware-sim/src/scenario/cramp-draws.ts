// How big and how long a cramp is, and in which muscle: drawn the same way for random nights and presets.
import type { Muscle } from '../../../src/core/types.ts';
import type { Random } from '../random.ts';
import type { DeviceSpec } from '../spec.ts';

export function crampMuscle(random: Random, device: DeviceSpec): Muscle {
  if (device.channels.includes('soleus')) return random.chance(0.3) ? 'soleus' : 'gastrocnemius';
  return random.chance(0.08) ? 'soleus' : 'gastrocnemius';
}

/** Cramp length: mostly seconds to a few minutes, a few long ones (Naylor & Young 1994: most last seconds to ~10 min). */
export function crampDurationMs(random: Random): number {
  return random.weighted([[random.uniform(3, 20), 1], [random.logUniform(20, 180), 2], [random.logUniform(180, 600), 1]] as const) * 1000;
}

export function crampPeakUv(random: Random, mvcUv: number): number {
  return Math.min(1500, Math.max(100, mvcUv * random.uniform(0.25, 1.1)));
}

