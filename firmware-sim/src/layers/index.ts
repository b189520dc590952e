// Builds the renderer for each layer of one device.
import type { Muscle } from '../../../src/core/types.ts';
import type { Layer } from '../spec.ts';
import { AnkleRenderer } from './ankle.ts';
import { BurstRenderer } from './burst.ts';
import { ContactRenderer } from './contact.ts';
import { CrampRenderer } from './cramp.ts';
import { GaitRenderer } from './gait.ts';
import { HumRenderer } from './hum.ts';
import { KneeRenderer } from './knee.ts';
import { LooseElectrodeRenderer } from './loose-electrode.ts';
import { MotionRenderer } from './motion.ts';
import type { LayerRenderer } from './renderer.ts';
import { TwitchRenderer } from './twitch.ts';

export function layerRenderer(layer: Layer, channels: readonly Muscle[], fsHz: number): LayerRenderer {
  switch (layer.type) {
    case 'burst':
      return new BurstRenderer(layer);
    case 'cramp':
      return new CrampRenderer(layer);
    case 'twitch':
      return new TwitchRenderer(layer);
    case 'motion':
      return new MotionRenderer(layer);
    case 'gait':
      return new GaitRenderer(layer);
    case 'ankle':
      return new AnkleRenderer(layer);
    case 'hum':
      return new HumRenderer(layer, channels);
    case 'loose':
      return new LooseElectrodeRenderer(layer);
    case 'contact':
      return new ContactRenderer(layer, channels, fsHz);
    case 'knee':
      return new KneeRenderer(layer);
  }
}
