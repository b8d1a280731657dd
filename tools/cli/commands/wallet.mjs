// init, restore, show-words: the wallet file and its recovery words.
import { existsSync } from 'node:fs';
import { CliError } from '../errors.mjs';
import { parseCount } from '../format.mjs';
import { createWallet, defaultLogN, sealWallet } from '../wallet-file.mjs';
import { canonicalWords, npub, walletKeys } from '../wallet-keys.mjs';

const kdfOption = { 'kdf-log-n': { type: 'string' } };
const now = () => Math.floor(Date.now() / 1000);

/** Said before any passphrase is asked for; createWallet() still refuses to replace a file. */
function refuseExisting(ctx) {
  if (existsSync(ctx.walletFile)) throw new CliError(`${ctx.walletFile} exists already; choose another with --wallet FILE`);
}

async function saveNewWallet(ctx, mnemonic, values) {
  const core = await ctx.core();
  const logN = values['kdf-log-n'] === undefined ? defaultLogN : parseCount(values['kdf-log-n'], '--kdf-log-n');
  const keys = walletKeys(core, mnemonic);
  const passphrase = await ctx.prompter.passphrase({ confirm: true });
  await createWallet(ctx.walletFile, sealWallet(core, { mnemonic, passphrase, nostrPubkey: keys.nostrPubkey, logN, now: now() }));
  return { core, keys };
}

export const init = {
  usage: 'init [--words 12|24] [--kdf-log-n N]',
  summary: 'create a wallet: new BIP-39 words, sealed under a passphrase (scrypt N=2^16 by default)',
  options: { words: { type: 'string' }, ...kdfOption },
  positionals: [0, 0],
  async run(ctx, _args, values) {
    const words = Number(values.words ?? 12);
    if (words !== 12 && words !== 24) throw new CliError('--words must be 12 or 24');
    refuseExisting(ctx);
    const core = await ctx.core();
    const mnemonic = core.generateMnemonic(words);
    const { keys } = await saveNewWallet(ctx, mnemonic, values);
    return {
      data: { wallet: ctx.walletFile, words: mnemonic.split(' '), nostr_pubkey: keys.nostrPubkey, npub: npub(core, keys.nostrPubkey) },
      lines: [`wallet created: ${ctx.walletFile}`,
              'write these words down, in order; they restore the wallet (and anyone who has them owns its funds):',
              ...numbered(mnemonic),
              `identity: ${npub(core, keys.nostrPubkey)}`],
    };
  },
};

export const restore = {
  usage: 'restore [WORD...] [--kdf-log-n N]',
  summary: 'create a wallet file from existing words (read from standard input when not given)',
  options: kdfOption,
  positionals: [0, 24],
  async run(ctx, args, values) {
    refuseExisting(ctx);
    const core = await ctx.core();
    const typed = args.length ? args.join(' ') : await ctx.prompter.line('Recovery words: ', 'the recovery words');
    const mnemonic = canonicalWords(typed);
    try {
      core.checkMnemonic(mnemonic);
    } catch (error) {
      throw new CliError(`these words are not a valid BIP-39 phrase: ${error.message}`);
    }
    const { keys } = await saveNewWallet(ctx, mnemonic, values);
    return {
      data: { wallet: ctx.walletFile, nostr_pubkey: keys.nostrPubkey, npub: npub(core, keys.nostrPubkey) },
      lines: [`wallet restored: ${ctx.walletFile}`, `identity: ${npub(core, keys.nostrPubkey)}`],
    };
  },
};

export const showWords = {
  usage: 'show-words',
  summary: 'print the recovery words (asks for the passphrase)',
  positionals: [0, 0],
  async run(ctx) {
    const { mnemonic } = await ctx.keys();
    return { data: { words: mnemonic.split(' ') }, lines: numbered(mnemonic) };
  },
};

function numbered(mnemonic) {
  return mnemonic.split(' ').map((word, i) => `${String(i + 1).padStart(2)}. ${word}`);
}
