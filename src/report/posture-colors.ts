// One colour per posture, shared by the timeline bands, the legend and the summary bar.
// Picked from the Okabe–Ito palette (Okabe & Ito 2008), distinguishable with colour-blindness.
import type { Posture } from '../core/types.ts';

export const POSTURE_COLORS: Record<Posture, string> = {
  supine: '#56B4E9',
  prone: '#E69F00',
  left_side: '#009E73',
  right_side: '#CC79A7',
  upright: '#D55E00',
  unknown: '#BBBBBB',
};
