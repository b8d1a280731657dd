// flash-cli --help.
import { commands } from './commands.mjs';

export function usage() {
  return `flash-cli: the command-line wallet of Flash

usage: flash-cli [--wallet FILE] [--node URL] [--json] <command> [arguments]

  --wallet FILE  the wallet file (default ~/.flash/wallet.json)
  --node URL     the flash-node to talk to (default http://127.0.0.1:8080)
  --json         machine-readable output: one JSON document on standard output
  --help         this text; "flash-cli <command> --help" for one command

commands:
${[...commands.values()].map((c) => `  ${c.usage}\n      ${c.summary}`).join('\n')}

The wallet file holds the BIP-39 words sealed under a passphrase (scrypt, then XChaCha20-Poly1305,
both from the wasm core). The passphrase comes from FLASH_CLI_PASSPHRASE, else it is asked for
(without echo on a terminal, else read as one line of standard input). The NOSTR key of the words
(NIP-06, m/44'/1237'/0'/0/0) is the identity at the node: every request is signed with it (NIP-98).
On-chain, the node only watches the BIP-84 account key that "register" sends (m/84'/0'/0' on
mainnet, m/84'/1'/0' on test networks); withdrawals are signed here.

Errors are one line on standard error; the exit code is 1 when the node refused or failed,
2 for a usage mistake (bad arguments, no wallet, wrong passphrase).

example (a node started by tools/run, demo mode):
  export FLASH_CLI_PASSPHRASE='correct horse battery staple'
  flash-cli init
  flash-cli invoice 1000 "first sats" --wait     # the fake Lightning backend pays it in about a second
  flash-cli register && flash-cli address
  flash-cli fake pay <address> 50000 && flash-cli fake mine
  flash-cli balance
  flash-cli withdraw <another address> 20000 --fee-rate 2
`;
}

export function commandUsage(command) {
  return `usage: flash-cli [--wallet FILE] [--node URL] [--json] ${command.usage}\n\n${command.summary}\n`;
}
