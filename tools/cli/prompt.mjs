// Asking the user: passphrases (FLASH_CLI_PASSPHRASE, else typed without echo on a terminal,
// else one line of standard input), recovery words and confirmations.
import { createInterface } from 'node:readline';
import { CliError } from './errors.mjs';

export class Prompter {
  constructor({ stdin, stderr, env }) {
    this.stdin = stdin;
    this.stderr = stderr;
    this.env = env;
    this.lines = null;  // iterator over piped standard input, made on first use
  }

  get interactive() { return Boolean(this.stdin.isTTY); }

  /** The wallet passphrase; `confirm` asks twice on a terminal (for a new wallet). */
  async passphrase({ confirm = false } = {}) {
    const fromEnv = this.env.FLASH_CLI_PASSPHRASE;
    if (fromEnv !== undefined) return fromEnv;
    if (!this.interactive) return this.nextLine('the passphrase (or set FLASH_CLI_PASSPHRASE)');
    const first = await this.hidden('Passphrase: ');
    if (confirm && first !== await this.hidden('Repeat the passphrase: ')) throw new CliError('the passphrases differ');
    return first;
  }

  /** One visible line: typed on a terminal after `question`, else the next line of standard input. */
  async line(question, what) {
    if (!this.interactive) return this.nextLine(what);
    const rl = createInterface({ input: this.stdin, output: this.stderr, terminal: true });
    try {
      return await new Promise((resolve) => rl.question(question, resolve));
    } finally {
      rl.close();
    }
  }

  /** On a terminal asks y/N; without one there is nobody to ask and the answer is yes. */
  async confirm(question) {
    if (!this.interactive) return true;
    return /^y(es)?$/i.test((await this.line(`${question} [y/N] `)).trim());
  }

  async nextLine(what) {
    this.lines ??= createInterface({ input: this.stdin, terminal: false })[Symbol.asyncIterator]();
    const { value, done } = await this.lines.next();
    if (done) throw new CliError(`expected ${what} on standard input`);
    return value;
  }

  /** Reads a line on a raw-mode terminal without echoing it. */
  hidden(question) {
    const { stdin, stderr } = this;
    return new Promise((resolve, reject) => {
      let text = '';
      const finish = () => {
        stdin.off('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
        stderr.write('\n');
      };
      const onData = (chunk) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') { finish(); resolve(text); return; }
          if (ch === '\u0003' || ch === '\u0004') { finish(); reject(new CliError('cancelled', { exitCode: 130 })); return; }
          if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('');
          else if (ch === '\u0015') text = '';  // Ctrl-U clears the line
          else text += ch;
        }
      };
      stderr.write(question);
      stdin.setEncoding('utf8');
      stdin.setRawMode(true);
      stdin.resume();
      stdin.on('data', onData);
    });
  }
}
