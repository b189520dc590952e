// Sends each core output to every place that wants it: the store, the episodes topic, the log.
import type { CoreSink, Episode, LimbMovement, SignalPoint } from '../core/types.ts';

export function fanOut(sinks: Partial<CoreSink>[]): CoreSink {
  return {
    episode(event: Episode) {
      for (const sink of sinks) sink.episode?.(event);
    },
    signal(point: SignalPoint) {
      for (const sink of sinks) sink.signal?.(point);
    },
    limbMovement(movement: LimbMovement) {
      for (const sink of sinks) sink.limbMovement?.(movement);
    },
  };
}
