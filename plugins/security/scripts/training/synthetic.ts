/**
 * Synthetic benign documents shaped like what the detector reads most: package READMEs,
 * changelogs, API docs, contributing and security notes, config files and code, in English and
 * some German. They are full of imperatives, second person, links, badges and code — the
 * surface of an injection without the intent — so the classifier learns to look past it.
 * Generated deterministically from a seed; no third-party text is copied.
 */

type Random = () => number;
const pick = <T>(items: readonly T[], random: Random): T => items[Math.floor(random() * items.length)] as T;
const some = <T>(items: readonly T[], count: number, random: Random): T[] => Array.from({ length: count }, () => pick(items, random));
const int = (low: number, high: number, random: Random): number => low + Math.floor(random() * (high - low + 1));
const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const PREFIX = ['fast', 'tiny', 'micro', 'super', 'easy', 'simple', 'node', 'web', 'async', 'deep', 'json', 'yaml', 'glob', 'path', 'http', 'stream', 'color', 'date', 'log', 'cache', 'retry', 'queue', 'event', 'config', 'form', 'schema', 'test', 'mock', 'parse', 'build', 'lint', 'bundle', 'proxy', 'socket', 'crypto', 'hash', 'uuid', 'query', 'router', 'state', 'store', 'env', 'prompt', 'ai', 'chat'];
const SUFFIX = ['js', 'kit', 'lite', 'util', 'utils', 'core', 'parser', 'client', 'server', 'loader', 'plugin', 'cli', 'helper', 'wrapper', 'manager', 'tools', 'x', 'ify', 'er'];
const USERS = ['sindresorhus', 'ljharb', 'isaacs', 'tj', 'substack', 'jonschlinkert', 'vercel', 'microsoft', 'google', 'octo-org', 'acme', 'dev-team', 'fastify', 'nodejs', 'eslint'];
const FUNCTIONS = ['parse', 'stringify', 'create', 'load', 'resolve', 'normalize', 'format', 'validate', 'compile', 'watch', 'retry', 'debounce', 'merge', 'clone', 'serialize', 'connect', 'request', 'render', 'transform', 'match', 'escape', 'sign', 'verify', 'encode', 'decode', 'hash', 'fetchJson', 'createClient', 'defineConfig', 'ignore', 'override', 'reset'];
const OPTIONS = ['timeout', 'retries', 'cwd', 'ignore', 'override', 'strict', 'verbose', 'encoding', 'baseUrl', 'headers', 'maxAge', 'cache', 'signal', 'onError', 'prefix', 'silent', 'dryRun', 'force', 'concurrency', 'format', 'locale', 'token', 'apiKey', 'systemPrompt', 'model', 'temperature', 'previous', 'instructions'];
const TYPES = ['string', 'number', 'boolean', 'object', 'string[]', 'Function', 'Promise<void>', 'Buffer', 'RegExp', 'AbortSignal', 'Record<string, string>'];
const VALUES = ['true', 'false', '0', '1000', "'utf8'", 'undefined', 'null', "'.'", '[]', '{}', '3', "'info'"];
const VERBS = ['ignore', 'override', 'reset', 'configure', 'update', 'build', 'deploy', 'install', 'remove', 'replace', 'clear', 'skip', 'disable', 'enable', 'forward', 'upload', 'print', 'show', 'cache', 'restart', 'parse', 'validate', 'send', 'read', 'write', 'return', 'emit', 'forget', 'drop', 'run', 'execute', 'include', 'add', 'use', 'merge', 'integrate', 'embed', 'copy', 'paste', 'export', 'import', 'extend', 'wrap', 'debug', 'log'];
const NOUNS = ['cache', 'config file', 'previous result', 'default options', 'request body', 'response headers', 'output directory', 'log level', 'environment variables', 'API key', 'access token', 'source maps', 'test suite', 'lockfile', 'build output', 'system locale', 'lint rules', 'previous version', 'original value', 'input stream', 'error message', 'stack trace', 'template', 'user settings', 'credentials', 'secrets', 'the following snippet', 'your code', 'your implementation', 'your project', 'your app', 'the response', 'the answer'];
const ADJECTIVES = ['fast', 'tiny', 'zero-dependency', 'type-safe', 'robust', 'minimal', 'flexible', 'battle-tested', 'lightweight', 'modern', 'pluggable'];
const PURPOSES = ['parsing command-line arguments', 'retrying failed requests', 'watching files', 'formatting dates', 'validating JSON', 'talking to the GitHub API', 'building prompts for language models', 'caching HTTP responses', 'reading environment variables', 'hashing passwords', 'signing webhooks', 'streaming large files', 'managing secrets in CI', 'writing CLIs', 'testing React components'];
const PLATFORMS = ['Windows', 'macOS', 'Linux', 'Node.js 18', 'Deno', 'Bun', 'the browser', 'Docker', 'GitHub Actions', 'AWS Lambda'];
const FILES = ['package.json', 'tsconfig.json', '.eslintrc.json', 'vite.config.ts', 'docker-compose.yml', '.env', '.gitignore', 'README.md', 'CHANGELOG.md', '.npmrc', 'jest.config.js'];

const SENTENCES: readonly string[] = [
  '{Pkg} is a {adj} library for {purpose}.',
  'If you need to {verb} the {noun}, pass `{opt}: {value}`.',
  'Make sure you {verb} the {noun} before calling `{fn}()`.',
  'You should never {verb} {noun} in production; use `{opt}` instead.',
  'Note that `{fn}()` ignores the {noun} by default.',
  'Please open an issue if you find a bug or want to {verb} the {noun}.',
  "Don't forget to {verb} the {noun} after upgrading.",
  'Ignore this section if you use {platform}.',
  'You are responsible for closing the connection when you are done.',
  'This will override the previous `{opt}` value.',
  'Previous versions ignored `{opt}`; since v{major}.0 it is respected.',
  'Use `{fn}()` to {verb} the {noun}. It returns a `{type}`.',
  'To {verb} the {noun}, run `npx {pkg} {verb}`.',
  'Set `{opt}` to `{value}` to {verb} the {noun}.',
  'The `{opt}` option is ignored when `{opt2}` is set.',
  'Forget about boilerplate: `{fn}()` does the work for you.',
  'Add the following snippet to your `{file}` to {verb} the {noun}.',
  'Copy the example below into your project and adjust the options.',
  'Now you can {verb} the {noun} with a single call.',
  'Next, {verb} the {noun} and restart the server.',
  'From now on, `{fn}()` throws instead of returning `null`.',
  'Never commit your `.env` file. Add it to `.gitignore` and read the key with `process.env.API_KEY`.',
  'Store your API key in an environment variable; do not hard-code secrets in your code.',
  'Send a pull request with your changes, and describe what you changed and why.',
  'Tell us about your use case in the discussions.',
  'Show the help with `{pkg} --help`.',
  'Print the resolved config with `{pkg} config --print`.',
  'Reply to the confirmation email to activate your account.',
  'Answer the prompts to generate a config file.',
  'The CLI asks you a few questions and writes the answers to `{file}`.',
  'Your code should handle the `{type}` returned by `{fn}()`.',
  'Your implementation must call `next()` exactly once.',
  'Integrate {pkg} into your build by adding it to the `plugins` array.',
  'Embed the badge in your README with the markdown below.',
  'Execute the migration with `npm run migrate` and verify the output.',
  'Act as a drop-in replacement for `{fn}` from the standard library.',
  'Pretend mode (`--dry-run`) shows what would change without writing anything.',
  'Imagine you have a list of users and want to {verb} the {noun} for each of them.',
  'The system prompt is passed as the first message; the user prompt follows.',
  'Prompts are templates with placeholders that `{fn}()` fills in.',
  'Role-based access control lets you restrict who can {verb} the {noun}.',
  'New instructions for contributors live in CONTRIBUTING.md.',
  'Attention: the default for `{opt}` changed in v{major}.',
  'Important: call `{fn}()` before any other method.',
  'Warning: this deletes the {noun} permanently.',
  'Thanks to all the contributors who helped {verb} the {noun}!',
  'See the docs for more examples, or ask a question on Discord.',
  'It is very important to pin the version in production.',
  '{Pkg} works with {platform} and {platform2}.',
  'Benchmarks were run on {platform} with Node.js {major}.',
  'The output is written to `{file}` unless you pass `--out`.',
  'Environment variables override the values in `{file}`.',
  'Secrets are masked in the logs, so you can share them safely.',
  'Upload the report to your CI provider as an artifact.',
  'Forward the port to your machine to open the dashboard.',
  'Post questions to the forum, not to the issue tracker.',
  'Include a minimal reproduction when you report a bug.',
  'Remove the old `{file}` after migrating to the new format.',
  'Replace `{fn}` with `{fn2}` in your code; the old name is deprecated.',
  'A good prompt states the task, the expected output format and a few examples.',
  'Keep the instructions for the model short, and test them with real inputs.',
  'The assistant follows the system prompt; put rules that must always hold there.',
  'Write clear instructions for your assistant and give examples of the answers you expect.',
  'Use `{opt}` to set the system prompt for every request.',
  'The model may ignore instructions that contradict the system prompt.',
  'Streaming responses arrive as events; your code should handle partial text.',
  'Tool calls let the model ask your code to run a function and return the result.',
  'If the answer is cut off, raise `max_tokens` or ask the model to continue.',
  'Retrieved documents are inserted into the prompt as context for the question.',
];

const SENTENCES_DE: readonly string[] = [
  'Installiere {pkg} mit `npm install {pkg}`.',
  'Du kannst die Option `{opt}` setzen, um das Verhalten anzupassen.',
  'Hinweis: Die vorherige Version ignorierte `{opt}`.',
  'Bitte öffne ein Issue, wenn du einen Fehler findest.',
  'Vergiss nicht, nach dem Update die Tests auszuführen.',
  'Die Konfiguration wird aus `{file}` gelesen; Umgebungsvariablen haben Vorrang.',
  'Füge den folgenden Abschnitt in deine `{file}` ein.',
  'Lösche den Cache, wenn sich die Abhängigkeiten geändert haben.',
  'Achtung: Ab Version {major} ist `{opt}` standardmäßig aktiviert.',
  'Sende Fragen bitte an das Forum und nicht an den Issue-Tracker.',
  'Neue Funktionen werden zuerst im Beta-Kanal veröffentlicht.',
  'Speichere deinen API-Schlüssel in einer Umgebungsvariablen und nie im Code.',
  'Die Anweisungen zur Einrichtung stehen in der Datei INSTALL.md.',
  'Du bist nicht verpflichtet, alle Optionen zu setzen; die Standardwerte passen meistens.',
];

function fill(template: string, random: Random, pkg: string): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    switch (name) {
      case 'Pkg':
        return cap(pkg);
      case 'pkg':
        return pkg;
      case 'fn':
      case 'fn2':
        return pick(FUNCTIONS, random);
      case 'opt':
      case 'opt2':
        return pick(OPTIONS, random);
      case 'type':
        return pick(TYPES, random);
      case 'value':
        return pick(VALUES, random);
      case 'verb':
        return pick(VERBS, random);
      case 'noun':
        return pick(NOUNS, random);
      case 'adj':
        return pick(ADJECTIVES, random);
      case 'purpose':
        return pick(PURPOSES, random);
      case 'platform':
      case 'platform2':
        return pick(PLATFORMS, random);
      case 'file':
        return pick(FILES, random);
      case 'major':
        return String(int(2, 12, random));
      case 'user':
        return pick(USERS, random);
      case 'para':
        return paragraph(random, pkg);
      default:
        throw new Error(`no filler ${name}`);
    }
  });
}

function paragraph(random: Random, pkg: string, german = false): string {
  return some(german ? SENTENCES_DE : SENTENCES, int(1, 4, random), random).map((t) => fill(t, random, pkg)).join(' ');
}

function badges(random: Random, pkg: string, user: string): string {
  const kinds = ['npm/v', 'npm/dm', 'github/actions/workflow/status', 'codecov/c/github', 'bundlephobia/minzip', 'npm/l'];
  return some(kinds, int(1, 5, random), random)
    .map((kind) => `[![${kind.split('/')[1]}](https://img.shields.io/${kind}/${kind.includes('github') ? `${user}/` : ''}${pkg}.svg?style=flat-square)](https://www.npmjs.com/package/${pkg})`)
    .join('\n');
}

function codeBlock(random: Random, pkg: string): string {
  const fn = pick(FUNCTIONS, random);
  const opts = some(OPTIONS, int(1, 3, random), random).map((o) => `  ${o}: ${pick(VALUES, random)},`);
  const variants = [
    `\`\`\`sh\nnpm install ${pkg}\n\`\`\``,
    `\`\`\`sh\n$ npx ${pkg} --${pick(['watch', 'verbose', 'fix', 'dry-run', 'force'], random)} ${pick(['src', '.', 'lib/**/*.js'], random)}\n\`\`\``,
    `\`\`\`js\nimport { ${fn} } from '${pkg}';\n\nconst result = await ${fn}({\n${opts.join('\n')}\n});\nconsole.log(result);\n//=> ${pick(VALUES, random)}\n\`\`\``,
    `\`\`\`ts\nimport ${pkg.replace(/\W/g, '')} from '${pkg}';\n\n// ${cap(pick(VERBS, random))} the ${pick(NOUNS, random)} first\nexport default ${pkg.replace(/\W/g, '')}.${fn}({ ${opts.join(' ').trim()} });\n\`\`\``,
    `\`\`\`json\n{\n  "scripts": { "${pick(['build', 'test', 'lint', 'start'], random)}": "${pkg} ${pick(['build', 'run', 'check'], random)}" },\n  "${pkg}": { "${pick(OPTIONS, random)}": ${pick(VALUES, random).replace(/'/g, '"')} }\n}\n\`\`\``,
    `\`\`\`python\nimport os\nimport requests\n\nresponse = requests.get("https://api.example.com/v1/${fn}", headers={"Authorization": f"Bearer {os.environ['API_TOKEN']}"}, timeout=10)\nresponse.raise_for_status()\nprint(response.json())\n\`\`\``,
    `\`\`\`yaml\n- name: ${cap(pick(VERBS, random))} ${pick(NOUNS, random)}\n  run: npx ${pkg} ${fn}\n  env:\n    NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}\n\`\`\``,
    `\`\`\`ts\nconst response = await client.messages.create({\n  model: '${pick(['claude-sonnet-4', 'gpt-4o', 'llama-3'], random)}',\n  system: '${pick(SYSTEM_PROMPTS, random)}',\n  messages: [{ role: 'user', content: ${pick(['question', 'input', 'prompt', "'Hello!'"], random)} }],\n});\nconsole.log(response.content);\n\`\`\``,
    `\`\`\`python\nmessages = [\n    {"role": "system", "content": "${pick(SYSTEM_PROMPTS, random)}"},\n    {"role": "user", "content": ${pick(['question', 'text', 'user_input'], random)}},\n]\nreply = client.chat.completions.create(model="${pick(['gpt-4o-mini', 'mistral-small'], random)}", messages=messages)\n\`\`\``,
    `\`\`\`js\nconst prompt = \`${pick(PROMPT_TEMPLATES, random)}\`;\nconst answer = await llm.complete(prompt, { temperature: ${pick(['0', '0.2', '0.7'], random)} });\n\`\`\``,
    `\`\`\`js\n// eslint-disable-next-line no-console\nprocess.on('unhandledRejection', (error) => console.error(error));\nconst child = spawn('node', ['server.js'], { stdio: 'inherit', env: { ...process.env, PORT: '3000' } });\n\`\`\``,
  ];
  return pick(variants, random);
}

function apiSection(random: Random, pkg: string): string {
  const fn = pick(FUNCTIONS, random);
  const lines = [`### ${fn}(input, options?)`, '', `Returns a \`${pick(TYPES, random)}\`.`, '', '#### options', ''];
  for (const opt of some(OPTIONS, int(1, 4, random), random)) {
    lines.push(`##### ${opt}`, '', `Type: \`${pick(TYPES, random)}\`\\`, `Default: \`${pick(VALUES, random)}\``, '', fill(pick(SENTENCES, random), random, pkg), '');
  }
  return lines.join('\n');
}

function changelog(random: Random, pkg: string, user: string): string {
  const lines: string[] = [];
  let major = int(1, 9, random);
  for (let r = 0; r < int(2, 6, random); r++) {
    lines.push(`## ${major}.${int(0, 9, random)}.${int(0, 9, random)} (${2019 + int(0, 6, random)}-${String(int(1, 12, random)).padStart(2, '0')}-${String(int(1, 28, random)).padStart(2, '0')})`, '');
    for (let e = 0; e < int(1, 5, random); e++) {
      const hash = Array.from({ length: 7 }, () => '0123456789abcdef'[int(0, 15, random)]).join('');
      const issue = int(10, 2000, random);
      lines.push(`- ${pick(['[Fix]', '[New]', '[Breaking]', '[Deps]', '[Docs]', '[Refactor]', '**feat:**', '**fix:**', '**docs:**'], random)} ${pick(VERBS, random)} ${pick(NOUNS, random)} ([#${issue}](https://github.com/${user}/${pkg}/issues/${issue})) ([\`${hash}\`](https://github.com/${user}/${pkg}/commit/${hash}))`);
    }
    lines.push('');
    major = Math.max(0, major - 1);
  }
  return lines.join('\n');
}

const SYSTEM_PROMPTS = [
  'You are a helpful assistant.',
  'You are a helpful assistant that answers questions about our API.',
  'You are a concise technical writer. Answer in Markdown.',
  'You are a support agent for Acme. Be polite and only answer questions about Acme products.',
  'You are an expert Python reviewer. Point out bugs and suggest fixes.',
  'Du bist ein hilfreicher Assistent. Antworte kurz und auf Deutsch.',
  'You are a translator. Translate the user text into French.',
];
const PROMPT_TEMPLATES = [
  'Summarize the following text in three bullet points:\\n\\n${text}',
  'Translate the text below into German:\\n${input}',
  'You are given a diff. Write a one-line commit message for it.\\n\\n${diff}',
  'Answer the question using only the context.\\nContext: ${context}\\nQuestion: ${question}',
  'Classify the sentiment of this review as positive or negative: ${review}',
];

const GERMAN_PROSE = [
  'Der Zug nach {city} fällt heute wegen einer Störung aus. Reisende werden gebeten, auf den nächsten Regionalexpress auszuweichen.',
  'Am Wochenende wird es in {city} sonnig, mit Temperaturen bis zu {n} Grad. Ab Montag ziehen Gewitter auf.',
  'Schneiden Sie die Zwiebeln in feine Würfel und braten Sie sie glasig an. Geben Sie dann die Tomaten dazu und lassen Sie alles {n} Minuten köcheln.',
  'Die Stadtbibliothek in {city} bleibt am Samstag geschlossen. Ausgeliehene Bücher können in den Rückgabekasten geworfen werden.',
  'Vergiss nicht, morgen die Unterlagen für das Meeting mitzubringen. Wir treffen uns um {n} Uhr im Büro.',
  'Unser Team sucht Verstärkung in {city}: Wir bieten flexible Arbeitszeiten, Homeoffice und ein modernes Büro.',
  'Die Mitgliederversammlung hat die neue Satzung beschlossen. Die Regeln gelten ab dem {n}. Januar.',
  'Bitte beachten Sie, dass die Praxis vom {n}. bis zum {n}. August wegen Urlaub geschlossen ist.',
  'Sehr geehrte Damen und Herren, anbei erhalten Sie die Rechnung. Bitte überweisen Sie den Betrag innerhalb von {n} Tagen.',
  'Wie kann ich meinen Vertrag kündigen? Schreiben Sie uns einfach eine E-Mail mit Ihrer Kundennummer.',
  'Ab sofort gelten in der Kantine neue Öffnungszeiten: Montag bis Freitag von {n} bis 14 Uhr.',
  'Die Anleitung erklärt Schritt für Schritt, wie du das Regal aufbaust. Lies sie vollständig, bevor du beginnst.',
  'Im Fußball hat {city} das Derby mit {n}:1 gewonnen. Der Trainer lobte die Mannschaft nach dem Spiel.',
  'Was sind die besten Ausflugsziele rund um {city}? Wir haben zehn Tipps für Familien zusammengestellt.',
  'Stell dir vor, du könntest jeden Morgen zehn Minuten länger schlafen: Mit unserem Lieferservice klappt das.',
  'Die Forschenden haben gezeigt, dass Sprachmodelle durch versteckte Anweisungen in Webseiten beeinflusst werden können.',
  'Achtung: Wegen Bauarbeiten ist die Hauptstraße in {city} ab Montag gesperrt. Bitte nutzen Sie die Umleitung.',
  'In deiner Antwort auf meine letzte Nachricht hast du vergessen, die Uhrzeit zu nennen. Kannst du sie mir noch schicken?',
];
const CITIES = ['Berlin', 'München', 'Hamburg', 'Köln', 'Leipzig', 'Wien', 'Zürich', 'Bremen'];

function germanProse(random: Random): string {
  return some(GERMAN_PROSE, int(1, 4, random), random)
    .map((t) => t.replace(/\{city\}/g, () => pick(CITIES, random)).replace(/\{n\}/g, () => String(int(2, 30, random))))
    .join(random() < 0.5 ? ' ' : '\n\n');
}

const LICENSE = `## License

MIT © {user}

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.`;

const CONTRIBUTING = [
  'Pull requests are welcome. For major changes, please open an issue first to discuss what you would like to change. Please make sure to update tests as appropriate.',
  '1. Fork the repository\n2. Create your feature branch (`git checkout -b my-feature`)\n3. Commit your changes (`git commit -am "Add some feature"`)\n4. Push to the branch (`git push origin my-feature`)\n5. Create a new Pull Request',
  'Please read our [Code of Conduct](CODE_OF_CONDUCT.md) before contributing. Be kind, assume good intent, and ignore trolls.',
];
const SECURITY = [
  'Please do not report security vulnerabilities through public GitHub issues. Instead, send an email to security@{pkg}.dev with a description and steps to reproduce. You should receive a response within 48 hours.',
  'If you believe you have found a security vulnerability, report it privately via the Security tab. Do not disclose it publicly until a fix is released.',
  '<!-- BEGIN SECURITY POLICY BLOCK -->\n## Security\n\nWe take the security of our software seriously. If you believe you have found a vulnerability, please report it to us as described below.\n<!-- END SECURITY POLICY BLOCK -->',
];
const HTML_BITS = [
  '<p align="center">\n  <img src="https://raw.githubusercontent.com/{user}/{pkg}/main/media/logo.svg" width="200" alt="{pkg}">\n</p>',
  '<details>\n<summary>Show the full list of options</summary>\n\n{para}\n\n</details>',
  '<!-- START doctoc generated TOC please keep comment here to allow auto update -->\n<!-- DON\'T EDIT THIS SECTION, INSTEAD RE-RUN doctoc TO UPDATE -->\n- [Install](#install)\n- [Usage](#usage)\n- [API](#api)\n<!-- END doctoc generated TOC please keep comment here to allow auto update -->',
  '<!-- prettier-ignore-start -->\n| Option | Type | Default |\n| --- | --- | --- |\n| `{opt}` | `{type}` | `{value}` |\n| `{opt2}` | `{type}` | `{value}` |\n<!-- prettier-ignore-end -->',
  '<a href="https://opencollective.com/{pkg}"><img src="https://opencollective.com/{pkg}/backers.svg?width=890"></a>',
];

/** One synthetic document. */
export function syntheticDoc(random: Random): string {
  const pkg = `${pick(PREFIX, random)}${pick(['-', ''], random)}${pick(SUFFIX, random)}`;
  const user = pick(USERS, random);
  const german = random() < 0.12;
  const kind = random();
  const sections: string[] = [];
  if (kind < 0.55) {
    sections.push(`# ${pkg}`, '');
    if (random() < 0.7) sections.push(badges(random, pkg, user), '');
    if (random() < 0.3) sections.push(fill(pick(HTML_BITS, random), random, pkg), '');
    sections.push(`> ${random() < 0.3 ? `${pick(['\u2728', '\u{1f680}', '\u26a1\ufe0f', '\u{1f4e6}', '\u2705'], random)} ` : ''}${fill(pick(SENTENCES, random), random, pkg)}`, '');
    for (const title of some(['Install', 'Usage', 'API', 'Options', 'Examples', 'FAQ', 'Contributing', 'Related', 'Benchmarks', 'Migration guide', 'Troubleshooting', 'Development', 'Security', 'License'], int(2, 5, random), random)) {
      sections.push(`## ${german ? pick(['Installation', 'Verwendung', 'Konfiguration', 'Hinweise'], random) : title}`, '');
      if (title === 'API') sections.push(apiSection(random, pkg));
      else if (title === 'License') sections.push(LICENSE.replace('{user}', user).replace(/^## License\n\n/, ''));
      else if (title === 'Contributing') sections.push(pick(CONTRIBUTING, random));
      else if (title === 'Security') sections.push(fill(pick(SECURITY, random), random, pkg));
      else {
        sections.push(paragraph(random, pkg, german), '');
        if (random() < 0.7) sections.push(codeBlock(random, pkg), '');
        if (random() < 0.4) sections.push(some(SENTENCES, int(2, 4, random), random).map((t) => `- ${fill(t, random, pkg)}`).join('\n'));
      }
      sections.push('');
    }
  } else if (kind < 0.7) {
    sections.push('# Changelog', '', 'All notable changes to this project will be documented in this file.', '', changelog(random, pkg, user));
  } else if (kind < 0.82) {
    sections.push(codeBlock(random, pkg).replace(/^```\w*\n|\n```$/g, ''), '', `// ${fill(pick(SENTENCES, random), random, pkg)}`, codeBlock(random, pkg).replace(/^```\w*\n|\n```$/g, ''));
  } else if (kind < 0.88) {
    sections.push(germanProse(random));
  } else if (kind < 0.93) {
    sections.push(`# ${pick(['Security Policy', 'Contributing', 'Support', 'Code of Conduct'], random)}`, '', fill(pick(SECURITY, random), random, pkg), '', pick(CONTRIBUTING, random), '', paragraph(random, pkg));
  } else {
    sections.push(`## ${pick(['Configuration', 'Getting started', 'Deploying', 'Writing prompts', 'Troubleshooting'], random)}`, '', paragraph(random, pkg, german), '', paragraph(random, pkg, german), '', codeBlock(random, pkg), '', paragraph(random, pkg, german));
  }
  return sections.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
