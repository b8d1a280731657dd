#include "core/cashu/nut10_verify.hpp"

#include "core/cashu/nut10.hpp"
#include "core/cashu/nut11.hpp"

namespace flash::cashu {

bool verify_spending_conditions(std::span<const Proof> inputs, std::span<const BlindedMessage> outputs,
                                std::string_view melt_quote, std::uint64_t now_s) {
    bool sig_all = false;
    for (const Proof& input : inputs) {
        if (!is_well_known_secret(input.secret)) continue;
        const WellKnownSecret secret = parse_well_known_secret(input.secret);
        if (secret.kind != "P2PK") return false;
        if (p2pk_conditions(secret).sigflag == SigFlag::sig_all) sig_all = true;
    }
    if (sig_all) return verify_sig_all(inputs, outputs, melt_quote, now_s);
    for (const Proof& input : inputs) {
        if (is_well_known_secret(input.secret) && !verify_p2pk(input, now_s)) return false;
    }
    return true;
}

}  // namespace flash::cashu
