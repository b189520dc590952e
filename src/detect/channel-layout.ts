// Which of a sensor's EMG channels belong to which muscle group (muscle-groups/), and which
// channel is the tibialis anterior (the limb-movement muscle of WASM 2016).
import type { Muscle } from '../core/types.ts';
import { groupOf, type CrampRules } from './muscle-groups/index.ts';

export interface GroupChannels {
  rules: CrampRules;
  /** indices into the frame's channels of the muscles that may cramp, in channel order */
  channels: number[];
  /** indices of the antagonists worn */
  antagonists: number[];
  /** indices of the partners worn (CrampRules.partners) */
  partners: number[];
  /** indices into ChannelLayout.groups of the groups that watch one of these antagonists for cramps */
  antagonistGroups: number[];
}

export interface ChannelLayout {
  muscles: readonly Muscle[];
  groups: GroupChannels[];
  /** index of the tibialis anterior, −1 when not worn */
  tibialisAnterior: number;
}

export function channelLayout(muscles: readonly Muscle[]): ChannelLayout {
  const groups: GroupChannels[] = [];
  muscles.forEach((muscle, k) => {
    const rules = groupOf(muscle);
    if (!rules) return;
    let group = groups.find((g) => g.rules === rules);
    if (!group) {
      group = { rules, channels: [], antagonists: [], partners: [], antagonistGroups: [] };
      groups.push(group);
    }
    group.channels.push(k);
  });
  for (const group of groups) {
    muscles.forEach((muscle, k) => group.rules.antagonists.includes(muscle) && group.antagonists.push(k));
    muscles.forEach((muscle, k) => group.rules.partners?.includes(muscle) && group.partners.push(k));
  }
  for (const group of groups) {
    groups.forEach((other, j) => other !== group && other.channels.some((k) => group.antagonists.includes(k)) && group.antagonistGroups.push(j));
  }
  return { muscles: [...muscles], groups, tibialisAnterior: muscles.indexOf('tibialis_anterior') };
}

export function sameMuscles(a: readonly Muscle[], b: readonly Muscle[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
