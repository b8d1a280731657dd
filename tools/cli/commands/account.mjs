// info, balance, history, liquidity: reading the node and the user's account on it.
import { CliError } from '../errors.mjs';
import { msatAsSat, sat, when } from '../format.mjs';
import { npub } from '../wallet-keys.mjs';

export const info = {
  usage: 'info',
  summary: "the node's network and backends, and this wallet's identity (no passphrase needed)",
  positionals: [0, 0],
  async run(ctx) {
    const node = await ctx.info();
    const data = { node: ctx.nodeUrl, ...node };
    const lines = [`node: ${ctx.nodeUrl}`, `network: ${node.network}`, `lightning: ${node.lightning}`, `chain: ${node.chain}`,
                   `confirmations: ${node.confirmations}`];
    if (node.fake) lines.push('demo mode: payments are simulated');
    try {
      const record = await ctx.wallet();
      const core = await ctx.core();
      data.wallet = ctx.walletFile;
      data.nostr_pubkey = record.nostr_pubkey;
      lines.push(`wallet: ${ctx.walletFile}`, `identity: ${npub(core, record.nostr_pubkey)} (${record.nostr_pubkey})`);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      lines.push(`wallet: ${error.message}`);
    }
    return { data, lines };
  },
};

export const balance = {
  usage: 'balance',
  summary: 'Lightning balance at the node and the on-chain account',
  positionals: [0, 0],
  async run(ctx) {
    const b = await (await ctx.api()).get('/api/v1/balance');
    return {
      data: b,
      lines: [`lightning: ${msatAsSat(b.lightning_msat)}` + (b.lightning_pending_msat ? ` (${msatAsSat(b.lightning_pending_msat)} pending)` : ''),
              `on-chain:  ${sat(b.onchain_confirmed_sat)} confirmed` + (b.onchain_unconfirmed_sat ? `, ${sat(b.onchain_unconfirmed_sat)} unconfirmed` : '')],
    };
  },
};

export const history = {
  usage: 'history',
  summary: 'payments and transfers, newest first',
  positionals: [0, 0],
  async run(ctx) {
    const { items } = await (await ctx.api()).get('/api/v1/history');
    const lines = items.length ? items.map((i) => [when(i.at), i.kind.padEnd(17), sat(i.amount_sat).padStart(14),
                                                   i.fee_sat ? `fee ${sat(i.fee_sat)}` : '', i.state, i.ref,
                                                   i.description ? JSON.stringify(i.description) : ''].filter(Boolean).join('  '))
                               : ['no history yet'];
    return { data: { items }, lines };
  },
};

export const liquidity = {
  usage: 'liquidity',
  summary: "the node's Lightning channels, their balance ratios, alerts and rebalance plans",
  positionals: [0, 0],
  async run(ctx) {
    const report = await (await ctx.api()).get('/api/v1/liquidity');
    const lines = [`backend: ${report.backend ?? '-'} (${report.state ?? '-'})`];
    const t = report.totals;
    if (t) lines.push(`channels: ${t.active_channels}/${t.channels} active, local ${sat(t.local_sat)}, remote ${sat(t.remote_sat)}, outbound ${percent(t.outbound_ratio)}`);
    for (const c of report.channels ?? [])
      lines.push(`  ${c.id} ${c.peer}: local ${sat(c.local_sat)} / capacity ${sat(c.capacity_sat)} (outbound ${percent(c.outbound_ratio)}) ${c.status}${c.active || c.status === 'inactive' ? '' : ', inactive'}`);
    for (const a of report.alerts ?? []) lines.push(`alert (${a.severity}): ${a.message}`);
    for (const r of report.rebalances ?? [])
      lines.push(`rebalance: ${sat(r.amount_sat)} from ${r.out_channel} to ${r.in_channel} (max fee ${msatAsSat(r.max_fee_msat)})`);
    return { data: report, lines };
  },
};

const percent = (ratio) => (Number.isFinite(ratio) ? `${Math.round(ratio * 100)}%` : '-');
