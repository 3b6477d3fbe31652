import type { PluginDefinition } from '@loomkit/kernel';

// The routes are `loom auto`'s training data and the MCP tools' descriptions: each
// example is a different way a person asks, not a paraphrase of the one before.
export const sessionRoutes: NonNullable<PluginDefinition['routes']> = [
  {
    command: 'session start',
    summary: 'Start a named session and make it active',
    examples: [
      'start a session for the login bug', 'begin a new session called refactor-db', 'track this work as a session', 'open a new session named search-ui',
      'I am starting on the billing rewrite, create a session', 'new session', 'kick off a session for upgrading react', 'let\'s record this as a fresh session',
      'start over in a new session that carries yesterday\'s memory', 'create a work session for the release notes',
    ],
    args: { name: 'a human-readable name (dated if left out)', from: 'a session to carry turns and memory from' },
  },
  {
    command: 'session list',
    summary: 'List sessions, here or in every project',
    examples: [
      'list my sessions', 'show all sessions on this machine', 'what sessions do I have in other repos', 'which sessions exist in this project',
      'show me the sessions I worked on recently', 'all my sessions across projects', 'print the session history of this repo',
    ],
    args: { 'all-projects': 'include every project loom knows' },
  },
  {
    command: 'session status',
    summary: 'Show the active session: turns, tokens, cost',
    examples: [
      'which session am I in', 'how much has this session cost so far', 'session status', 'how many tokens has the current session used',
      'is a session active right now', 'what is the state of my current session', 'how many turns are in this session', 'give me a rundown of the session I am in',
    ],
  },
  {
    command: 'session show',
    summary: 'Show a session\'s turns',
    examples: [
      'show the session refactor-db', 'what happened in session 3fk2', 'show the raw turns including compacted ones', 'print every turn of the login-bug session',
      'let me read the conversation from session 8a1c', 'display the turns of yesterday\'s session',
    ],
    args: { session: 'id, id prefix or name', raw: 'include turns folded into summaries' },
  },
  {
    command: 'session resume',
    summary: 'Resume a session (a picker on a terminal)',
    examples: [
      'resume my last session', 'go back to the login bug session', 'continue where I left off', 'reopen session 3fk2',
      'carry on with the refactor-db session', 'pick my previous session back up', 'switch back to the session from this morning', 'keep working on the session I had yesterday',
      'continue the billing session', 'resume work from where we stopped last time',
    ],
    args: { session: 'id, id prefix or name; the most recent if left out' },
  },
  {
    command: 'session end',
    summary: 'End the active session',
    examples: [
      'end this session', 'I am done with this work, close the session', 'end and archive the session', 'stop the session',
      'finish up the current session', 'that is it for today, wrap up the session', 'close out my session', 'terminate the active session',
    ],
    args: { archive: 'also move it to the archive' },
  },
  {
    command: 'session fork',
    summary: 'Copy a session to try another direction',
    examples: ['fork this session', 'branch the session to try a different approach', 'make a copy of the session called plan-b', 'duplicate session 3fk2 so I can experiment'],
    args: { session: 'the session to copy', name: 'the copy\'s name' },
  },
  {
    command: 'session memory',
    summary: 'Show what is pinned into every call',
    examples: ['what does claude always see', 'show pinned memory', 'show the project notes', 'list the pinned notes', 'what have I asked you to remember'],
  },
  {
    command: 'session memory add',
    summary: 'Pin a note into every call of the session',
    examples: [
      'remember that we use pnpm not npm', 'pin this: the API is versioned under /v2', 'always keep in mind the db is postgres 16',
      'note that the staging server is eu-west-1', 'add a pinned note: never touch the generated folder',
    ],
    args: { text: 'the note' },
  },
  {
    command: 'session memory rm',
    summary: 'Unpin a note',
    examples: ['forget the note about pnpm', 'remove pinned memory m3k9', 'unpin the postgres note', 'delete that remembered note'],
    args: { id: 'the pin\'s id, from `session memory`' },
  },
  {
    command: 'session search',
    summary: 'Search sessions\' turns and memory',
    examples: [
      'find the session where we talked about rate limits', 'search all my sessions for "migration"', 'when did I fix the flaky test',
      'which session mentioned the redis timeout', 'look through past conversations for oauth', 'grep my session history for webpack',
    ],
    args: { text: 'words to find', 'all-projects': 'search every project' },
  },
  {
    command: 'session export',
    summary: 'Export a session as Markdown, JSON or a Claude Code transcript',
    examples: [
      'export this session to markdown', 'save the session as json', 'export the session for claude code', 'write session 3fk2 out as a markdown file',
      'dump the refactor-db session to json', 'I need the conversation as a document to share with the team', 'convert my session into a claude code transcript',
      'download the session log', 'export the login-bug session in md format',
    ],
    args: { session: 'id, id prefix or name', format: 'md, json or claude-code' },
  },
  {
    command: 'session import',
    summary: 'Import a Claude Code transcript or a Loom export',
    examples: ['import my claude code conversation', 'bring in the transcript from ~/.claude/projects', 'import session.json', 'load a session export that a colleague sent me'],
    args: { file: 'the transcript (.jsonl) or export (.json)', from: 'claude-code or loom' },
  },
  {
    command: 'session rename',
    summary: 'Rename a session',
    examples: ['rename this session to auth-fix', 'call session 3fk2 db-migration', 'change the session name to payments', 'give the current session a better name'],
    args: { session: 'id, id prefix or name', name: 'the new name' },
  },
  {
    command: 'session cleanup',
    summary: 'Archive (or purge) old sessions, saying what first',
    examples: [
      'clean up old sessions', 'archive sessions older than 30 days', 'keep only my 10 latest sessions', 'what would cleanup remove',
      'delete stale sessions for good', 'tidy up the sessions I no longer need',
    ],
    args: { 'older-than': 'e.g. 90d', keep: 'how many recent ones to keep', 'dry-run': 'only say what would happen', purge: 'delete for good instead of archiving' },
  },
  {
    command: 'session checkpoint',
    summary: 'Checkpoint the work tree without touching it',
    examples: [
      'checkpoint my work', 'save a restore point before the refactor', 'snapshot the repo with a message', 'take a checkpoint called pre-bump',
      'make a save point of the working tree', 'record the current state of my files before I experiment', 'checkpoint now', 'freeze the state of the code so I can come back to it',
    ],
    args: { message: 'what this checkpoint is' },
  },
  {
    command: 'session checkpoints',
    summary: 'List the session\'s checkpoints',
    examples: ['list checkpoints', 'what restore points do I have', 'show the snapshots taken in this session', 'which checkpoints exist'],
  },
  {
    command: 'session restore',
    summary: 'Restore the work tree to a checkpoint',
    examples: [
      'undo everything since the last checkpoint', 'restore checkpoint 3', 'preview what restoring would change', 'roll my files back to the snapshot pre-bump',
      'revert the working tree to the previous checkpoint', 'throw away my changes and go back to the save point', 'reset the code to how it was at checkpoint 2',
      'bring back the files from the earlier snapshot',
    ],
    args: { checkpoint: 'the checkpoint id', preview: 'show the diff only', force: 'overwrite uncommitted changes' },
  },
  {
    command: 'session diff',
    summary: 'Diff checkpoints, or a checkpoint and the work tree',
    examples: ['what changed since the checkpoint', 'diff checkpoint 2 and 4', 'compare my files with the last snapshot', 'show the changes between two checkpoints'],
    args: { a: 'a checkpoint', b: 'another checkpoint (the work tree if left out)' },
  },
  {
    command: 'session ask',
    summary: 'Ask Claude within the session\'s context',
    examples: ['ask claude why the test fails, with the session context', 'continue the conversation', 'follow up on your last answer in this session'],
    args: { question: 'what to ask' },
  },
  {
    command: 'session compact',
    summary: 'Summarise older turns to fit the context budget',
    examples: ['compact the session', 'summarise old turns but keep the last 10', 'what would compaction drop', 'the context is too long, shrink the history'],
    args: { keep: 'turns kept verbatim', instructions: 'what the summary must keep', preview: 'only show what would be summarised' },
  },
  {
    command: 'ask',
    summary: 'Ask Claude, in the active session if there is one',
    examples: ['ask claude to suggest a better name for this variable', 'explain this error message to me', 'what did you mean by your last answer', 'help me word this commit message', 'ask: is this approach reasonable'],
    args: { question: 'what to ask' },
  },
];
