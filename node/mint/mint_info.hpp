// The mint's NUT-06 info document (GET /v1/info), from its configuration and keyring.
#pragma once
#include <nlohmann/json.hpp>

#include "node/mint/mint.hpp"

namespace flash::node::mint {

nlohmann::ordered_json mint_info(const Mint& mint);

}  // namespace flash::node::mint
