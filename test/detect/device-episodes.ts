// A hand-made night (synthetic.ts) through the whole device core, as the detector's device-level
// tests run it. The frames' device is the core's; the detector reads neither.
import type { Episode } from '../../src/core/types.ts';
import { createDeviceCore } from '../../src/detect/index.ts';
import { syntheticFrames, type SyntheticNight } from './synthetic.ts';

/** every episode event the core sends for the night, in order */
export function deviceEpisodes(spec: SyntheticNight): Episode[] {
  const episodes: Episode[] = [];
  const core = createDeviceCore('leg-01', { episode: (e) => episodes.push(e), signal: () => {}, limbMovement: () => {} });
  for (const frame of syntheticFrames(spec, 'leg-01')) core.pushFrame(frame);
  core.finish();
  return episodes;
}

/** the night's episodes as they closed */
export function closedEpisodes(spec: SyntheticNight): Episode[] {
  return deviceEpisodes(spec).filter((e) => e.event === 'close');
}
