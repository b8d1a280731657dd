// BIP-143 "Native P2WPKH" example (bitcoin/bips bip-0143.mediawiki, section "Example"), embedded
// because the spec gives it only as a figure; shared by the transaction and sighash tests.
#pragma once

namespace flash::test::bip143 {

inline constexpr const char* unsigned_tx =
    "0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffffef51e1b804cc89d1"
    "82d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99"
    "f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac11000000";
// Input 0 spends a P2PK output of 6.25 BTC, input 1 the P2WPKH output below (6 BTC).
inline constexpr const char* input0_script = "2103c9f4836b9a4f77fc0d81f7bcb01b7f1b35916864b9476c241ce9fc198bd25432ac";
inline constexpr unsigned long long input0_amount = 625000000;
inline constexpr const char* input1_script = "00141d0f172a0ecb48aee1be1f2687d2963ae33f71a1";
inline constexpr unsigned long long input1_amount = 600000000;
inline constexpr const char* input1_private_key = "619c335025c7f4012e556c2a58b2506e30b8511b53ade95ea316fd8c3286feb9";
inline constexpr const char* input1_public_key = "025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357";
inline constexpr const char* sighash_preimage =
    "0100000096b827c8483d4e9b96712b6713a7b68d6e8003a781feba36c31143470b4efd3752b0a642eea2fb7ae638c36f6252b6750293"
    "dbe574a806984b8e4d8548339a3bef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a010000001976a914"
    "1d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac0046c32300000000ffffffff863ef3e1a92afbfdb97f31ad0fc7683ee943e9ab"
    "cf2501590ff8f6551f47e5e51100000001000000";
inline constexpr const char* sighash = "c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670";
inline constexpr const char* signature =
    "304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f33"
    "58f51928d43c212a8caed02de67eebee";
inline constexpr const char* signed_tx =
    "01000000000102fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f00000000494830450221008b9d1dc2"
    "6ba6a9cb62127b02742fa9d754cd3bebf337f7a55d114c8e5cdd30be022040529b194ba3f9281a99f2b1c0a19c0489bc22ede944ccf4"
    "ecbab4cc618ef3ed01eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff"
    "02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4d"
    "be6a21b2d50ce2f0167faa815988ac000247304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a"
    "0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee0121025476c2e83188368da1ff3e292e7acafcdb"
    "3566bb0ad253f62fc70f07aeee635711000000";

}  // namespace flash::test::bip143
