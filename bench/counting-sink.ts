// A CoreSink that counts what the core reports and keeps only closed episodes: benchmarks must
// not grow with the night they measure.
import type { CoreSink, Episode } from '../src/core/types.ts';

export interface CountingSink extends CoreSink {
  episodes: number;
  closed: Episode[];
  signals: number;
  limbMovements: number;
}

export function countingSink(): CountingSink {
  return {
    episodes: 0,
    closed: [],
    signals: 0,
    limbMovements: 0,
    episode(event) {
      this.episodes++;
      if (event.event === 'close') this.closed.push(event);
    },
    signal() {
      this.signals++;
    },
    limbMovement() {
      this.limbMovements++;
    },
  };
}
