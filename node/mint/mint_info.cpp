#include "node/mint/mint_info.hpp"

#include <chrono>

#include "core/cashu/nut06.hpp"

namespace flash::node::mint {

nlohmann::ordered_json mint_info(const Mint& mint) {
    const MintConfig& config = mint.config();
    const std::string& unit = mint.keyring().active().record.unit;
    cashu::MintInfo info;
    info.name = config.name;
    info.version = "flash-node/0.1.0";
    info.description = config.description;
    info.motd = config.motd;
    info.time = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    cashu::MintMethodSetting bolt11{"bolt11", unit, 1, config.max_amount, true, false};
    info.minting.methods.push_back(bolt11);
    bolt11.description = false;
    info.melting.methods.push_back(bolt11);
    info.supported = {7, 8, 9, 10, 11, 12, 20};
    info.websocket.push_back({"bolt11", unit, {"bolt11_mint_quote", "bolt11_melt_quote", "proof_state"}});
    return cashu::to_json(info);
}

}  // namespace flash::node::mint
