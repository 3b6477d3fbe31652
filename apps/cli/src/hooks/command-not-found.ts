import { editDistance, LoomError } from '@loomkit/kernel';
import { USAGE_EXIT } from '@loomkit/kernel/command';
import type { Command, Config, Hook } from '@oclif/core';

/**
 * oclif reads every word before the flags as part of a command id, so `loom doctor foo`
 * and `loom session checkpoint "after edit"` reach here as unknown commands. A known
 * command at the start means a stray argument, said so with that command's usage;
 * otherwise the nearest command is suggested, as the shell does for `/sesion`.
 */
const hook: Hook<'command_not_found'> = async function ({ id, config }) {
  throw commandNotFound(id, config);
};

export default hook;

export function commandNotFound(id: string, config: Pick<Config, 'findCommand' | 'commandIDs' | 'bin'>): LoomError {
  const words = id.split(':');
  for (let length = words.length - 1; length > 0; length--) {
    const command = config.findCommand(words.slice(0, length).join(':'));
    if (!command) continue;
    const name = `${config.bin} ${words.slice(0, length).join(' ')}`;
    return new LoomError('USAGE', `unexpected argument ${JSON.stringify(words[length])} to \`${name}\``, {
      hint: `usage: ${usage(name, command)} — see \`${name} --help\``,
      exitCode: USAGE_EXIT,
    });
  }
  const typed = words.join(' ');
  const nearest = nearestCommand(words, config.commandIDs);
  return new LoomError('COMMAND_NOT_FOUND', `command ${typed} not found`, {
    hint: nearest ? `did you mean \`${config.bin} ${nearest}\`? Run \`${config.bin} --help\` to list the commands` : `run \`${config.bin} --help\` to list the commands`,
    exitCode: USAGE_EXIT,
  });
}

/** Each command is compared with as many typed words as it has: `sesion list` meets `session list`. */
function nearestCommand(words: readonly string[], ids: readonly string[]): string | undefined {
  let best: { command: string; distance: number } | undefined;
  for (const id of ids) {
    const command = id.split(':');
    if (command.length > words.length) continue;
    const phrase = command.join(' ');
    const distance = editDistance(words.slice(0, command.length).join(' '), phrase);
    const better = !best || distance < best.distance || (distance === best.distance && phrase.length > best.command.length);
    if (distance <= 2 && better) best = { command: phrase, distance };
  }
  return best?.command;
}

function usage(name: string, command: Command.Loadable): string {
  const args = Object.values(command.args ?? {}).map((arg) => (arg.required ? `<${arg.name}>` : `[${arg.name}]`));
  const flags = Object.keys(command.flags ?? {}).length > 0 ? ['[flags]'] : [];
  return [name, ...args, ...flags].join(' ');
}
