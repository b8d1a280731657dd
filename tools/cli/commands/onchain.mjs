// register, address, deposits, withdrawals: the self-custodial on-chain account the node watches.
import { CliError } from '../errors.mjs';
import { sat, when } from '../format.mjs';

/** The BIP-84 account (m/84'/coin'/0') the node watches and the CLI signs for. */
export const accountNumber = 0;

export const register = {
  usage: 'register',
  summary: "register this wallet's BIP-84 account key (zpub/vpub, watch-only) with the node",
  positionals: [0, 0],
  async run(ctx) {
    const [core, keys, network] = [await ctx.core(), await ctx.keys(), await ctx.network()];
    const account = core.accountKey(keys.seed, 'p2wpkh', network, accountNumber);
    const answer = await (await ctx.api()).post('/api/v1/onchain/account',
      { account_key: account.accountKey, fingerprint: account.fingerprint, path: account.path });
    return { data: answer, lines: [`registered ${answer.account_key}`, `path ${answer.path}, master fingerprint ${answer.fingerprint}`] };
  },
};

export const address = {
  usage: 'address',
  summary: 'a deposit address of the account (checked to be derived from this wallet)',
  positionals: [0, 0],
  async run(ctx) {
    const [core, keys, network] = [await ctx.core(), await ctx.keys(), await ctx.network()];
    const answer = await (await ctx.api()).get('/api/v1/onchain/address');
    // The node only watches; an address we cannot derive would send the coins elsewhere.
    const ours = core.accountAddress(keys.seed, 'p2wpkh', network, accountNumber, false, answer.index);
    if (ours.address !== answer.address)
      throw new CliError(`the node gave ${answer.address} as address ${answer.index}, but this wallet derives ${ours.address} ` +
                         `(${ours.path}); not using it`, { exitCode: 1 });
    return { data: { ...answer, path: ours.path }, lines: [answer.address, `(${ours.path})`] };
  },
};

export const deposits = {
  usage: 'deposits',
  summary: 'coins received on the account, with their confirmations',
  positionals: [0, 0],
  async run(ctx) {
    const answer = await (await ctx.api()).get('/api/v1/onchain/deposits');
    const lines = [`chain tip: ${answer.tip_height}`];
    if (!answer.deposits.length) lines.push('no deposits yet');
    for (const d of answer.deposits)
      lines.push(`${sat(d.amount_sat).padStart(14)}  ${d.state.padEnd(11)} ${String(d.confirmations).padStart(4)} conf  ${d.txid}:${d.vout}  ${d.address}`);
    return { data: answer, lines };
  },
};

export const withdrawals = {
  usage: 'withdrawals',
  summary: 'withdrawals built, broadcast and confirmed',
  positionals: [0, 0],
  async run(ctx) {
    const answer = await (await ctx.api()).get('/api/v1/onchain/withdrawals');
    const lines = answer.withdrawals.length ? [] : ['no withdrawals yet'];
    for (const w of answer.withdrawals)
      lines.push(`${when(w.created_at)}  ${sat(w.amount_sat).padStart(14)}  fee ${sat(w.fee_sat)}  ${w.state.padEnd(9)} ${w.address}  ${w.txid ?? w.id}`);
    return { data: answer, lines };
  },
};
