// What the live pipeline does when a night ends or a diary comes: summarise the night (NightBook),
// put the wearer's diary beside it (DiaryBook), and hand every summary that changed to `publish`
// (the retained summary topic). `crampwatch run` and the live tests share it.
import type { NightStats } from '../core/device-core.ts';
import type { ContextLog, Episode, Profile } from '../core/types.ts';
import type { InboundMessage } from '../protocol/decode.ts';
import type { DiaryBook } from './diary-book.ts';
import type { EndedNight, NightBook } from './nights.ts';

export interface NightOutputs {
  /** the night of a device ended: its summary, with the diary's agreement when the diary came first */
  nightEnded(stats: NightStats, profile?: Profile, context?: ContextLog, episodes?: Episode[]): EndedNight;
  /** a message other than a frame arrived; diaries update the nights they are for */
  message(message: Exclude<InboundMessage, { kind: 'frames' }>, profile?: Profile): void;
}

export function nightOutputs(book: NightBook, diaries: DiaryBook, publish: (night: EndedNight) => void): NightOutputs {
  return {
    nightEnded(stats, profile, context, episodes) {
      const ended = book.nightEnded(stats, profile, context, episodes);
      const changed = diaries.nightEnded(ended);
      // the other leg's summary of the same night changes too when the diary matched over both
      for (const night of new Set([ended, ...changed])) publish(night);
      return ended;
    },
    message(message, profile) {
      if (message.kind !== 'diary') return;
      for (const night of diaries.diary({ device: message.device, wearer: profile?.wearer, diary: message.diary })) publish(night);
    },
  };
}
