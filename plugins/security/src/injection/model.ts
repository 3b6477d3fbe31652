/**
 * The trained classifier: logistic regression over the window features of features.ts. The
 * weights ship as `data/injection-model.json` (made by `pnpm train:injection`), loaded once.
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { DENSE_SIZE, featureLayout, HASH_SIZE, hashScale, type Analysis } from './features.js';

export const MODEL_FORMAT = 'loom-injection-model';

/** How the hashed weights are stored: sorted indices as delta varints, values as int16 × scale, both base64. */
export interface EncodedHashed {
  encoding: 'delta-varint+int16';
  scale: number;
  count: number;
  index: string;
  value: string;
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  layout: ReturnType<typeof featureLayout>;
  bias: number;
  /** Weights of the dense features, in layout order. */
  dense: number[];
  hashed: EncodedHashed;
  /** Score at and above which text is an injection: chosen on the validation split for ≤ 5% false positives (the script aims at 3%). */
  threshold: number;
  /** Lower bound of `suspicious`: chosen on the validation split for ≤ 10% false positives. */
  suspicious: number;
  /** Subtracted from the best window's logit per doubling of the number of windows (long texts have more chances). */
  windowPenalty: number;
  training?: unknown;
}

export interface InjectionModel {
  bias: number;
  dense: Float32Array;
  hashed: Float32Array;
  threshold: number;
  suspicious: number;
  windowPenalty: number;
}

export const MODEL_URL = new URL('../../data/injection-model.json', import.meta.url);

export function encodeHashed(weights: Float32Array, minAbs = 0): EncodedHashed {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max === 0 ? 1 : max / 32767;
  const bytes: number[] = [];
  const values: number[] = [];
  let previous = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    const q = Math.round(w / scale);
    if (q === 0 || Math.abs(w) < minAbs) continue;
    let delta = i - previous;
    previous = i;
    while (delta >= 0x80) {
      bytes.push((delta & 0x7f) | 0x80);
      delta >>>= 7;
    }
    bytes.push(delta);
    values.push(q);
  }
  const valueBuffer = Buffer.alloc(values.length * 2);
  values.forEach((q, k) => valueBuffer.writeInt16LE(q, k * 2));
  return { encoding: 'delta-varint+int16', scale, count: values.length, index: Buffer.from(bytes).toString('base64'), value: valueBuffer.toString('base64') };
}

export function decodeHashed(encoded: EncodedHashed, size = HASH_SIZE): Float32Array {
  if (encoded.encoding !== 'delta-varint+int16') throw new Error(`injection model: unknown weight encoding ${String(encoded.encoding)}`);
  const weights = new Float32Array(size);
  const bytes = Buffer.from(encoded.index, 'base64');
  const values = Buffer.from(encoded.value, 'base64');
  let position = 0;
  let index = 0;
  for (let k = 0; k < encoded.count; k++) {
    let delta = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[position++] as number;
      delta |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    index += delta;
    if (index >= size) throw new Error('injection model: weight index out of range');
    weights[index] = values.readInt16LE(k * 2) * encoded.scale;
  }
  return weights;
}

/** Checks `file` against this build's feature layout and turns it into a scorer's model. */
export function parseModel(file: ModelFile): InjectionModel {
  if (file.format !== MODEL_FORMAT) throw new Error(`injection model: not a ${MODEL_FORMAT} file`);
  const expected = JSON.stringify(featureLayout());
  if (JSON.stringify(file.layout) !== expected) {
    throw new Error('injection model: its feature layout differs from this build; retrain with `pnpm --filter @loomkit/plugin-security train:injection`');
  }
  if (file.dense.length !== DENSE_SIZE) throw new Error('injection model: wrong number of dense weights');
  return { bias: file.bias, dense: Float32Array.from(file.dense), hashed: decodeHashed(file.hashed), threshold: file.threshold, suspicious: file.suspicious, windowPenalty: file.windowPenalty ?? 0 };
}

let cached: InjectionModel | undefined;

/** The shipped model, read once. */
export function loadModel(): InjectionModel {
  cached ??= parseModel(JSON.parse(readFileSync(MODEL_URL, 'utf8')) as ModelFile);
  return cached;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export interface WindowScore {
  segment: number;
  window: number;
  logit: number;
}

// For each hashed feature, the token (offset by `base`) where it last occurred: a feature counts
// once per window (binary features), when its previous occurrence lies before the window.
let lastSeen = new Int32Array(HASH_SIZE);
let base = 0;

/** Logit of every window of an analysis. */
export function scoreWindows(model: InjectionModel, analysis: Analysis): WindowScore[] {
  const out: WindowScore[] = [];
  const { hashed } = model;
  analysis.segments.forEach((features, s) => {
    const { hashIndex, hashOffset, windows, tokens } = features;
    if (base > 0x7fffffff - tokens - 2) {
      lastSeen = new Int32Array(HASH_SIZE);
      base = 0;
    }
    const sums = new Float64Array(windows.length);
    const distinct = new Int32Array(windows.length);
    let low = 0;
    for (let t = 0; t < tokens; t++) {
      while (low < windows.length && (windows[low] as { last: number }).last <= t) low++;
      const to = hashOffset[t + 1] as number;
      for (let k = hashOffset[t] as number; k < to; k++) {
        const index = hashIndex[k] as number;
        const seen = lastSeen[index] as number;
        const previous = seen > base ? seen - base - 1 : -1;
        lastSeen[index] = base + t + 1;
        const w = hashed[index] as number;
        for (let j = low; j < windows.length; j++) {
          const window = windows[j] as { first: number };
          if (window.first > t) break;
          if (previous < window.first) {
            sums[j] = (sums[j] as number) + w;
            distinct[j] = (distinct[j] as number) + 1;
          }
        }
      }
    }
    base += tokens + 1;
    windows.forEach((window, w) => {
      let z = model.bias;
      const { dense } = window;
      for (let j = 0; j < dense.length; j++) {
        const x = dense[j] as number;
        if (x !== 0) z += x * (model.dense[j] as number);
      }
      z += (sums[w] as number) * hashScale(distinct[w] as number);
      out.push({ segment: s, window: w, logit: z });
    });
  });
  return out;
}
