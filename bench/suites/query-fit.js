// Fits the weights of `loom query`'s ranking (plugins/mega-query/src/repomap/rank.ts,
// QUESTION_WEIGHTS) on the query-dev set, and says how well they hold on questions left out:
// 4 folds (question i in fold i mod 4); each fold's weights are fitted on the other three and
// scored on it. The fit is a coordinate search over a grid, maximising MRR + recall@5 / 4 of
// the training questions together, less a price for moving away from the hand-set start (the
// price chosen by the folds) — never one question at a time. The signals of every file
// are computed once per question (phrase hits for every file that matches at all, where `loom
// query` reads only its first 20), so a weight set costs arithmetic only.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const GRID = {
  signal: [0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6],
  role: [-0.05, -0.1, -0.15, -0.2, -0.25, -0.3, -0.35, -0.4, -0.45, -0.5],
  asked: [0, 0.1, 0.2, 0.35, 0.5],
  share: [0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.8, 0.9, 1],
};
const PASSES = 3;
const SHRINK = [0, 0.02, 0.05, 0.1, 0.2];

async function load(repo, root) {
  const dist = join(repo, 'plugins/mega-query/dist');
  const { extractFacts } = await import(join(dist, 'repomap/facts.js'));
  const { languageOf } = await import(join(dist, 'scan/language.js'));
  const { isBinaryPath } = await import(join(dist, 'scan/binary.js'));
  const files = [];
  const texts = new Map();
  const walk = async (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && !isBinaryPath(entry.name)) {
        const rel = relative(root, path);
        const text = readFileSync(path, 'utf8');
        texts.set(rel, text);
        files.push({ path: rel, language: languageOf(rel), facts: await extractFacts(text, languageOf(rel), rel) });
      }
    }
  };
  await walk(root);
  return { files, texts };
}

/** Every matching file's reasons for each question, weights aside. */
async function signalsOf(repo, corpus, questions) {
  const dist = join(repo, 'plugins/mega-query/dist/repomap');
  const { rankFiles } = await import(join(dist, 'rank.js'));
  const { phraseHits } = await import(join(dist, 'phrases.js'));
  const { rolesAskedIn } = await import(join(dist, 'role.js'));
  const { buildImportGraph } = await import(join(dist, 'import-graph.js'));
  const graph = buildImportGraph(corpus.files);
  return questions.map((question) => {
    const files = rankFiles(corpus.files, graph, new Map(), question.q)
      .filter((file) => file.relevance > 0)
      .map((file) => {
        const hits = phraseHits(corpus.texts.get(file.path), question.q);
        return { path: file.path, why: { ...file.why, signals: { ...file.why.signals, phrase: hits.phrase, setting: Math.min(1, hits.settings.length) } } };
      });
    return { question, files, asked: rolesAskedIn(question.q) };
  });
}

function score(prepared, weights, fuse) {
  let mrr = 0;
  let top5 = 0;
  for (const { question, files, asked } of prepared) {
    const gold = files.filter((file) => question.gold.includes(file.path)).map((file) => fuse(file.why, asked, weights).raw);
    if (gold.length === 0) continue;
    const best = Math.max(...gold);
    let rank = 1;
    for (const file of files) if (fuse(file.why, asked, weights).raw > best) rank++;
    mrr += 1 / rank;
    if (rank <= 5) top5++;
  }
  return { mrr: mrr / prepared.length, recall5: top5 / prepared.length };
}

/** How far weights moved from the start: the fit pays `shrink` per unit, so 16 questions cannot pull them anywhere. */
function distance(weights, start) {
  let total = Math.abs(weights.asked - start.asked);
  for (const group of ['signals', 'role', 'share']) for (const key of Object.keys(start[group])) total += Math.abs(weights[group][key] - start[group][key]);
  return total;
}

/** The order of roles holds whatever the questions say: implementation > tests > examples > docs > fixtures, tool configuration. */
const ordered = ({ role, share }) =>
  role.implementation > role.test && role.test > role.example && role.example > role.doc && role.doc > role.fixture && role.doc > role.config &&
  share.implementation >= share.test && share.test >= share.example && share.example >= share.doc && share.doc >= share.fixture && share.doc >= share.config;

function coordinateSearch(prepared, start, fuse, shrink) {
  const objective = (weights) => {
    const result = score(prepared, weights, fuse);
    return result.mrr + result.recall5 / 4 - shrink * distance(weights, start);
  };
  const weights = structuredClone(start);
  const slots = [...Object.keys(weights.signals).map((key) => ['signals', key, GRID.signal]), ...Object.keys(weights.role).filter((key) => key !== 'implementation').map((key) => ['role', key, GRID.role]), ...Object.keys(weights.share).filter((key) => key !== 'implementation').map((key) => ['share', key, GRID.share]), ['asked', null, GRID.asked]];
  let best = objective(weights);
  for (let pass = 0; pass < PASSES; pass++) {
    let improved = false;
    for (const [group, key, values] of slots) {
      for (const value of values) {
        const trial = structuredClone(weights);
        if (key === null) trial[group] = value;
        else trial[group][key] = value;
        if (!ordered(trial)) continue;
        const result = objective(trial);
        if (result > best + 1e-9) {
          best = result;
          if (key === null) weights[group] = value;
          else weights[group][key] = value;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return weights;
}

/** `dev`: the dev set's corpus folder and questions file (bench/suites/query.js). */
export async function fit(dev, repo) {
  const { QUESTION_WEIGHTS, fuse } = await import(join(repo, 'plugins/mega-query/dist/repomap/rank.js'));
  const questions = readFileSync(dev.questions, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
  const prepared = await signalsOf(repo, await load(repo, dev.dir), questions);
  // The shrinkage is chosen by the held-out folds too: the one whose weights do best on questions they never saw.
  const trials = SHRINK.map((shrink) => {
    const folds = [0, 1, 2, 3].map((fold) => {
      const train = prepared.filter((_, index) => index % 4 !== fold);
      const test = prepared.filter((_, index) => index % 4 === fold);
      const weights = coordinateSearch(train, QUESTION_WEIGHTS, fuse, shrink);
      return { fold, train: score(train, weights, fuse), test: score(test, weights, fuse) };
    });
    const heldOut = { mrr: folds.reduce((sum, fold) => sum + fold.test.mrr, 0) / 4, recall5: folds.reduce((sum, fold) => sum + fold.test.recall5, 0) / 4 };
    return { shrink, folds, heldOut };
  });
  const chosen = trials.reduce((best, trial) => (trial.heldOut.mrr + trial.heldOut.recall5 / 4 > best.heldOut.mrr + best.heldOut.recall5 / 4 + 1e-9 ? trial : best));
  const current = score(prepared, QUESTION_WEIGHTS, fuse);
  const weights = coordinateSearch(prepared, QUESTION_WEIGHTS, fuse, chosen.shrink);
  const fitted = score(prepared, weights, fuse);
  console.log(`query fit on ${questions.length} dev questions (4 folds; MRR and recall@5 of the fold left out)`);
  for (const trial of trials) console.log(`  shrink ${trial.shrink}: held-out MRR ${trial.heldOut.mrr.toFixed(2)} recall@5 ${trial.heldOut.recall5.toFixed(2)}  (folds ${trial.folds.map((fold) => fold.test.mrr.toFixed(2)).join(' ')})`);
  console.log(`  current weights on all ${questions.length}: MRR ${current.mrr.toFixed(2)} recall@5 ${current.recall5.toFixed(2)}`);
  console.log(`  refitted on all ${questions.length} with shrink ${chosen.shrink}: MRR ${fitted.mrr.toFixed(2)} recall@5 ${fitted.recall5.toFixed(2)}`);
  console.log(`  refitted weights: ${JSON.stringify(weights)}`);
  const { folds, heldOut } = chosen;
  return { folds, heldOut, current, fitted, weights };
}
