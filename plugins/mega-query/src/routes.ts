import type { PluginDefinition } from '@loomkit/kernel';

// `loom auto` learns from these examples: varied, realistic requests, each a different way
// of asking. `query` is a question about some code; `query mega` is about all of it.
export const megaQueryRoutes: NonNullable<PluginDefinition['routes']> = [
  {
    command: 'query mega',
    summary: 'Analyse a whole repository (static report offline, cited findings online)',
    examples: [
      'analyse the whole codebase', 'review this repo for security problems', 'give me an architecture overview of the project', 'what would it cost to analyse the repo',
      'find performance problems across the code base', 'audit the dependencies of this repository', 'explain the overall structure of this monorepo to a new hire',
      'where is the technical debt in this project', 'assess the code quality of every package', 'run the big analysis on all the source files',
      'how do the services in this repo fit together', 'look for vulnerabilities everywhere in the code', 'which parts of this old application should we modernise first',
      'a full report on this repository with citations', 'scan the entire project for bottlenecks', 'describe the high-level design of the system end to end',
'onboard me: what is in this codebase and how is it organised', 'rank the riskiest files across the repo',
      'summarise the whole code base in one report', 'estimate the cost of a complete analysis before running it',
    ],
    args: { path: 'the folder to analyse', question: 'what to ask of the whole codebase', mode: 'codebase, architecture, security, performance, quality, dependencies or legacy', 'dry-run': 'only the static report and the cost plan' },
  },
  {
    command: 'query',
    summary: 'Answer a question from the most relevant files, with citations',
    examples: [
      'where is the retry logic', 'which files handle authentication', 'how does the config get loaded', 'find the code that parses the manifest',
      'what does the PaymentService class do', 'how are database migrations applied', 'why does fetchUser return null sometimes', 'where do we validate email addresses',
      'which function builds the cache key', 'explain what src/auth/session.ts is for', 'how is the rate limiter implemented', 'where are environment variables read',
      'what calls the parseToken helper', 'how does the worker handle a failed job', 'is there code that deletes temporary files', 'show me where the router registers its middleware',
      'which module talks to the S3 bucket', 'why do we catch and swallow this exception in the importer', 'where is the websocket reconnect handled', 'what does the --force flag change in the deploy script',
      'how do the React components get the current user', 'who calls sendInvoiceEmail', 'explain the state machine in order.ts', 'what happens when the token expires mid request',
      'where is the default page size defined', 'is the password hashed before it is stored', 'how are errors turned into HTTP responses', 'find the test that covers the csv export',
      'what is lib/cache.go used for', 'why is app/models/user.rb so long', 'what is the point of the wrapper in scripts/release.sh',
    ],
    args: { question: 'what to ask', paths: 'files or folders to draw from' },
  },
  {
    command: 'query map',
    summary: 'Print the repo map (files and signatures) within a token budget',
    examples: [
      'show me a map of the repo', 'print the repo map in 2000 tokens', 'list the main files and their functions', 'outline the files and exported symbols',
      'a compact map of the code focused on billing',
    ],
    args: { path: 'the folder to map', tokens: 'token budget of the map', focus: 'rank files for this topic first' },
  },
];
