// The first screen of Flash: create or open a wallet from a BIP-39 phrase and show its first
// receive addresses and NOSTR key, all computed by the wasm core in this browser.
import createFlashCore from './flash-core.mjs';

const $ = (id) => document.getElementById(id);
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

const messages = {
  bad_mnemonic: 'That is not a recovery phrase: check the number of words and their spelling.',
  bad_checksum: 'One of the words is wrong: the phrase does not check out.',
  bad_utf8: 'The phrase contains characters that cannot be read.',
};

function showWallet(core, mnemonic) {
  const seed = core.mnemonicToSeed(mnemonic, '');
  $('p2wpkh').textContent = core.accountAddress(seed, 'p2wpkh', 'mainnet', 0, false, 0).address;
  $('p2tr').textContent = core.accountAddress(seed, 'p2tr', 'mainnet', 0, false, 0).address;
  $('nostr').textContent = hex(core.nip06Key(mnemonic, '', 0).publicKey);
  $('wallet').hidden = false;
}

function open(core) {
  const mnemonic = $('mnemonic').value.trim().toLowerCase().split(/\s+/).join(' ');
  $('error').textContent = '';
  try {
    core.checkMnemonic(mnemonic);
    showWallet(core, mnemonic);
  } catch (e) {
    $('wallet').hidden = true;
    $('error').textContent = messages[e.code] ?? `Something went wrong: ${e.message}`;
  }
}

const core = await createFlashCore();
$('status').textContent = 'Keys never leave this device.';
$('create').disabled = $('open').disabled = false;
$('create').addEventListener('click', () => {
  $('mnemonic').value = core.generateMnemonic(12);
  open(core);
});
$('open').addEventListener('click', () => open(core));
