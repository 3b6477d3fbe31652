/** The dashboard page and its script, served from the package (Chart.js too): nothing is fetched from a CDN. */
export const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Loom metrics</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #0f1115; color: #e6e6e6; }
  header { display: flex; gap: 12px; align-items: center; padding: 12px 20px; background: #171a21; flex-wrap: wrap; }
  header h1 { font-size: 16px; margin: 0 16px 0 0; }
  label { display: flex; gap: 6px; align-items: center; color: #9aa4b2; }
  input, select { background: #0f1115; color: #e6e6e6; border: 1px solid #2a2f3a; border-radius: 4px; padding: 4px 6px; }
  main { padding: 16px 20px; display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); }
  .cards { display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); grid-column: 1 / -1; }
  .card, section { background: #171a21; border-radius: 8px; padding: 12px 14px; }
  .card .value { font-size: 22px; font-weight: 600; }
  .card .name { color: #9aa4b2; }
  section h2 { font-size: 14px; margin: 0 0 8px; color: #9aa4b2; font-weight: 500; }
  table { width: 100%; border-collapse: collapse; }
  td, th { text-align: left; padding: 4px 6px; border-bottom: 1px solid #232833; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  .wide { grid-column: 1 / -1; }
  #status { margin-left: auto; color: #9aa4b2; }
  code, a { color: #9ecbff; }
</style>
</head>
<body>
<header>
  <h1>Loom metrics</h1>
  <label>Source <select id="source"><option value="all">all</option><option value="loom">loom</option><option value="claude-code">claude code</option></select></label>
  <label>Since <input id="since" placeholder="30d or 2026-11-01" size="14"></label>
  <label>Until <input id="until" placeholder="date or age" size="12"></label>
  <label>Project <input id="project" placeholder="part of a name" size="14"></label>
  <label>Model <input id="model" placeholder="e.g. sonnet" size="10"></label>
  <span id="status">connecting…</span>
</header>
<main>
  <div class="cards">
    <div class="card"><div class="name">Cost</div><div class="value" data-testid="total-cost">–</div></div>
    <div class="card"><div class="name">Tokens</div><div class="value" data-testid="total-tokens">–</div></div>
    <div class="card"><div class="name">Calls</div><div class="value" data-testid="total-calls">–</div></div>
    <div class="card"><div class="name">Cache hit ratio</div><div class="value" data-testid="cache-hit">–</div></div>
    <div class="card"><div class="name">Saved by cache</div><div class="value" data-testid="saved">–</div></div>
    <div class="card"><div class="name">Errors · retries</div><div class="value" data-testid="errors">–</div></div>
  </div>
  <section class="wide"><h2>Cost per day, by model</h2><canvas id="cost-by-day" height="90"></canvas></section>
  <section><h2>Tokens per day</h2><canvas id="tokens-by-day" height="160"></canvas></section>
  <section><h2>Cost by command</h2><canvas id="by-command" height="160"></canvas></section>
  <section><h2>Cost by project</h2><canvas id="by-project" height="160"></canvas></section>
  <section><h2>Most expensive sessions</h2><table><thead><tr><th>Session</th><th>Project</th><th class="n">Calls</th><th class="n">Cost</th><th>Resume</th></tr></thead><tbody id="sessions"></tbody></table></section>
  <section class="wide" id="turns" hidden><h2 id="turns-title">Turns</h2><table><thead><tr><th>When</th><th>Prompt / command</th><th>Models</th><th class="n">Calls</th><th class="n">Tokens</th><th class="n">Cost</th></tr></thead><tbody id="turn-rows"></tbody></table></section>
</main>
<script src="/chart.js"></script>
<script src="/app.js"></script>
</body>
</html>
`;

export const CLIENT_SCRIPT = `'use strict';
const usd = (n) => '$' + (n > 0 && n < 0.01 ? n.toFixed(4) : n.toFixed(2));
const int = (n) => n.toLocaleString('en-US');
const palette = ['#6ea8fe', '#f5a97f', '#a6da95', '#c6a0f6', '#eed49f', '#8bd5ca', '#ed8796', '#b7bdf8'];
const charts = {};
const $ = (id) => document.getElementById(id);
let source;
let painted = false;
let reading = null;

function markPainted() {
  if (painted) return;
  painted = true;
  performance.mark('loom:first-paint');
}

// What the page shows: 'reading' (no totals yet), 'snapshot' (as last seen) or 'live'; the history is kept for tests.
function setState(state) {
  document.body.dataset.state = state;
  document.body.dataset.history = ((document.body.dataset.history || '') + ' ' + state).trim();
}

const SOURCE_NAMES = { 'claude-code': 'Claude Code transcripts', loom: 'Loom calls' };
const mib = (n) => (n / 1048576).toFixed(n < 10485760 ? 1 : 0);

function readingText() {
  if (!reading) return '';
  const parts = reading.map((p) => SOURCE_NAMES[p.source] + ' ' + (p.bytesTotal === 0 ? 'up to date' : Math.floor((p.bytesRead / p.bytesTotal) * 100) + '% (' + mib(p.bytesRead) + ' of ' + mib(p.bytesTotal) + ' MiB)'));
  return 'reading… ' + (parts.length ? parts.join(' · ') : 'listing your history');
}

// A cold start: nothing is totalled yet. The cards say so rather than show a number that is not final.
function showProgress(progress) {
  reading = progress.reading;
  if (document.body.dataset.state !== 'snapshot') {
    for (const id of ['total-cost', 'total-tokens', 'total-calls', 'cache-hit', 'saved', 'errors']) setValue(id, '…', '');
    if (document.body.dataset.state !== 'reading') setState('reading');
  }
  $('status').textContent = (document.body.dataset.state === 'snapshot' ? 'as last seen · ' : '') + readingText();
  $('status').dataset.reading = '1';
  markPainted();
}

function setValue(id, text, value) {
  const el = document.querySelector('[data-testid="' + id + '"]');
  el.textContent = text;
  el.dataset.value = String(value);
}

function chart(id, config) {
  if (charts[id]) {
    charts[id].data = config.data;
    charts[id].update('none');
    return;
  }
  charts[id] = new Chart($(id), { ...config, options: { animation: false, responsive: true, plugins: { legend: { labels: { color: '#9aa4b2' } } }, scales: config.type === 'doughnut' ? {} : { x: { stacked: true, ticks: { color: '#9aa4b2' } }, y: { stacked: true, ticks: { color: '#9aa4b2' } } } } });
}

function render(data, fresh) {
  const t = data.totals;
  setValue('total-cost', usd(t.costUsd), t.costUsd);
  setValue('total-tokens', int(t.totalTokens), t.totalTokens);
  setValue('total-calls', int(t.calls), t.calls);
  setValue('cache-hit', (t.cacheHitRatio * 100).toFixed(1) + '%', t.cacheHitRatio);
  setValue('saved', usd(t.savedUsd), t.savedUsd);
  const rate = (n) => (t.calls ? ((n / t.calls) * 100).toFixed(1) : '0.0') + '%';
  setValue('errors', rate(t.errors) + ' · ' + rate(t.retries), t.errors + ',' + t.retries);

  const days = data.daily.rows.map((r) => r.key);
  const models = [...new Set(data.daily.rows.flatMap((r) => r.models))].sort();
  chart('cost-by-day', { type: 'bar', data: { labels: days, datasets: models.map((m, i) => ({ label: m, backgroundColor: palette[i % palette.length], data: data.daily.rows.map((r) => (r.breakdown.find((b) => b.model === m) || { costUsd: 0 }).costUsd) })) } });
  if (fresh) reading = null;
  setState(fresh ? 'live' : 'snapshot');
  markPainted();
  // The totals and the first chart are on screen; the rest follows in the next task, so a year of days does not hold them back.
  setTimeout(() => renderRest(data, fresh, days), 0);
}

function renderRest(data, fresh, days) {
  const kinds = [['input', 'Input'], ['output', 'Output'], ['cacheWrite', 'Cache write'], ['cacheRead', 'Cache read']];
  chart('tokens-by-day', { type: 'bar', data: { labels: days, datasets: kinds.map(([k, name], i) => ({ label: name, backgroundColor: palette[i], data: data.daily.rows.map((r) => r[k]) })) } });
  chart('by-command', { type: 'bar', data: { labels: data.command.rows.map((r) => r.key), datasets: [{ label: 'Cost (USD)', backgroundColor: palette[0], data: data.command.rows.map((r) => r.costUsd) }] } });
  chart('by-project', { type: 'doughnut', data: { labels: data.project.rows.map((r) => r.key), datasets: [{ data: data.project.rows.map((r) => r.costUsd), backgroundColor: palette }] } });

  const body = $('sessions');
  body.replaceChildren(...data.session.rows.map((r) => {
    const tr = document.createElement('tr');
    const id = r.key.slice(r.key.indexOf(':') + 1);
    const turns = r.key.startsWith('loom:') ? 'loom session show ' + id : 'claude --resume ' + id;
    for (const [text, cls] of [[r.label, 'link'], [r.project || '', ''], [int(r.calls), 'n'], [usd(r.costUsd), 'n'], [turns, 'code']]) {
      const td = document.createElement('td');
      if (cls === 'code') { const c = document.createElement('code'); c.textContent = text; td.append(c); }
      else if (cls === 'link') { const a = document.createElement('a'); a.href = '#session=' + encodeURIComponent(r.key); a.textContent = text; a.dataset.session = r.key; td.append(a); }
      else { td.textContent = text; td.className = cls; }
      tr.append(td);
    }
    return tr;
  }));
  $('status').textContent = (fresh ? 'live · ' + new Date().toLocaleTimeString() : 'as last seen · ' + (reading ? readingText() : 'updating…')) + (data.skippedLines ? ' · ' + data.skippedLines + ' bad lines skipped' : '');
  if (fresh) delete $('status').dataset.reading;
  if (fresh && document.body.dataset.fresh !== '1') {
    document.body.dataset.fresh = '1';
    performance.mark('loom:fresh-paint');
  }
  document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
}

// A session's turns: its link puts the key in the address, so a turns view can be bookmarked and reloaded.
async function showTurns() {
  const key = decodeURIComponent((location.hash.match(/^#session=(.+)$/) || [])[1] || '');
  $('turns').hidden = !key;
  if (!key) return;
  const res = await fetch('/api/session?key=' + encodeURIComponent(key));
  if (!res.ok) { $('turns-title').textContent = 'No such session'; $('turn-rows').replaceChildren(); return; }
  const data = await res.json();
  $('turns-title').textContent = 'Turns of ' + data.label + (data.project ? ' · ' + data.project : '');
  $('turn-rows').replaceChildren(...data.turns.map((t) => {
    const tr = document.createElement('tr');
    for (const [text, cls] of [[Number.isFinite(t.at) ? new Date(t.at).toLocaleString() : '', ''], [t.label, ''], [t.models.join(', '), ''], [int(t.calls), 'n'], [int(t.input + t.output + t.cacheWrite + t.cacheRead), 'n'], [usd(t.costUsd), 'n']]) {
      const td = document.createElement('td');
      td.textContent = text;
      td.className = cls;
      tr.append(td);
    }
    tr.dataset.cost = String(t.costUsd);
    return tr;
  }));
  $('turns').dataset.key = key;
  $('turns').scrollIntoView();
}
window.addEventListener('hashchange', showTurns);
showTurns();

function connect() {
  if (source) source.close();
  const params = new URLSearchParams();
  for (const id of ['source', 'since', 'until', 'project', 'model']) if ($(id).value) params.set(id, $(id).value);
  source = new EventSource('/events?' + params);
  document.body.dataset.fresh = '0';
  // The last view drawn, saved by the server, comes first; the freshly totalled one follows.
  source.addEventListener('snapshot', (event) => render(JSON.parse(event.data), false));
  source.addEventListener('progress', (event) => showProgress(JSON.parse(event.data)));
  source.onmessage = (event) => render(JSON.parse(event.data), true);
  source.onerror = () => { $('status').textContent = 'reconnecting…'; };
}

for (const id of ['source', 'since', 'until', 'project', 'model']) $(id).addEventListener('change', connect);
connect();
`;
