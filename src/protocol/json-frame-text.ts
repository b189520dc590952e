// The fast path for a JSON sample frame's text (PROTOCOL §3): reads the frame, as the UTF-8 bytes
// it arrived or was unzipped as, straight into the typed arrays the core takes, without JSON.parse building an array of numbers per channel that
// is copied into a Float32Array at once and dropped. JSON.parse turned a 100 ms frame's 215
// numbers into heap values at ~50 ns each, most of a JSON replay's reading time.
//
// It accepts only what it reads exactly as JSON.parse + checkedJsonFrame + fromJsonFrame would:
// the frame's own fields, each at most once, no whitespace, no escapes, every rule of
// checkedJsonFrame. Anything else (an unknown field, a space, an invalid value) answers
// undefined, and the caller takes the general path, which also words any rejection. So it may
// refuse a valid frame, never accept an invalid one or read a number differently:
// test/protocol/json-frame-text.test.ts holds it to that.
//
// Numbers: a decimal of at most 15 significant digits and no exponent is m / 10^k with m and
// 10^k exact doubles, so one IEEE division gives the correctly rounded value, the same double
// JSON.parse gives (Clinger's fast path); any other number goes through Number(), which rounds
// the same way as JSON.parse.
//
// Bytes, not a string: a capture's text is never decoded from UTF-8 at all (a replay decoded
// 41.5 MB of it an hour), and a line cut by a chunk's end is joined alone, not the whole chunk.
// Every JSON token this path takes is ASCII, so a byte is a character here; a topic with any
// other byte is left to the general path. The text read must be followed by a byte that ends
// it (a line's '\n', or a 0 put there): the readers stop at any byte they do not expect, so they
// never read past it, and never out of the array's bounds (V8 reads those slower everywhere after).
import { MUSCLES, type AccBlock, type Muscle } from '../core/types.ts';
import type { BinaryFrameContent } from './binary.ts';
import { ACC_FS_RANGE_HZ, EMG_FS_RANGE_HZ, MAX_CHANNELS, MAX_SAMPLES_PER_CHANNEL } from './frame-limits.ts';
import { passingFloat32s } from './sample-pool.ts';

export type FrameContent = BinaryFrameContent & { emgUv: Float32Array[] };

/** the keys each object may hold (PROTOCOL §3); any other makes the general path read the frame */
const FRAME_KEYS = ['v', 'seq', 't', 'emg', 'acc', 'foot', 'thigh', 'temp', 'bat'];
const EMG_KEYS = ['fs', 'ch', 'uv'];
const ACC_KEYS = ['fs', 't', 'mg'];
const POWERS_OF_TEN = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const MAX_FAST_DIGITS = 15;
const MAX_ACC_ROWS = MAX_SAMPLES_PER_CHANNEL;
/** all channels full, and the accelerometer blocks: beyond this the general path reads the frame */
const MAX_SCRATCH = (MAX_CHANNELS + 3) * MAX_SAMPLES_PER_CHANNEL;

// The text being read and the position in it: module state, as a parser object per frame would
// cost an allocation and slower property reads on every character.
const NO_BYTES = new Uint8Array(0);
let bytes: Uint8Array = NO_BYTES;
let at = 0;

/** Samples read so far, all channels then the accelerometer blocks, before they are copied out. */
let scratch = new Float32Array(2 * MAX_SAMPLES_PER_CHANNEL);
let used = 0;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A JSON number at `at`; NaN when there is none, or it is not finite (JSON.parse of 1e400). */
function readNumber(): number {
  const begin = at;
  let c = bytes[at];
  const negative = c === 45;
  if (negative) c = bytes[++at];
  if (!isDigit(c)) return NaN;
  let mantissa = 0;
  let digits = 0;
  if (c === 48) {
    c = bytes[++at];
    digits = 1;
    if (isDigit(c)) return NaN; // a leading zero: not JSON
  } else {
    while (isDigit(c)) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      c = bytes[++at];
    }
  }
  let decimals = 0;
  if (c === 46) {
    c = bytes[++at];
    while (isDigit(c)) {
      mantissa = mantissa * 10 + (c - 48);
      decimals++;
      c = bytes[++at];
    }
    if (decimals === 0) return NaN;
  }
  if (c === 101 || c === 69) {
    c = bytes[++at];
    if (c === 43 || c === 45) c = bytes[++at];
    if (!isDigit(c)) return NaN;
    while (isDigit(c)) c = bytes[++at];
    return finiteOrNaN(Number(asciiText(begin, at)));
  }
  if (digits + decimals > MAX_FAST_DIGITS) return finiteOrNaN(Number(asciiText(begin, at)));
  const magnitude = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals];
  return negative ? -magnitude : magnitude;
}

function finiteOrNaN(x: number): number {
  return Number.isFinite(x) ? x : NaN;
}

/** bytes[begin, end), all ASCII, as a string */
function asciiText(begin: number, end: number): string {
  let out = '';
  for (let i = begin; i < end; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

/** bytes[begin, begin + text.length) hold `text` (ASCII) */
function holds(begin: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (bytes[begin + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** the topic read last: a capture's lines mostly repeat it, and one string serves them all */
let lastTopic = '';

/** A string of printable ASCII, without escapes, at `at`; undefined otherwise (then JSON.parse reads it). */
function readTopic(): string | undefined {
  if (bytes[at] !== 34) return undefined;
  const begin = ++at;
  for (;;) {
    const c = bytes[at];
    if (c === 34) break;
    if (c === 92 || c < 32 || c > 126) return undefined;
    at++;
  }
  const length = at++ - begin;
  if (length !== lastTopic.length || !holds(begin, lastTopic)) lastTopic = asciiText(begin, begin + length);
  return lastTopic;
}

/**
 * `"name"` for one of `names` at `at`, that name returned (the constant, not a string sliced out
 * of the text: a frame has a dozen keys and its channel names, and a slice each, then hashed or
 * compared, was a few per cent of reading it); undefined for any other text. The names hold no
 * quote, backslash or control character, so this accepts exactly what readString would read as
 * one of them.
 */
function readOneOf(names: readonly string[]): string | undefined {
  if (bytes[at] !== 34) return undefined;
  const first = bytes[at + 1];
  for (let k = 0; k < names.length; k++) {
    const name = names[k];
    if (name.charCodeAt(0) === first && holds(at + 1, name) && bytes[at + 1 + name.length] === 34) {
      at += name.length + 2;
      return name;
    }
  }
  return undefined;
}

/** `"key":` for one of `keys`, the key returned; undefined when the text is not that. */
function readKey(keys: readonly string[]): string | undefined {
  const key = readOneOf(keys);
  if (key === undefined || bytes[at] !== 58) return undefined;
  at++;
  return key;
}

/** After a member or an element: true after a comma (another follows), false at `close`, undefined otherwise. */
function more(close: number): boolean | undefined {
  const c = bytes[at++];
  if (c === 44) return true;
  if (c === close) return false;
  return undefined;
}

/**
 * `[n, n, …]` of finite numbers into the scratch; the count read, or -1. The hot loop of a frame:
 * the usual number (a short decimal) is read here with the text and position in locals, anything
 * else through readNumber.
 */
function readSamples(): number {
  const s = bytes;
  let i = at;
  if (s[i] !== 91) return -1;
  i++;
  const from = used;
  let out = scratch;
  let n = used;
  if (s[i] === 93) {
    at = i + 1;
    return 0;
  }
  for (;;) {
    let x: number;
    const begin = i;
    // 1 at a minus sign, else 0, with no branch: a sample's sign is as good as random, so a
    // branch on it is mispredicted about half the time (reading a 1 h capture: 8 % less CPU)
    const minus = ((s[i] ^ 45) - 1) >>> 31;
    i += minus;
    let c = s[i];
    // -?(0|[1-9][0-9]*)(.[0-9]+)? of at most 15 characters (so at most 15 digits), then , or ]
    let mantissa = c - 48;
    let scale = 1;
    let fast = mantissa >= 0 && mantissa <= 9;
    if (fast) {
      c = s[++i];
      if (mantissa !== 0) {
        while (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          c = s[++i];
        }
      }
      if (c === 46) {
        c = s[++i];
        fast = c >= 48 && c <= 57;
        while (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          scale *= 10;
          c = s[++i];
        }
      }
      fast = fast && (c === 44 || c === 93) && i - begin <= MAX_FAST_DIGITS;
    }
    if (fast) {
      x = (mantissa / scale) * (1 - 2 * minus); // exact: a change of sign (and 0 becomes -0, as JSON.parse reads "-0")
    } else {
      // an exponent, many digits, a leading zero, or not a number: the general reader from the start
      at = begin;
      x = readNumber();
      if (x !== x) return -1;
      i = at;
      c = s[i];
    }
    if (n === out.length) {
      if (n >= MAX_SCRATCH) return -1;
      const larger = new Float32Array(2 * out.length);
      larger.set(out);
      scratch = out = larger;
    }
    out[n++] = x;
    i++;
    if (c === 44) continue;
    at = i;
    used = n;
    return c === 93 ? n - from : -1;
  }
}

// What readEmg read, for contentOf: module state like the text and position, since an object and
// three arrays a frame to hold it were a sixth of what reading a capture allocated.
/** where each channel's samples start in the scratch (one after the other: the first's length each) */
const emgStarts = new Int32Array(MAX_CHANNELS);
let emgChannelCount = 0;
let emgLength = 0;
/** the channel names read, before they are checked */
const emgNames: Muscle[] = [];
/** the last frame's channel list: frames repeat it, and one array serves them all (nothing changes a frame's list) */
let emgChannels: readonly Muscle[] = [];

/** The `emg` object at `at`: its rate, the rest in the module state above; NaN when this path does not take it. */
function readEmg(): number {
  if (bytes[at++] !== 123) return NaN;
  let fs = NaN;
  let names = -1;
  let channels = -1;
  let length = -1;
  for (;;) {
    switch (readKey(EMG_KEYS)) {
      case 'fs':
        if (fs === fs) return NaN;
        fs = readNumber();
        if (fs !== fs) return NaN;
        break;
      case 'ch': {
        if (names >= 0 || bytes[at++] !== 91) return NaN;
        names = 0;
        if (bytes[at] === 93) at++;
        else {
          for (;;) {
            const name = readOneOf(MUSCLES) as Muscle | undefined;
            if (name === undefined || names === MAX_CHANNELS) return NaN;
            emgNames[names++] = name;
            const next = more(93);
            if (next === undefined) return NaN;
            if (!next) break;
          }
        }
        break;
      }
      case 'uv': {
        if (channels >= 0 || bytes[at++] !== 91) return NaN;
        channels = 0;
        if (bytes[at] === 93) at++;
        else {
          for (;;) {
            if (channels === MAX_CHANNELS) return NaN;
            emgStarts[channels++] = used;
            const count = readSamples();
            if (count < 0) return NaN;
            if (length < 0) length = count;
            else if (count !== length) return NaN;
            const next = more(93);
            if (next === undefined) return NaN;
            if (!next) break;
          }
        }
        break;
      }
      default:
        return NaN;
    }
    const next = more(125);
    if (next === undefined) return NaN;
    if (!next) break;
  }
  if (names < 0 || channels < 0) return NaN;
  if (!(fs >= EMG_FS_RANGE_HZ.min && fs <= EMG_FS_RANGE_HZ.max)) return NaN;
  if (names < 1 || names > MAX_CHANNELS || channels !== names) return NaN;
  // each name is one of MUSCLES already (readOneOf)
  for (let c = 0; c < names; c++) {
    for (let d = 0; d < c; d++) if (emgNames[d] === emgNames[c]) return NaN;
  }
  if (length < 1 || length > MAX_SAMPLES_PER_CHANNEL) return NaN;
  if (!sameNames(emgChannels, names)) emgChannels = emgNames.slice(0, names);
  emgChannelCount = names;
  emgLength = length;
  return fs;
}

/** `list` holds the first `count` names read, in order */
function sameNames(list: readonly Muscle[], count: number): boolean {
  if (list.length !== count) return false;
  for (let c = 0; c < count; c++) if (list[c] !== emgNames[c]) return false;
  return true;
}

interface AccRead {
  fs: number;
  /** NaN when absent */
  t: number;
  start: number;
  rows: number;
}

function readAcc(): AccRead | undefined {
  if (bytes[at++] !== 123) return undefined;
  let fs = NaN;
  let t = NaN;
  let start = -1;
  let rows = 0;
  for (;;) {
    switch (readKey(ACC_KEYS)) {
      case 'fs':
        if (fs === fs) return undefined;
        fs = readNumber();
        if (fs !== fs) return undefined;
        break;
      case 't':
        if (t === t) return undefined;
        t = readNumber();
        if (!(t >= 0)) return undefined;
        break;
      case 'mg': {
        if (start >= 0 || bytes[at++] !== 91) return undefined;
        start = used;
        if (bytes[at] === 93) at++;
        else {
          for (;;) {
            if (rows === MAX_ACC_ROWS || readSamples() !== 3) return undefined;
            rows++;
            const next = more(93);
            if (next === undefined) return undefined;
            if (!next) break;
          }
        }
        break;
      }
      default:
        return undefined;
    }
    const next = more(125);
    if (next === undefined) return undefined;
    if (!next) break;
  }
  if (start < 0 || !(fs >= ACC_FS_RANGE_HZ.min && fs <= ACC_FS_RANGE_HZ.max)) return undefined;
  return { fs, t, start, rows };
}

/**
 * The frame whose JSON text starts at source[from] ('{'), read as JSON.parse + checkedJsonFrame +
 * fromJsonFrame would, and the position after its '}'; undefined when this path does not take it.
 * The text must be followed by a byte that ends it (the file's header says why).
 */
export function readJsonFrameText(source: Uint8Array, from: number): { content: FrameContent; end: number } | undefined {
  bytes = source;
  at = from;
  used = 0;
  try {
    return readFrame();
  } finally {
    bytes = NO_BYTES;
  }
}

function readFrame(): { content: FrameContent; end: number } | undefined {
  if (bytes[at++] !== 123) return undefined;
  let v = NaN;
  let seq = NaN;
  let t = NaN;
  let temp = NaN;
  let bat = NaN;
  let emgFs = NaN;
  let acc: AccRead | undefined;
  let foot: AccRead | undefined;
  let thigh: AccRead | undefined;
  for (;;) {
    switch (readKey(FRAME_KEYS)) {
      case 'v':
        if (v === v) return undefined;
        v = readNumber();
        if (v !== v) return undefined;
        break;
      case 'seq':
        if (seq === seq) return undefined;
        seq = readNumber();
        if (seq !== seq) return undefined;
        break;
      case 't':
        if (t === t) return undefined;
        t = readNumber();
        if (t !== t) return undefined;
        break;
      case 'emg':
        if (emgFs === emgFs) return undefined;
        emgFs = readEmg();
        if (emgFs !== emgFs) return undefined;
        break;
      case 'acc':
        if (acc) return undefined;
        acc = readAcc();
        if (!acc) return undefined;
        break;
      case 'foot':
        if (foot) return undefined;
        foot = readAcc();
        if (!foot) return undefined;
        break;
      case 'thigh':
        if (thigh) return undefined;
        thigh = readAcc();
        if (!thigh) return undefined;
        break;
      case 'temp':
        if (temp === temp) return undefined;
        temp = readNumber();
        if (temp !== temp) return undefined;
        break;
      case 'bat':
        if (bat === bat) return undefined;
        bat = readNumber();
        if (!(bat >= 0 && bat <= 1)) return undefined;
        break;
      default:
        return undefined;
    }
    const next = more(125);
    if (next === undefined) return undefined;
    if (!next) break;
  }
  if (v !== 1 || emgFs !== emgFs) return undefined;
  if (!Number.isInteger(seq) || seq < 0 || seq > 0xffffffff) return undefined;
  if (!(t >= 0)) return undefined;
  return { content: contentOf(emgFs, acc, foot, thigh, seq, t, temp, bat), end: at };
}

/** The samples copied out of the scratch: the EMG channels (one after the other there) into one
 *  pooled array they share, each accelerometer block into its own (sample-pool.ts says why). */
function contentOf(emgFs: number, acc: AccRead | undefined, foot: AccRead | undefined, thigh: AccRead | undefined, seq: number, t: number, temp: number, bat: number): FrameContent {
  const length = emgLength;
  const first = emgStarts[0];
  const samples = passingFloat32s(emgChannelCount * length);
  samples.set(scratch.subarray(first, first + samples.length));
  const emgUv: Float32Array[] = new Array(emgChannelCount);
  for (let c = 0; c < emgUv.length; c++) emgUv[c] = samples.subarray(emgStarts[c] - first, emgStarts[c] - first + length);
  const content: FrameContent = { seq, tMs: t, emgFsHz: emgFs, channels: emgChannels as Muscle[], emgUv };
  content.acc = acc && accBlock(acc, t);
  content.foot = foot && accBlock(foot, t);
  content.thigh = thigh && accBlock(thigh, t);
  content.tempC = temp === temp ? temp : undefined;
  content.battery = bat === bat ? bat : undefined;
  return content;
}

function accBlock(read: AccRead, frameT: number): AccBlock {
  return { fsHz: read.fs, tMs: read.t === read.t ? read.t : frameT, mg: scratch.slice(read.start, read.start + 3 * read.rows) };
}

const FRAMES_SUFFIX = '/frames';
/** a longer topic makes the line a bad_line (src/ingest/capture-line.ts) */
const MAX_TOPIC_CHARS = 1024;

/**
 * A capture line (PROTOCOL §7) as this writer and `crampwatch run --record` write it,
 * `{"rx":…,"topic":"…","json":{frame}}` or `{"rx":…,"topic":"…","b64":"…"}`, read as JSON.parse
 * would read it: the frame (on a frames topic) through readFrame; of a base64 payload, where its
 * text lies (base64-bytes.ts decodes it, and checks it: it may still go the general way). The
 * line is source[start, end), read in place, and source[end] must end it ('\r', '\n' or a 0).
 * Undefined for anything else, which JSON.parse then reads.
 */
export function readCaptureLineText(source: Uint8Array, start: number, end: number): CaptureLineRead | undefined {
  bytes = source;
  try {
    if (!holds(start, '{"rx":') || source[end - 1] !== 125) return undefined;
    at = start + 6;
    used = 0;
    const rx = readNumber();
    if (rx !== rx || !holds(at, ',"topic":')) return undefined;
    at += 9;
    const topic = readTopic();
    if (topic === undefined || topic.length > MAX_TOPIC_CHARS) return undefined;
    if (holds(at, ',"b64":"')) {
      if (source[end - 2] !== 34 || end - 2 < at + 8) return undefined;
      return { rx, topic, base64Start: at + 8, base64End: end - 2 };
    }
    if (!holds(at, ',"json":') || !topic.endsWith(FRAMES_SUFFIX)) return undefined;
    at += 8;
    const from = at;
    const read = readFrame();
    if (!read || read.end !== end - 1) return undefined;
    return { rx, topic, frame: { frame: read.content, textBytes: source, textStart: from, textEnd: read.end } };
  } finally {
    bytes = NO_BYTES;
  }
}

export interface CaptureLineRead {
  rx: number;
  topic: string;
  /** where a base64 payload's text (without its quotes) lies in the source: [base64Start, base64End) */
  base64Start?: number;
  base64End?: number;
  frame?: FrameTextRead;
}

/** A frame read, and where its JSON text lies, kept for whoever keeps a rejected message: textBytes[textStart, textEnd). */
export interface FrameTextRead {
  frame: FrameContent;
  textBytes: Uint8Array;
  textStart: number;
  textEnd: number;
}
