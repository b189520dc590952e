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
// - A detector cannot see a cramp that is already going on when it starts (it learns the
//   resting level first), so on a graceful stop the frames of the device's recent past (from
//   `warmupMs` before the open episode's start) are written to {data}/resume/{device}.frames.
//   The next run feeds them to the new detector before its first live frame, with its output
//   muted (the earlier run sent it): the detector is back in the same state, re-opens the same
//   cramp (that `open` is not sent again; its onset may differ by a few ms, its events keep the
//   original id and start) and goes on to its updates and close. The history is kept encoded
//   (frame-history.ts: ~2.4 KB a second of 1 kHz × 2 channels, no objects per frame) and
//   decoded only for a warm-up.
//   How much: with nothing open `warmupMs` is kept, so a cramp the detector confirms d after its
//   onset has warmupMs − d before its start. In test/faults/real-detector-restart.test.ts
//   (firmware-sim cramp, blanket-cramp, two-legs, stopped 20 s into the cramp) 5 s lost the
//   two-legs cramp (closed at the stop), 6 s and more re-opened all three, ends within 70 ms of
//   an uninterrupted run's; 10 s is the default, close to twice what they need.
//   While a cramp is open the same file is rewritten at each of its events, so after a crash
//   the warm-up reaches the last update (a few seconds before the crash; the rest is a gap).
// - Failing that (no resume frames: a cramp longer than maxHistoryMs), an `open` on the same device and
//   muscle that starts within `continuityMs` of such an episode's last sample continues it: it
//   is sent as an `update` under the original id, start and detection time, and its later
//   updates and close are renamed the same way.
// - An episode no new `open` continues within `waitMs` of stream time (the cramp ended while we
//   were away) is closed then, with `end` = the last sample the earlier run saw; likewise at the
//   end of the device's night, or by closeAbsent() for a device that never came back.
//   That `end` is a lower bound: the samples between stop and restart are delivered to the new
//   run, but without the old detector's state it cannot tell where that cramp ended.
//
// The journal is written with write-then-rename, so a crash leaves the old or the new file.
// Where journal and warm-up live is a ResumeStore: files in the data folder for the single
// process; in NATS mode (src/app/nats) a KV entry per partition and the frames stream itself.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DeviceCore, DeviceCoreFactory } from '../core/device-core.ts';
import type { CoreSink, Episode, SampleFrame } from '../core/types.ts';
import { frameEndMs } from '../ingest/sequencer.ts';
import { FrameHistory } from './frame-history.ts';
import { WarmupFiles } from './warmup-files.ts';

export interface ResumeOptions {
  /** a new episode starting within this of the kept one's last sample continues it (default 10 s) */
  continuityMs?: number;
  /** stream time after the kept episode's last sample that the new run has to confirm it (default 60 s) */
  waitMs?: number;
  /**
   * history kept before an open episode's start for the next run's warm-up (default 10 s: the
   * restart tests need 6 s, see above). Costs memory: 10 s of 1 kHz, two channels and an
   * accelerometer is ~25 KB a device, buffer slack included.
   */
  warmupMs?: number;
  /** history kept at most, however long the episode (default 15 min) */
  maxHistoryMs?: number;
}


/** What outlives a run (or an owner): the journal of open episodes and the frames for a warm-up. */
export interface ResumeStore {
  /** the episodes an earlier run had open or kept */
  load(): Episode[];
  /** the journal now (called at every episode event) */
  save(episodes: Episode[]): void;
  /** a device's frames for a warm-up, oldest first; given once */
  takeWarmup(device: string): SampleFrame[] | undefined;
  /**
   * true: the resumer holds each device's recent frames and hands them to keepWarmup (files);
   * false: the frames are kept elsewhere already (a stream), so none are held here
   */
  readonly keepsFrames: boolean;
  keepWarmup(device: string, records: Uint8Array): void;
  dropWarmup(device: string): void;
}

/** The single process's store: the journal file, and warm-up files in `resume/` beside it. */
export function fileResumeStore(path: string): ResumeStore {
  const warmups = new WarmupFiles(join(dirname(path), 'resume'));
  return {
    keepsFrames: true,
    load: () => loadJournal(path),
    save: (episodes) => {
      const file: JournalFile = { v: 1, episodes };
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.tmp`, JSON.stringify(file));
      renameSync(`${path}.tmp`, path);
    },
    takeWarmup: (device) => warmups.take(device),
    keepWarmup: (device, records) => warmups.keep(device, records),
    dropWarmup: (device) => warmups.drop(device),
  };
}

function loadJournal(path: string): Episode[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
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

interface DeviceEpisodes {
  device: string;
  /** sent downstream and not closed: downstream id → latest state */
  open: Map<string, Episode>;
  /** kept from an earlier run, waiting to be continued or closed: `close` events, end = last sample */
  kept: Episode[];
  /** the detector's id of a continuing episode → the resumed episode, latest state */
  resumed: Map<string, Episode>;
  /** a core for this device is running */
  live: boolean;
  /** recent frames, oldest first, encoded: the next run's warm-up if the pipeline stops now */
  recent: FrameHistory;
  /** frames replayed into a new core right now: its output is muted */
  warming: boolean;
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
  private readonly warmupMs: number;
  private readonly maxHistoryMs: number;
  private readonly store: ResumeStore;
  private suspending = false;
  private holding = false;

  constructor(
    private readonly createCore: DeviceCoreFactory,
    /** the journal file, e.g. {dataDir}/open-episodes.json, or another ResumeStore */
    store: string | ResumeStore,
    options: ResumeOptions = {},
  ) {
    this.continuityMs = options.continuityMs ?? 10_000;
    this.waitMs = options.waitMs ?? 60_000;
    this.warmupMs = options.warmupMs ?? 10_000;
    this.maxHistoryMs = options.maxHistoryMs ?? 15 * 60_000;
    this.store = typeof store === 'string' ? fileResumeStore(store) : store;
    for (const e of this.store.load()) this.stateOf(e.device).kept.push(asClose(e));
  }

  /** Wraps createCore: use it where the DeviceCoreFactory is needed. */
  readonly factory: DeviceCoreFactory = (device, sink) => {
    const state = this.stateOf(device);
    state.live = true;
    const inner = this.createCore(device, {
      episode: (e) => this.onEpisode(state, e, sink),
      signal: (p) => {
        if (!state.warming) sink.signal(p);
      },
      limbMovement: (m) => {
        if (!state.warming) sink.limbMovement(m);
      },
    });
    // replayed before the first live frame, once the ingestor has given the core its profile
    let warmup = this.store.takeWarmup(device);
    const core: DeviceCore = {
      device,
      setProfile: (p) => inner.setProfile(p),
      addContext: (c) => inner.addContext(c),
      pushFrame: (frame) => {
        if (warmup) {
          state.warming = true;
          let lastEndMs = NaN;
          try {
            for (const earlier of warmup) {
              if (earlier.tMs >= frame.tMs) break;
              this.feed(state, inner, earlier);
              lastEndMs = frameEndMs(earlier);
            }
          } finally {
            state.warming = false;
            warmup = undefined;
          }
          // after a crash the frames since the last save were processed by the dead run and are
          // not coming again: missing, never zeros
          if (frame.tMs - lastEndMs > (frameEndMs(frame) - frame.tMs) / 2) inner.markGap(lastEndMs, frame.tMs);
        }
        if (state.kept.length > 0) this.closeKept(state, sink, (k) => frame.tMs > (k.end ?? k.start) + this.waitMs);
        this.feed(state, inner, frame);
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
        if (this.suspending && state.kept.length > 0 && this.store.keepsFrames) this.store.keepWarmup(device, state.recent.bytes());
        state.recent.clear();
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

  /**
   * Closes the kept episodes of devices that have not come back (no running core). Call it once
   * the devices have had their chance, e.g. a night's idle time after the start: a kept episode's
   * times are the device's clock, which says nothing about how long ago that was.
   */
  closeAbsent(sink: Pick<CoreSink, 'episode'>): void {
    for (const state of this.devices.values()) {
      if (state.live || state.kept.length === 0) continue;
      this.closeKept(state, sink, () => true);
      if (this.store.keepsFrames) this.store.dropWarmup(state.device);
    }
  }

  /** Episodes open now or kept for continuation, as the journal holds them. */
  journal(): Episode[] {
    const all: Episode[] = [];
    for (const state of this.devices.values()) all.push(...state.open.values(), ...state.kept);
    return all;
  }

  /** Hands a frame to the core, and keeps it as long as a warm-up could need it. */
  private feed(state: DeviceEpisodes, inner: DeviceCore, frame: SampleFrame): void {
    if (!this.store.keepsFrames) {
      inner.pushFrame(frame);
      return;
    }
    state.recent.push(frame);
    const endMs = frameEndMs(frame);
    let openStartMs = endMs;
    for (const e of state.open.values()) openStartMs = Math.min(openStartMs, e.start);
    state.recent.dropEndingBefore(Math.max(openStartMs - this.warmupMs, endMs - this.maxHistoryMs));
    inner.pushFrame(frame);
  }

  /**
   * While warming up, the new detector re-opens what the earlier run had open: known to the app,
   * not sent again. Its onset may come out a few ms apart from the first run's (the filters start
   * from a different sample), so the same cramp is recognised by muscle and a start within
   * continuityMs, and renamed to the original from then on.
   */
  private onWarmupEpisode(state: DeviceEpisodes, e: Episode, sink: Pick<CoreSink, 'episode'>): void {
    const resumed = state.resumed.get(e.id);
    if (resumed) {
      const out = continued(resumed, e);
      if (e.event === 'close') {
        // ended within the kept frames after all: the app still holds it open, so it hears the end
        state.resumed.delete(e.id);
        state.open.delete(out.id);
        sink.episode(out);
      } else {
        state.resumed.set(e.id, out);
        state.open.set(out.id, out);
      }
      return;
    }
    if (e.event !== 'open') return; // the earlier run sent everything else
    const index = state.kept.findIndex((k) => k.muscle === e.muscle && (k.id === e.id || Math.abs(e.start - k.start) <= this.continuityMs));
    if (index < 0) return;
    const [original] = state.kept.splice(index, 1);
    const out = continued(original, e);
    state.resumed.set(e.id, out);
    state.open.set(out.id, out);
  }

  private onEpisode(state: DeviceEpisodes, e: Episode, sink: Pick<CoreSink, 'episode'>): void {
    if (state.warming) {
      this.onWarmupEpisode(state, e, sink);
      this.save();
      return;
    }
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
    // crash safety: while a cramp is open its warm-up frames are on disk as of its last event
    // (updates come every few seconds); a crash then costs the frames since, marked as a gap
    if (!this.holding && this.store.keepsFrames) {
      if (state.open.size > 0) this.store.keepWarmup(state.device, state.recent.bytes());
      else this.store.dropWarmup(state.device);
    }
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
    if (!state) this.devices.set(device, (state = { device, open: new Map(), kept: [], resumed: new Map(), live: false, recent: new FrameHistory(device, this.warmupMs), warming: false }));
    return state;
  }

  private save(): void {
    this.store.save(this.journal());
  }
}
