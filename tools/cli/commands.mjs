// Every command of flash-cli, by the words that name it.
import { balance, history, info, liquidity } from './commands/account.mjs';
import { fakeMine, fakePay, fakeReorg } from './commands/fake.mjs';
import { invoice, pay } from './commands/lightning.mjs';
import { address, deposits, register, withdrawals } from './commands/onchain.mjs';
import { init, restore, showWords } from './commands/wallet.mjs';
import { withdraw } from './commands/withdraw.mjs';

/** Each: {usage, summary, options?, positionals: [min, max], run(ctx, args, values)}. */
export const commands = new Map([
  ['init', init], ['restore', restore], ['show-words', showWords],
  ['info', info], ['balance', balance], ['history', history],
  ['invoice', invoice], ['pay', pay], ['liquidity', liquidity],
  ['register', register], ['address', address], ['deposits', deposits],
  ['withdraw', withdraw], ['withdrawals', withdrawals],
  ['fake pay', fakePay], ['fake mine', fakeMine], ['fake reorg', fakeReorg],
]);

/** The command named by the first positionals ("fake mine" takes two words): [name, command, rest]. */
export function findCommand(positionals) {
  for (const words of [2, 1]) {
    const name = positionals.slice(0, words).join(' ');
    if (positionals.length >= words && commands.has(name)) return [name, commands.get(name), positionals.slice(words)];
  }
  return [positionals[0], undefined, positionals.slice(1)];
}
