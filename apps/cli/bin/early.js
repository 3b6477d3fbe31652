// Early answers: a bundled plugin may answer a command before oclif and the kernel load,
// or decline so the ordinary path runs. The CLI's package.json lists them under
// `earlyAnswers` ("command words": module); each module exports
// `answer(argv, { cliRoot, cwd, env })`, true when it wrote the whole answer. A module may
// also start work and decline (the MCP server answers from its cache while oclif loads).

/** The module listed for the longest run of leading command words in `argv`, if any. */
export function earlyModuleFor(argv, table) {
  let best;
  for (const [words, module] of Object.entries(table ?? {})) {
    const split = words.split(' ');
    if (split.every((word, n) => argv[n] === word) && (best === undefined || split.length > best.length)) best = { length: split.length, module };
  }
  return best?.module;
}

/** True when an early module answered `argv` completely; any failure to load or answer declines. */
export async function answerEarly(argv, table, cliRoot) {
  const module = earlyModuleFor(argv, table);
  if (module === undefined) return false;
  try {
    return (await (await import(module)).answer(argv, { cliRoot, cwd: process.cwd(), env: process.env })) === true;
  } catch {
    return false;
  }
}
