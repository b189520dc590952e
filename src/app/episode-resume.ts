// A cramp that is going on when the pipeline stops must be neither lost nor reported twice.
//
// The detector's state does not survive a restart, so the next run's detector sees the cramp
// begin again at its first frame and would report a second episode, while the app still holds
// the first one open. This wrapper sits between each DeviceCore and the sink:
//
// - On a graceful stop (suspend(), then finish()), the `close` events the detector emits for
//   episodes still open are kept back, written to a journal file in the data folder, not sent.
// - The journal also holds every open episode as it goes (open, update, close), so after a crash
//   the next run knows them too, with the end of their last update.
// - In the next run, an `open` on the same device and muscle that starts within `continuityMs`
//   of such an episode's last sample continues it: it is sent as an `update` under the original
//   id, start and detection time, and its later updates and close are renamed the same way.
// - An episode no new `open` continues within `waitMs` of stream time (the cramp ended while we
//   were away) is closed then, with `end` = the last sample the earlier run saw; likewise at the
//   end of the device's night, or by closeStale() for a device that never came back.
//   That `end` is a lower bound: the samples between stop and restart are delivered to the new
//   run, but without the old detector's state it cannot tell where that cramp ended.
//
// The journal is written with write-then-rename, so a crash leaves the old or the new file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeviceCore, DeviceCoreFactory } from '../core/device-core.ts';
import type { CoreSink, Episode } from '../core/types.ts';

export interface ResumeOptions {
  /** a new episode starting within this of the kept one's last sample continues it (default 10 s) */
  continuityMs?: number;
  /** stream time after the kept episode's last sample that the new run has to confirm it (default 60 s) */
  waitMs?: number;
}

interface DeviceEpisodes {
  /** sent downstream and not closed: downstream id → latest state */
  open: Map<string, Episode>;
  /** kept from an earlier run, waiting to be continued or closed: `close` events, end = last sample */
  kept: Episode[];
  /** the detector's id of a continuing episode → the resumed episode, latest state */
  resumed: Map<string, Episode>;
  /** a core for this device is running */
  live: boolean;
}

interface JournalFile {
  v: 1;
  episodes: Episode[];
}

function asClose(e: Episode): Episode {
  const end = e.end ?? e.detected_at;
  return { ...e, event: 'close', end, duration_s: (end - e.start) / 1000 };
}

/** The continuing episode as the app knows it: original id, start and detection, current state. */
function continued(original: Episode, e: Episode): Episode {
  const end = e.end ?? Math.max(original.end ?? original.start, e.detected_at);
  const out: Episode = {
    ...e,
    event: e.event === 'open' ? 'update' : e.event,
    id: original.id,
    start: original.start,
    detected_at: original.detected_at,
    posture_before: original.posture_before,
    peak_uv: Math.max(original.peak_uv, e.peak_uv),
    end,
    duration_s: (end - original.start) / 1000,
  };
  if (original.peak_mvc_pct !== undefined || e.peak_mvc_pct !== undefined) {
    out.peak_mvc_pct = Math.max(original.peak_mvc_pct ?? 0, e.peak_mvc_pct ?? 0);
  }
  return out;
}

export class EpisodeResumer {
  private readonly devices = new Map<string, DeviceEpisodes>();
  private readonly continuityMs: number;
  private readonly waitMs: number;
  private suspending = false;
  private holding = false;

  constructor(
    private readonly createCore: DeviceCoreFactory,
    /** the journal file, e.g. {dataDir}/open-episodes.json */
    readonly path: string,
    options: ResumeOptions = {},
  ) {
    this.continuityMs = options.continuityMs ?? 10_000;
    this.waitMs = options.waitMs ?? 60_000;
    for (const e of this.load()) this.stateOf(e.device).kept.push(asClose(e));
  }

  /** Wraps createCore: use it where the DeviceCoreFactory is needed. */
  readonly factory: DeviceCoreFactory = (device, sink) => {
    const state = this.stateOf(device);
    state.live = true;
    const inner = this.createCore(device, {
      episode: (e) => this.onEpisode(state, e, sink),
      signal: (p) => sink.signal(p),
      limbMovement: (m) => sink.limbMovement(m),
    });
    const core: DeviceCore = {
      device,
      setProfile: (p) => inner.setProfile(p),
      addContext: (c) => inner.addContext(c),
      pushFrame: (frame) => {
        if (state.kept.length > 0) this.closeKept(state, sink, (k) => frame.tMs > (k.end ?? k.start) + this.waitMs);
        inner.pushFrame(frame);
      },
      markGap: (fromMs, toMs) => inner.markGap(fromMs, toMs),
      finish: () => {
        this.holding = this.suspending;
        try {
          inner.finish();
        } finally {
          this.holding = false;
        }
        if (!this.suspending) this.closeKept(state, sink, () => true);
        state.live = false;
        state.resumed.clear();
        this.save();
      },
      nightStats: () => inner.nightStats(),
    };
    return core;
  };

  /** A graceful stop begins: from now on finish() keeps open episodes for the next run. */
  suspend(): void {
    this.suspending = true;
  }

  /** Closes kept episodes of devices with no running core whose last sample is before beforeMs. */
  closeStale(beforeMs: number, sink: Pick<CoreSink, 'episode'>): void {
    for (const state of this.devices.values()) {
      if (!state.live && state.kept.length > 0) this.closeKept(state, sink, (k) => (k.end ?? k.start) < beforeMs);
    }
  }

  /** Episodes open now or kept for continuation, as the journal holds them. */
  journal(): Episode[] {
    const all: Episode[] = [];
    for (const state of this.devices.values()) all.push(...state.open.values(), ...state.kept);
    return all;
  }

  private onEpisode(state: DeviceEpisodes, e: Episode, sink: Pick<CoreSink, 'episode'>): void {
    let out = e;
    const resumed = state.resumed.get(e.id);
    if (resumed) {
      out = continued(resumed, e);
    } else if (e.event === 'open') {
      const index = state.kept.findIndex((k) => k.muscle === e.muscle && e.start >= k.start && e.start <= (k.end ?? k.start) + this.continuityMs);
      if (index >= 0) {
        const [original] = state.kept.splice(index, 1);
        out = continued(original, e);
      }
    }
    if (out !== e) {
      if (e.event === 'close') state.resumed.delete(e.id);
      else state.resumed.set(e.id, out);
    }
    state.open.delete(out.id);
    if (out.event === 'close' && this.holding) {
      state.kept.push(out); // not sent: the next run continues or closes it
    } else {
      if (out.event !== 'close') state.open.set(out.id, out);
      sink.episode(out);
    }
    this.save();
  }

  private closeKept(state: DeviceEpisodes, sink: Pick<CoreSink, 'episode'>, due: (kept: Episode) => boolean): void {
    const closing = state.kept.filter(due);
    if (closing.length === 0) return;
    state.kept = state.kept.filter((k) => !closing.includes(k));
    for (const k of closing) sink.episode(k);
    this.save();
  }

  private stateOf(device: string): DeviceEpisodes {
    let state = this.devices.get(device);
    if (!state) this.devices.set(device, (state = { open: new Map(), kept: [], resumed: new Map(), live: false }));
    return state;
  }

  private load(): Episode[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return []; // no journal: a first start
    }
    try {
      const parsed = JSON.parse(text) as JournalFile;
      return Array.isArray(parsed.episodes) ? parsed.episodes.filter((e) => typeof e?.device === 'string' && typeof e.id === 'string') : [];
    } catch {
      return []; // unreadable: better to report a split cramp than to stop the pipeline
    }
  }

  private save(): void {
    const file: JournalFile = { v: 1, episodes: this.journal() };
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(`${this.path}.tmp`, JSON.stringify(file));
    renameSync(`${this.path}.tmp`, this.path);
  }
}
