// The night at a glance: one row per lane (posture band, EMG envelope per muscle, ankle and knee angles,
// limb-movement ticks, signal trouble), shared time axis, cramps shaded across all lanes.
// Plots are inline SVG stretched to the page width (preserveAspectRatio="none", strokes kept
// thin by vector-effect); every word is HTML laid over it in percent positions, so text stays
// readable on a phone instead of shrinking with the drawing.
import { MUSCLES, POSTURES, type Muscle, type Posture, type SignalPoint } from '../core/types.ts';
import { envelopeColumns, maxPerColumn, modePerColumn, typicalStepMs } from './downsample.ts';
import { html, trusted, type Html } from './escape.ts';
import type { ReportNight } from './model.ts';
import { POSTURE_COLORS } from './posture-colors.ts';
import type { ZonedClock } from './time-zone.ts';
import { MUSCLE_SHORT, POSTURE_LABELS } from './words.ts';

const WIDTH = 1000;
const MAX_COLUMNS = 400;
/** a cramp narrower than this share of the night is still drawn this wide, or it vanishes */
const MIN_SPAN_PCT = 0.5;
/** ankle plot range, degrees of plantar flexion (negative = dorsiflexed) */
const ANKLE_MIN_DEG = -30;
const ANKLE_MAX_DEG = 70;
/** plantar flexion beyond this, held, is the "toes pointed" sleeping-position sign (see src/causes) */
const ANKLE_POINTED_DEG = 30;
/** knee plot range, degrees of flexion (0 = straight) */
const KNEE_MIN_DEG = -10;
const KNEE_MAX_DEG = 140;
/** knee flexion beyond this, held, is the "legs tightly curled" sleeping-position sign (src/detect/body-state.ts) */
const KNEE_CURLED_DEG = 75;
/** contact below this fraction of an interval: electrode off or loose */
const POOR_CONTACT = 0.5;
/** mains interference at or above EMG power: an electric blanket or similar */
const MAINS_HUM_DB = 0;

export function renderTimeline(night: ReportNight, clock: ZonedClock): Html {
  const { fromMs, toMs, signals } = night;
  const spanMs = Math.max(1, toMs - fromMs);
  const stepMs = typicalStepMs(signals);
  const columns = Math.max(10, Math.min(MAX_COLUMNS, Math.floor(spanMs / (2 * stepMs))));
  const pct = (tMs: number) => (((tMs - fromMs) / spanMs) * 100).toFixed(3);
  const lanes: Html[] = [];

  lanes.push(lane('Position', '', postureBand(signals, fromMs, toMs, columns), 'lane-posture'));
  for (const muscle of musclesIn(signals)) {
    const env = envelopeColumns(signals, muscle, fromMs, toMs, columns);
    const topUv = niceTop(maxOf(env));
    lanes.push(lane(MUSCLE_SHORT[muscle], `EMG, up to ${topUv} µV`, envelopePlot(env, topUv), 'lane-emg'));
  }
  if (signals.some((p) => p.ankleFlexionDeg !== undefined)) {
    lanes.push(lane('Ankle', 'toes pointed ↑, dashed = 30°', anklePlot(signals, fromMs, toMs, columns), 'lane-ankle'));
  }
  if (signals.some((p) => p.kneeFlexionDeg !== undefined)) {
    lanes.push(lane('Knee', `bent ↑, dashed = ${KNEE_CURLED_DEG}° (curled)`, kneePlot(signals, fromMs, toMs, columns), 'lane-knee'));
  }
  if (night.limbMovements.length > 0) {
    const periodic = night.limbMovements.filter((m) => m.periodic).length;
    lanes.push(
      lane('Leg movements', `${night.limbMovements.length}${periodic ? `, ${periodic} periodic` : ''}`, limbMovementTicks(night, fromMs, spanMs), 'lane-lm'),
    );
  }
  const trouble = signalTrouble(signals, fromMs, toMs, columns);
  if (trouble) lanes.push(lane('Signal trouble', 'grey: electrode loose, violet: mains hum', trouble, 'lane-trouble'));

  const spans = night.episodes.map((e, i) => {
    const left = Number(pct(e.start));
    const width = Math.max(MIN_SPAN_PCT, ((e.end ?? e.start) - e.start) / spanMs * 100);
    return { left, width, n: i + 1, e };
  });

  return html`<figure class="timeline" aria-label="Timeline of the night">
  <div class="tl-marks" aria-hidden="true">${spans.map(
    (s) => html`<a class="tl-mark sev-${s.e.severity}" href="#${cardId(night, s.n)}" style="left:${(s.left + s.width / 2).toFixed(3)}%">${s.n}</a>`,
  )}</div>
  <div class="tl-body">
    ${lanes}
    ${spans.map(
      (s) =>
        html`<div class="tl-cramp sev-${s.e.severity}" style="left:${s.left.toFixed(3)}%;width:${s.width.toFixed(3)}%" title="Cramp ${s.n} at ${clock.hhmm(s.e.start)}"></div>`,
    )}
  </div>
  ${axis(fromMs, toMs, clock, pct)}
  ${postureLegend(signals)}
</figure>`;
}

export function cardId(night: ReportNight, n: number): string {
  // device ids are validated to [A-Za-z0-9_-] (PROTOCOL §2), safe in an id; escaped anyway by html``
  return `cramp-${night.nightDate}-${night.device}-${n}`;
}

function lane(label: string, note: string, plot: Html, cls: string): Html {
  return html`<div class="lane ${cls}"><div class="lane-label"><b>${label}</b>${note ? html` <span>${note}</span>` : ''}</div>${plot}</div>`;
}

function svg(heightClass: string, body: string): Html {
  return trusted(`<svg class="plot ${heightClass}" viewBox="0 0 ${WIDTH} 100" preserveAspectRatio="none" aria-hidden="true">${body}</svg>`);
}

function musclesIn(signals: readonly SignalPoint[]): Muscle[] {
  const seen = new Set<string>();
  for (const p of signals) for (const m of Object.keys(p.envelopeUv)) seen.add(m);
  return MUSCLES.filter((m) => seen.has(m));
}

function maxOf(values: Float64Array): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** A round scale top ≥ the largest value: 50, 100, 200, 500, 1000, 2000… µV. */
export function niceTop(maxUv: number): number {
  let top = 50;
  while (top < maxUv) top = top * (String(top).startsWith('2') ? 2.5 : 2);
  return top;
}

/**
 * The envelope as a filled area on a square-root scale: cramps reach hundreds of µV while limb
 * movements and rest sit at a few to tens, and a linear scale would flatten everything but the
 * cramps (sqrt keeps both visible, as amplitude plots of sEMG often do).
 */
function envelopePlot(columns: Float64Array, topUv: number): Html {
  const dx = WIDTH / columns.length;
  const y = (v: number) => (100 - 100 * Math.sqrt(Math.min(v, topUv) / topUv)).toFixed(1);
  let d = '';
  let open = false;
  let lastX = 0;
  for (let i = 0; i < columns.length; i++) {
    const v = columns[i];
    const x0 = (i * dx).toFixed(1);
    const x1 = ((i + 1) * dx).toFixed(1);
    if (Number.isNaN(v)) {
      if (open) d += `L${lastX.toFixed(1)},100Z`;
      open = false;
      continue;
    }
    d += open ? `L${x0},${y(v)}L${x1},${y(v)}` : `M${x0},100L${x0},${y(v)}L${x1},${y(v)}`;
    open = true;
    lastX = (i + 1) * dx;
  }
  if (open) d += `L${lastX.toFixed(1)},100Z`;
  return svg('h-emg', `<path class="env" d="${d}"/>`);
}

function anklePlot(signals: readonly SignalPoint[], fromMs: number, toMs: number, columns: number): Html {
  return anglePlot(signals, (p) => p.ankleFlexionDeg, { minDeg: ANKLE_MIN_DEG, maxDeg: ANKLE_MAX_DEG, refDeg: ANKLE_POINTED_DEG, cls: 'ankle' }, fromMs, toMs, columns);
}

function kneePlot(signals: readonly SignalPoint[], fromMs: number, toMs: number, columns: number): Html {
  return anglePlot(signals, (p) => p.kneeFlexionDeg, { minDeg: KNEE_MIN_DEG, maxDeg: KNEE_MAX_DEG, refDeg: KNEE_CURLED_DEG, cls: 'knee' }, fromMs, toMs, columns);
}

/** A joint angle over the night, with lines at 0° and at the angle a cause rule watches for. */
function anglePlot(
  signals: readonly SignalPoint[],
  angleOf: (p: SignalPoint) => number | undefined,
  scale: { minDeg: number; maxDeg: number; refDeg: number; cls: 'ankle' | 'knee' },
  fromMs: number,
  toMs: number,
  columns: number,
): Html {
  const values = new Float64Array(signals.length);
  const times = new Float64Array(signals.length);
  for (let i = 0; i < signals.length; i++) {
    values[i] = angleOf(signals[i]) ?? NaN;
    times[i] = signals[i].tMs;
  }
  const cols = maxPerColumn(values, times, fromMs, toMs, columns);
  const dx = WIDTH / columns;
  const { minDeg, maxDeg } = scale;
  const y = (deg: number) => (100 - ((Math.max(minDeg, Math.min(maxDeg, deg)) - minDeg) / (maxDeg - minDeg)) * 100).toFixed(1);
  let d = '';
  let open = false;
  for (let i = 0; i < cols.length; i++) {
    if (Number.isNaN(cols[i])) {
      open = false;
      continue;
    }
    d += `${open ? 'L' : 'M'}${((i + 0.5) * dx).toFixed(1)},${y(cols[i])}`;
    open = true;
  }
  const refY = y(scale.refDeg);
  const zeroY = y(0);
  return svg(
    'h-ankle',
    `<line class="ref" x1="0" x2="${WIDTH}" y1="${zeroY}" y2="${zeroY}"/><line class="ref dashed" x1="0" x2="${WIDTH}" y1="${refY}" y2="${refY}"/><path class="${scale.cls}" d="${d}"/>`,
  );
}

/** Runs of equal codes over the columns, as SVG rectangles; -1 (no data) stays blank. */
function bandRects(codes: Int8Array, attrsOf: (code: number) => string | undefined): string {
  const dx = WIDTH / codes.length;
  let body = '';
  for (let i = 0; i < codes.length; ) {
    let j = i + 1;
    while (j < codes.length && codes[j] === codes[i]) j++;
    const attrs = codes[i] >= 0 ? attrsOf(codes[i]) : undefined;
    if (attrs) body += `<rect x="${(i * dx).toFixed(2)}" y="0" width="${((j - i) * dx).toFixed(2)}" height="100" ${attrs}/>`;
    i = j;
  }
  return body;
}

function postureBand(signals: readonly SignalPoint[], fromMs: number, toMs: number, columns: number): Html {
  const codes = new Uint8Array(signals.length);
  const times = new Float64Array(signals.length);
  for (let i = 0; i < signals.length; i++) {
    codes[i] = Math.max(0, POSTURES.indexOf(signals[i].posture));
    times[i] = signals[i].tMs;
  }
  const modes = modePerColumn(codes, times, POSTURES.length, fromMs, toMs, columns);
  return svg('h-band', bandRects(modes, (k) => `fill="${POSTURE_COLORS[POSTURES[k]]}"`));
}

function limbMovementTicks(night: ReportNight, fromMs: number, spanMs: number): Html {
  const body = night.limbMovements
    .map((m) => {
      const x = (((m.start - fromMs) / spanMs) * WIDTH).toFixed(1);
      return `<line class="lm${m.periodic ? ' periodic' : ''}" x1="${x}" x2="${x}" y1="${m.periodic ? 0 : 30}" y2="100"/>`;
    })
    .join('');
  return svg('h-ticks', body);
}

const TROUBLE = ['ok', 'loose', 'hum'] as const;

function signalTrouble(signals: readonly SignalPoint[], fromMs: number, toMs: number, columns: number): Html | undefined {
  const codes = new Uint8Array(signals.length);
  const times = new Float64Array(signals.length);
  let any = false;
  for (let i = 0; i < signals.length; i++) {
    const p = signals[i];
    codes[i] = p.contact < POOR_CONTACT ? 1 : p.mainsDb !== undefined && p.mainsDb >= MAINS_HUM_DB ? 2 : 0;
    times[i] = p.tMs;
    any ||= codes[i] !== 0;
  }
  if (!any) return undefined;
  const modes = modePerColumn(codes, times, TROUBLE.length, fromMs, toMs, columns);
  return svg('h-band', bandRects(modes, (k) => (k === 0 ? undefined : `class="trouble ${TROUBLE[k]}"`)));
}

/** Tick spacings a clock face reads easily, minutes. */
const TICK_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720];

function tickStepMin(spanMs: number): number {
  const minutes = spanMs / 60_000;
  // at most ~6 labels: they must fit a 360 px wide phone
  for (const step of TICK_STEPS_MIN) if (minutes / step <= 6) return step;
  return 1440;
}

function axis(fromMs: number, toMs: number, clock: ZonedClock, pct: (t: number) => string): Html {
  let ticks = clock.clockTicks(fromMs, toMs, tickStepMin(toMs - fromMs));
  if (ticks.length < 2) ticks = [fromMs, toMs]; // under a few minutes: label the ends
  return html`<div class="tl-axis">${ticks.map((t) => {
    const p = Number(pct(t));
    const edge = p < 6 ? ' first' : p > 94 ? ' last' : '';
    return html`<span class="tick${edge}" style="left:${p.toFixed(3)}%">${clock.hhmm(t)}</span>`;
  })}</div>`;
}

function postureLegend(signals: readonly SignalPoint[]): Html {
  const present = new Set<Posture>(signals.map((p) => p.posture));
  const items = POSTURES.filter((p) => present.has(p));
  if (items.length === 0) return html``;
  return html`<figcaption class="legend">${items.map(
    (p) => html`<span><i style="background:${POSTURE_COLORS[p]}"></i>${POSTURE_LABELS[p]}</span>`,
  )}<span><i class="sw-cramp"></i>Cramp</span></figcaption>`;
}
