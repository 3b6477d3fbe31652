import { eachFeature, featurize, words, type Word } from '../features/index.js';

/** The class every request falls into when no installed command fits. */
export const NONE = 'none';

export interface TrainingText {
  label: string;
  text: string;
  weight: number;
}

/** A fitted multinomial logistic regression over TF-IDF features; plain data, cacheable. */
export interface ModelData {
  classes: string[];
  features: string[];
  idf: Float32Array;
  /** features × classes, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface SparseVector {
  /** Feature positions in `model.features` (which names them, for explaining a decision). */
  index: Int32Array;
  value: Float32Array;
}

export interface FitOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  /** Multiplies a class's total weight (after every class is brought to the same total). */
  classWeight?: Record<string, number>;
  /** Train on copies with some words made unknown (default true). */
  unknownWords?: boolean;
  /** Learning rate of the per-class bias relative to the weights'. */
  biasRate?: number;
}

/**
 * Fits the model: every class gets the same total weight (a route with four examples
 * counts as much as one with twelve), stochastic gradient descent in a fixed order so a
 * refit of the same routes gives the same model.
 */
export function fit(input: readonly TrainingText[], options: FitOptions = {}): ModelData {
  let texts = input;
  const epochs = options.epochs ?? 30;
  const rate = options.learningRate ?? 0.8;
  const l2 = options.l2 ?? 1e-4;
  const biasRate = options.biasRate ?? 0.1;
  const classes = [...new Set(texts.map((text) => text.label))];
  const augmented = options.unknownWords === false ? [] : texts.flatMap((text) => {
    const raw = withUnknownWords(featurize(text.text));
    return raw ? [{ text, raw }] : [];
  });
  texts = [...texts, ...augmented.map(({ text }) => ({ ...text, weight: text.weight * UNKNOWN_COPY_WEIGHT }))];
  const raw = [...texts.slice(0, texts.length - augmented.length).map((text) => featurize(text.text)), ...augmented.map(({ raw }) => raw)];
  const documentFrequency = new Map<string, number>();
  for (const features of raw) for (const name of features.keys()) documentFrequency.set(name, (documentFrequency.get(name) ?? 0) + 1);
  const features = [...documentFrequency.keys()];
  const idf = Float32Array.from(features, (name) => Math.log((1 + raw.length) / (1 + documentFrequency.get(name)!)) + 1);
  const model: ModelData = { classes, features, idf, weights: new Float32Array(features.length * classes.length), bias: new Float32Array(classes.length) };
  const vectors = raw.map((row) => vectorize(model, row, indexOf(model)));
  const labels = texts.map((text) => classes.indexOf(text.label));
  const perClass = new Map<number, number>();
  texts.forEach((text, at) => perClass.set(labels[at]!, (perClass.get(labels[at]!) ?? 0) + text.weight));
  const mean = [...perClass.values()].reduce((sum, value) => sum + value, 0) / perClass.size;
  const sampleWeight = texts.map((text, at) => ((text.weight * mean) / perClass.get(labels[at]!)!) * (options.classWeight?.[text.label] ?? 1));
  const order = shuffled(texts.length);
  const C = classes.length;
  const probabilities = new Float32Array(C);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const step = rate / (1 + epoch * 0.2);
    for (const at of order) {
      const vector = vectors[at]!;
      scores(model, vector, probabilities);
      softmaxInPlace(probabilities);
      const weight = sampleWeight[at]! * step;
      for (let c = 0; c < C; c++) {
        const gradient = (probabilities[c]! - (c === labels[at] ? 1 : 0)) * weight;
        model.bias[c]! -= gradient * biasRate;
        for (let k = 0; k < vector.index.length; k++) {
          const cell = vector.index[k]! * C + c;
          model.weights[cell] = model.weights[cell]! * (1 - l2) - gradient * vector.value[k]!;
        }
      }
    }
  }
  return model;
}

const indexes = new WeakMap<ModelData, Map<string, number>>();
function indexOf(model: ModelData): Map<string, number> {
  let index = indexes.get(model);
  if (!index) {
    index = new Map(model.features.map((name, at) => [name, at]));
    indexes.set(model, index);
  }
  return index;
}

const UNKNOWN = '#unknown';
const UNKNOWN_COPY_WEIGHT = 0.5;

/**
 * A copy of an example's features with every third word made unknown: requests are full
 * of words no example has (a class name, a city), and the model must learn what they say
 * about each route — a question about code is mostly unknown nouns, and so is small talk.
 */
function withUnknownWords(raw: Map<string, number>): Map<string, number> | undefined {
  const wordNames = [...raw.keys()].filter((name) => name.startsWith('w:'));
  if (wordNames.length < 2) return undefined;
  const dropped = new Set(wordNames.filter((_, at) => at % 3 === 1).map((name) => name.slice(2)));
  const copy = new Map<string, number>();
  for (const [name, weight] of raw) {
    if (name.startsWith('w:') && dropped.has(name.slice(2))) continue;
    if (name.startsWith('b:') && name.slice(2).split('_').some((stem) => dropped.has(stem))) continue;
    copy.set(name, weight);
  }
  copy.set(UNKNOWN, dropped.size);
  return copy;
}

// Scratch space for vectorizing one text: a request has a few dozen features, and
// routing must not allocate more than the vector it returns.
let scratchIndex = new Int32Array(256);
let scratchValue = new Float32Array(256);

/** TF-IDF, L2-normalised; words the model never saw count as `#unknown`, other unseen features are dropped. */
export function vectorize(model: ModelData, raw: Map<string, number>, index = indexOf(model)): SparseVector {
  if (scratchIndex.length < raw.size + 1) {
    scratchIndex = new Int32Array(raw.size * 2 + 1);
    scratchValue = new Float32Array(raw.size * 2 + 1);
  }
  let count = 0;
  let unknown = 0;
  let sumOfSquares = 0;
  for (const [name, weight] of raw) {
    const at = index.get(name);
    if (at !== undefined) {
      const value = weight * model.idf[at]!;
      scratchIndex[count] = at;
      scratchValue[count++] = value;
      sumOfSquares += value * value;
    } else if (name.startsWith('w:')) unknown += weight;
  }
  const unknownAt = index.get(UNKNOWN);
  if (unknown > 0 && unknownAt !== undefined) {
    const value = unknown * model.idf[unknownAt]!;
    scratchIndex[count] = unknownAt;
    scratchValue[count++] = value;
    sumOfSquares += value * value;
  }
  const norm = Math.sqrt(sumOfSquares) || 1;
  const value = scratchValue.slice(0, count);
  for (let k = 0; k < count; k++) value[k]! /= norm;
  return { index: scratchIndex.slice(0, count), value };
}

function scores(model: ModelData, vector: SparseVector, out: Float32Array): void {
  const C = model.classes.length;
  out.set(model.bias);
  for (let k = 0; k < vector.index.length; k++) {
    const row = vector.index[k]! * C;
    const value = vector.value[k]!;
    for (let c = 0; c < C; c++) out[c]! += model.weights[row + c]! * value;
  }
}

function softmaxInPlace(values: Float32Array): void {
  let max = -Infinity;
  for (const value of values) max = Math.max(max, value);
  let sum = 0;
  for (let c = 0; c < values.length; c++) sum += values[c] = Math.exp(values[c]! - max);
  for (let c = 0; c < values.length; c++) values[c]! /= sum;
}

export interface Prediction {
  /** Probability per class, in `model.classes` order. */
  probabilities: Float32Array;
  vector: SparseVector;
  /** The request split into words, kept to explain the decision in the words typed. */
  words: Word[];
}

// Per model: a dense accumulator the size of its features (zero between requests), so a
// request's features add up by index without building a map of names first.
const dense = new WeakMap<ModelData, Float32Array>();

/** The TF-IDF vector of a text, straight from its features (what `vectorize(featurize(…))` gives). */
function vectorOf(model: ModelData, text: string, list: readonly Word[]): SparseVector {
  const index = indexOf(model);
  let sums = dense.get(model);
  if (!sums) dense.set(model, (sums = new Float32Array(model.features.length)));
  const touched: number[] = [];
  let unknown = 0;
  eachFeature(text, list, (name, weight) => {
    const at = index.get(name);
    if (at === undefined) {
      if (name.startsWith('w:')) unknown += weight;
      return;
    }
    if (sums[at] === 0) touched.push(at);
    sums[at]! += weight;
  });
  const unknownAt = index.get(UNKNOWN);
  if (unknown > 0 && unknownAt !== undefined) {
    if (sums[unknownAt] === 0) touched.push(unknownAt);
    sums[unknownAt]! += unknown;
  }
  const vector = { index: Int32Array.from(touched), value: new Float32Array(touched.length) };
  let sumOfSquares = 0;
  for (let k = 0; k < touched.length; k++) {
    const at = touched[k]!;
    const value = sums[at]! * model.idf[at]!;
    sums[at] = 0;
    vector.value[k] = value;
    sumOfSquares += value * value;
  }
  const norm = Math.sqrt(sumOfSquares) || 1;
  for (let k = 0; k < touched.length; k++) vector.value[k]! /= norm;
  return vector;
}

export function predict(model: ModelData, text: string): Prediction {
  const list = words(text);
  const vector = vectorOf(model, text, list);
  const probabilities = new Float32Array(model.classes.length);
  scores(model, vector, probabilities);
  softmaxInPlace(probabilities);
  return { probabilities, vector, words: list };
}

/** The features that pushed `label` up the most: the words that decided it. */
export function reasons(model: ModelData, prediction: Prediction, label: string, count = 3): string[] {
  const c = model.classes.indexOf(label);
  const C = model.classes.length;
  const { index, value } = prediction.vector;
  return Array.from(index, (at, k) => ({ name: model.features[at]!, push: model.weights[at * C + c]! * value[k]! }))
    .filter(({ name, push }) => push > 0 && name.startsWith('w:'))
    .sort((a, b) => b.push - a.push)
    .slice(0, count)
    .map(({ name }) => name.slice(2));
}

/** A deterministic permutation (a fixed LCG), so fitting twice gives the same model. */
function shuffled(length: number): number[] {
  const order = Array.from({ length }, (_, at) => at);
  let seed = 42;
  for (let at = length - 1; at > 0; at--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const other = seed % (at + 1);
    [order[at], order[other]] = [order[other]!, order[at]!];
  }
  return order;
}
