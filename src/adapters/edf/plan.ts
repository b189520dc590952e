// Decides, from the header alone, what becomes what: each signal's role (by its label, or by
// --map), one device per leg with its EMG channels at one rate and its accelerometer axes, and
// notes in words for everything left out. Nothing is read from the data yet.
import { MUSCLES, type Muscle } from '../../core/types.ts';
import { EMG_FS_RANGE_HZ, ACC_FS_RANGE_HZ, MAX_CHANNELS, MAX_SAMPLES_PER_CHANNEL } from '../../protocol/frame-limits.ts';
import { EdfError } from './errors.ts';
import { printable } from './fields.ts';
import type { EdfHeader, EdfSignal } from './header.ts';
import { ACC_PLACES, roleOfLabel, type AccPlace, type Axis, type Side, type SignalRole } from './labels.ts';
import type { AccSource, EmgSource, LegPlan } from './leg-framer.ts';
import { toMicrovolts, toMilliG } from './units.ts';

/** 100 ms frames, the simulated sensor's most usual size (firmware-sim device-config). */
export const FRAME_MS = 100;

export interface ImportPlan {
  legs: LegPlan[];
  /** what the import did with each signal, in words */
  notes: string[];
}

/** `--map "LABEL=name,…"`: name is a PROTOCOL muscle or acc.x / foot.z / thigh.y, with @left/@right, or `skip`. */
export function parseMap(text: string | undefined): Map<string, SignalRole> {
  const map = new Map<string, SignalRole>();
  if (!text) return map;
  for (const entry of text.split(',')) {
    if (!entry.trim()) continue;
    const at = entry.lastIndexOf('=');
    if (at <= 0) throw new EdfError('bad_map', `--map entry "${printable(entry)}" is not LABEL=name`);
    const label = entry.slice(0, at).trim().toLowerCase();
    const [name, sideText] = entry.slice(at + 1).trim().split('@');
    const side = sideText === undefined ? undefined : sideText === 'left' || sideText === 'right' ? sideText : badSide(entry);
    if (name === 'skip') map.set(label, { role: 'skip', why: 'skipped by --map' });
    else if ((MUSCLES as readonly string[]).includes(name)) map.set(label, { role: 'emg', muscle: name as Muscle, side });
    else {
      const acc = /^(acc|foot|thigh)\.([xyz])$/.exec(name);
      if (!acc) throw new EdfError('bad_map', `--map entry "${printable(entry)}": "${printable(name)}" is not one of ${MUSCLES.join(', ')}, acc.x|y|z, foot.x|y|z, thigh.x|y|z or skip`);
      map.set(label, { role: 'accel', place: acc[1] as AccPlace, axis: acc[2] as Axis, side });
    }
  }
  return map;
}

function unitError(convert: () => unknown): EdfError | undefined {
  try {
    convert();
    return undefined;
  } catch (error) {
    if (error instanceof EdfError) return error;
    throw error;
  }
}

function badSide(entry: string): never {
  throw new EdfError('bad_map', `--map entry "${printable(entry)}": the side after @ must be left or right`);
}

function deviceOf(base: string, side: Side | undefined): string {
  return side ? `${base}-${side}` : base;
}

export function planImport(header: EdfHeader, base: string, map: Map<string, SignalRole>): ImportPlan {
  const notes: string[] = [];
  const legs = new Map<string, { side?: Side; emg: { muscle: Muscle; signal: EdfSignal }[]; accel: Map<AccPlace, Partial<Record<Axis, EdfSignal>>> }>();
  const legOf = (side: Side | undefined) => {
    const device = deviceOf(base, side);
    let leg = legs.get(device);
    if (!leg) legs.set(device, (leg = { side, emg: [], accel: new Map() }));
    return leg;
  };
  const unused: string[] = [];
  const accelPending: { role: Extract<SignalRole, { role: 'accel' }>; signal: EdfSignal }[] = [];
  for (const signal of header.signals) {
    if (signal.isAnnotations) continue;
    const name = `"${printable(signal.label)}"`;
    const mapped = map.get(signal.label.toLowerCase());
    const role = mapped ?? roleOfLabel(signal.label);
    // a label can look like a leg signal and be something else (a foot switch, a position
    // sensor): its unit tells. Only a signal named by --map must convert, or stop the import.
    const unit = role.role === 'emg' ? unitError(() => toMicrovolts(signal.physicalDimension, signal.label)) : role.role === 'accel' ? unitError(() => toMilliG(signal.physicalDimension, signal.label)) : undefined;
    if (unit && mapped) throw unit;
    if (unit) notes.push(`${name}: looks like ${role.role === 'emg' ? `${role.muscle} EMG` : 'an accelerometer'} by its label, but is in "${printable(signal.physicalDimension)}": skipped`);
    else if (role.role === 'chin') notes.push(`${name}: chin EMG, not a PROTOCOL channel: skipped`);
    else if (role.role === 'skip') notes.push(`${name}: ${role.why}`);
    else if (role.role === 'other') unused.push(signal.label);
    else if (role.role === 'accel') accelPending.push({ role, signal });
    else {
      const leg = legOf(role.side);
      if (leg.emg.some((e) => e.muscle === role.muscle)) {
        notes.push(`${name}: a second ${role.muscle} signal for ${role.side ?? 'the unsided'} leg: skipped (--map to choose)`);
        continue;
      }
      if (leg.emg.length >= MAX_CHANNELS) {
        notes.push(`${name}: more than ${MAX_CHANNELS} EMG channels on one leg: skipped`);
        continue;
      }
      leg.emg.push({ muscle: role.muscle, signal });
    }
  }
  if (legs.size === 0) {
    throw new EdfError('no_leg_emg', `no signal is a leg EMG crampwatch knows (labels: ${header.signals.filter((s) => !s.isAnnotations).map((s) => `"${printable(s.label)}"`).join(', ')}); name them with --map "LABEL=tibialis_anterior@left,…"`);
  }
  // accelerometer axes go to their leg; unsided ones to the only leg there is
  for (const { role, signal } of accelPending) {
    const device = role.side ? deviceOf(base, role.side) : legs.size === 1 ? [...legs.keys()][0] : undefined;
    const leg = device ? legs.get(device) : undefined;
    if (!leg) {
      notes.push(`"${printable(signal.label)}": accelerometer ${role.side ? `of the ${role.side} leg, which has no EMG` : 'with no side, and two legs'}: skipped (--map "${printable(signal.label)}=${role.place}.${role.axis}@left")`);
      continue;
    }
    const axes = leg.accel.get(role.place) ?? {};
    axes[role.axis] = signal;
    leg.accel.set(role.place, axes);
  }
  if (unused.length > 0) notes.push(`not used: ${unused.map((l) => `"${printable(l)}"`).join(', ')}`);

  const plans: LegPlan[] = [];
  for (const [device, leg] of legs) {
    const rates = leg.emg.map((e) => e.signal.fsHz);
    const fsHz = Math.max(...rates);
    for (const { signal } of leg.emg) {
      if (signal.fsHz < EMG_FS_RANGE_HZ.min || signal.fsHz > EMG_FS_RANGE_HZ.max) {
        throw new EdfError('bad_signal', `"${printable(signal.label)}" is sampled at ${round(signal.fsHz)} Hz; EMG must be ${EMG_FS_RANGE_HZ.min}–${EMG_FS_RANGE_HZ.max} Hz (PROTOCOL §10.5) — leave it out with --map "${printable(signal.label)}=skip"`);
      }
    }
    const emg: EmgSource[] = leg.emg.map(({ muscle, signal }) => {
      const { factor, note } = toMicrovolts(signal.physicalDimension, signal.label);
      if (note) notes.push(note);
      if (signal.fsHz !== fsHz) notes.push(`"${printable(signal.label)}" (${round(signal.fsHz)} Hz) resampled to ${round(fsHz)} Hz by linear interpolation, to share a frame with the leg's other EMG`);
      return { muscle, signal: signal.index, factor, fsHz: signal.fsHz };
    });
    const plan: LegPlan = { device, side: leg.side, fsHz, frameSamples: Math.max(1, Math.min(MAX_SAMPLES_PER_CHANNEL, Math.round((fsHz * FRAME_MS) / 1000))), emg };
    for (const [place, axes] of leg.accel) {
      const source = accSource(place, axes, device, notes);
      if (source) plan[place] = source;
    }
    plans.push(plan);
    const accText = ACC_PLACES.filter((p) => plan[p]).map((p) => `${p} ${round(plan[p]!.fsHz / plan[p]!.decimate)} Hz`);
    notes.push(`${device}${leg.side ? ` (${leg.side} leg)` : ' (leg not named in the labels)'}: ${leg.emg.map((e) => `${e.muscle} ← "${printable(e.signal.label)}"`).join(', ')} at ${round(fsHz)} Hz${accText.length ? `; ${accText.join(', ')}` : ''}`);
  }
  return { legs: plans, notes };
}

function accSource(place: AccPlace, axes: Partial<Record<Axis, EdfSignal>>, device: string, notes: string[]): AccSource | undefined {
  const { x, y, z } = axes;
  if (!x || !y || !z) {
    notes.push(`${device}: ${place} accelerometer lacks an axis (${['x', 'y', 'z'].filter((a) => !axes[a as Axis]).join(', ')}): left out`);
    return undefined;
  }
  if (x.samplesPerRecord !== y.samplesPerRecord || x.samplesPerRecord !== z.samplesPerRecord) {
    notes.push(`${device}: ${place} accelerometer axes have different rates: left out`);
    return undefined;
  }
  const fsHz = x.fsHz;
  if (fsHz < ACC_FS_RANGE_HZ.min) {
    notes.push(`${device}: ${place} accelerometer at ${round(fsHz)} Hz is below ${ACC_FS_RANGE_HZ.min} Hz: left out`);
    return undefined;
  }
  let decimate = Math.ceil(fsHz / ACC_FS_RANGE_HZ.max);
  // whole groups per record, so a group never straddles a gap
  while (x.samplesPerRecord % decimate !== 0) decimate++;
  if (decimate > 1) notes.push(`${device}: ${place} accelerometer at ${round(fsHz)} Hz averaged in groups of ${decimate}, to ${round(fsHz / decimate)} Hz`);
  return {
    signals: [x.index, y.index, z.index],
    factors: [toMilliG(x.physicalDimension, x.label), toMilliG(y.physicalDimension, y.label), toMilliG(z.physicalDimension, z.label)],
    fsHz,
    decimate,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
