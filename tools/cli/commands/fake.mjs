// fake pay | mine | reorg: the simulated chain of a node in demo mode (404 on a real chain).
import { parseCount, parseSat } from '../format.mjs';

export const fakePay = {
  usage: 'fake pay <address> <sat>',
  summary: 'the fake chain sends coins to an address (into its mempool)',
  positionals: [2, 2],
  async run(ctx, [to, amount]) {
    const answer = await (await ctx.api()).post('/api/v1/fake/chain/pay', { address: to, amount_sat: parseSat(amount, 'the amount') });
    return { data: answer, lines: [`txid ${answer.txid}`] };
  },
};

export const fakeMine = {
  usage: 'fake mine [n]',
  summary: 'the fake chain mines n blocks (default 1)',
  positionals: [0, 1],
  async run(ctx, [blocks]) {
    const body = blocks === undefined ? {} : { blocks: parseCount(blocks, 'the number of blocks') };
    const answer = await (await ctx.api()).post('/api/v1/fake/chain/mine', body);
    return { data: answer, lines: [`height ${answer.height} ${answer.hash}`] };
  },
};

export const fakeReorg = {
  usage: 'fake reorg <depth> [--drop]',
  summary: 'the fake chain removes its last <depth> blocks; their transactions go back to the mempool, or vanish with --drop',
  options: { drop: { type: 'boolean' } },
  positionals: [1, 1],
  async run(ctx, [depth], values) {
    const body = { depth: parseCount(depth, 'the depth'), mode: values.drop ? 'drop' : 'back_to_mempool' };
    const answer = await (await ctx.api()).post('/api/v1/fake/chain/reorg', body);
    return { data: answer, lines: [`height ${answer.height} ${answer.hash}`] };
  },
};
