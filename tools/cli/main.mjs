// flash-cli's entry point as a function: run(argv, io) -> exit code, so tests can drive it
// in-process. Output is human-readable lines, or one JSON document with --json; errors are one
// line on stderr.
import { parseArgs } from 'node:util';
import { commands, findCommand } from './commands.mjs';
import { Context } from './context.mjs';
import { CliError, describeError } from './errors.mjs';
import { commandUsage, usage } from './help.mjs';

const globalOptions = {
  wallet: { type: 'string' },
  node: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};
const everyOption = Object.assign({}, globalOptions, ...[...commands.values()].map((c) => c.options ?? {}));

/** Runs one command. `io`: {stdin, stdout, stderr, env}, the process's by default. */
export async function run(argv, io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }) {
  try {
    // A first, lenient pass finds the command; the second knows its options and is strict.
    const { positionals, values: loose } = parseArgs({ args: argv, options: everyOption, allowPositionals: true, strict: false });
    const [name, command] = findCommand(positionals);
    if (!command) {
      if (loose.help || name === 'help') {
        io.stdout.write(usage());
        return 0;
      }
      if (name === undefined) {
        io.stderr.write(usage());
        return 2;
      }
      throw new CliError(name === 'fake' ? 'fake needs pay <address> <sat>, mine [n] or reorg <depth> [--drop]'
                                         : `unknown command "${name}" (flash-cli --help lists them)`);
    }
    const { positionals: words, values } = parseStrict(argv, command);
    if (values.help) {
      io.stdout.write(commandUsage(command));
      return 0;
    }
    const args = words.slice(name.split(' ').length);
    const [min, max] = command.positionals;
    if (args.length < min || args.length > max) throw new CliError(`usage: flash-cli ${command.usage}`);

    const ctx = new Context(values, io);
    const result = await command.run(ctx, args, values);
    io.stdout.write(values.json ? JSON.stringify(result.data, null, 2) + '\n' : result.lines.join('\n') + '\n');
    return 0;
  } catch (error) {
    io.stderr.write(describeError(error) + '\n');
    return error.exitCode ?? 1;
  }
}

function parseStrict(argv, command) {
  try {
    return parseArgs({ args: argv, options: { ...globalOptions, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util reports unknown options and missing values with an ERR_PARSE_ARGS_* code.
    if (String(error.code).startsWith('ERR_PARSE_ARGS')) throw new CliError(`${error.message.split(/\.\s/)[0]} (usage: flash-cli ${command.usage})`);
    throw error;
  }
}
