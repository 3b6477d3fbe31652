/**
 * Trains the injection classifier: logistic regression with L2, full-batch gradient descent
 * (Adam steps), as multiple-instance learning over windows. A text is a bag of windows; a
 * benign text must have every window low, so its highest-scoring windows are pushed down; an
 * injection needs one window high, so the best of the windows that overlap the inserted
 * injection is pushed up (in the first epoch all of them, shared). Windows of an injected text
 * that do not touch the injection are benign context and count as negatives. Deterministic: no
 * randomness at all, fixed order.
 */
import { analyze, DENSE_SIZE, HASH_SIZE, windowSparse } from '../../src/injection/features.js';
import { originalSpan } from '../../src/injection/hidden-channels.js';
import type { Example } from './dataset.js';

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2Dense: number;
  l2Hashed: number;
  /** Benign bags: how many of their highest windows are pushed down each epoch. */
  negativeTopK: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 240, learningRate: 0.03, l2Dense: 1e-4, l2Hashed: 1e-4, negativeTopK: 2 };

export interface TrainedWeights {
  bias: number;
  dense: Float32Array;
  hashed: Float32Array;
}

interface Bag {
  label: 0 | 1;
  /** Instance ids. */
  instances: number[];
  weight: number;
}

/** Every window of every example, flattened for speed. */
export interface Instances {
  count: number;
  dense: Float32Array;
  offsets: Int32Array;
  index: Int32Array;
  value: Float32Array;
  bags: Bag[];
}

export function buildInstances(examples: readonly Example[]): Instances {
  const dense: number[] = [];
  const offsets: number[] = [0];
  const index: number[] = [];
  const value: number[] = [];
  const bags: Bag[] = [];
  let count = 0;
  for (const example of examples) {
    const analysis = analyze(example.text);
    const positive: number[] = [];
    const negative: number[] = [];
    for (const features of analysis.segments) {
      for (const window of features.windows) {
        const sparse = windowSparse(features, window);
        for (const x of window.dense) dense.push(x);
        for (const i of sparse.index) {
          index.push(i);
          value.push(sparse.value);
        }
        offsets.push(index.length);
        const id = count++;
        if (example.label === 0) {
          negative.push(id);
          continue;
        }
        if (example.inserted === undefined) {
          positive.push(id);
          continue;
        }
        const [start, end] = originalSpan(features.segment, window.start, window.end);
        const [a, b] = example.inserted;
        if (start < b && end > a) positive.push(id);
        else negative.push(id);
      }
    }
    if (positive.length > 0) bags.push({ label: 1, instances: positive, weight: 1 });
    if (negative.length > 0) bags.push({ label: 0, instances: negative, weight: 1 });
  }
  // Balance the classes: each side carries half of the total weight.
  const positives = bags.filter((bag) => bag.label === 1).length;
  const negatives = bags.length - positives;
  for (const bag of bags) bag.weight = bag.label === 1 ? 0.5 / positives : 0.5 / negatives;
  return { count, dense: Float32Array.from(dense), offsets: Int32Array.from(offsets), index: Int32Array.from(index), value: Float32Array.from(value), bags };
}

function logit(data: Instances, id: number, weights: TrainedWeights): number {
  let z = weights.bias;
  const base = id * DENSE_SIZE;
  for (let j = 0; j < DENSE_SIZE; j++) z += (data.dense[base + j] as number) * (weights.dense[j] as number);
  for (let k = data.offsets[id] as number; k < (data.offsets[id + 1] as number); k++) z += (data.value[k] as number) * (weights.hashed[data.index[k] as number] as number);
  return z;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function train(data: Instances, options: TrainOptions = DEFAULT_TRAIN_OPTIONS, log?: (line: string) => void): TrainedWeights {
  const weights: TrainedWeights = { bias: 0, dense: new Float32Array(DENSE_SIZE), hashed: new Float32Array(HASH_SIZE) };
  const size = 1 + DENSE_SIZE + HASH_SIZE;
  const grad = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const logits = new Float64Array(data.count);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    grad.fill(0);
    for (let id = 0; id < data.count; id++) logits[id] = logit(data, id, weights);
    let loss = 0;
    for (const bag of data.bags) {
      // Which windows this bag pushes, and how hard.
      let chosen: number[];
      if (epoch === 0) chosen = bag.instances;
      else if (bag.label === 1) {
        let best = bag.instances[0] as number;
        for (const id of bag.instances) if ((logits[id] as number) > (logits[best] as number)) best = id;
        chosen = [best];
      } else {
        chosen = [...bag.instances].sort((a, b) => (logits[b] as number) - (logits[a] as number) || a - b).slice(0, options.negativeTopK);
      }
      const share = bag.weight / chosen.length;
      for (const id of chosen) {
        const p = sigmoid(logits[id] as number);
        loss -= share * (bag.label === 1 ? Math.log(p + 1e-12) : Math.log(1 - p + 1e-12));
        const g = share * (p - bag.label);
        grad[0] = (grad[0] as number) + g;
        const base = id * DENSE_SIZE;
        for (let j = 0; j < DENSE_SIZE; j++) grad[1 + j] = (grad[1 + j] as number) + g * (data.dense[base + j] as number);
        for (let k = data.offsets[id] as number; k < (data.offsets[id + 1] as number); k++) {
          const at = 1 + DENSE_SIZE + (data.index[k] as number);
          grad[at] = (grad[at] as number) + g * (data.value[k] as number);
        }
      }
    }
    // L2 (not on the bias), then an Adam step.
    for (let j = 0; j < DENSE_SIZE; j++) grad[1 + j] = (grad[1 + j] as number) + options.l2Dense * (weights.dense[j] as number);
    for (let h = 0; h < HASH_SIZE; h++) {
      const w = weights.hashed[h] as number;
      if (w !== 0) grad[1 + DENSE_SIZE + h] = (grad[1 + DENSE_SIZE + h] as number) + options.l2Hashed * w;
    }
    const t = epoch + 1;
    const rate = (options.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    for (let i = 0; i < size; i++) {
      const g = grad[i] as number;
      const mi = beta1 * (m[i] as number) + (1 - beta1) * g;
      const vi = beta2 * (v[i] as number) + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      if (mi === 0) continue;
      const step = (rate * mi) / (Math.sqrt(vi) + 1e-8);
      if (i === 0) weights.bias -= step;
      else if (i <= DENSE_SIZE) weights.dense[i - 1] = (weights.dense[i - 1] as number) - step;
      else weights.hashed[i - 1 - DENSE_SIZE] = (weights.hashed[i - 1 - DENSE_SIZE] as number) - step;
    }
    if (log !== undefined && (epoch % 40 === 0 || epoch === options.epochs - 1)) log(`epoch ${String(epoch).padStart(3)}  loss ${loss.toFixed(4)}`);
  }
  return weights;
}
