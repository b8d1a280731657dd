#include "core/cashu/nut08.hpp"

#include <algorithm>
#include <bit>

namespace flash::cashu {

std::size_t blank_output_count(Amount fee_reserve) noexcept {
    if (fee_reserve == 0) return 0;
    // ceil(log2(x)) is the bit width of x - 1 (0 for x = 1).
    return std::max<std::size_t>(static_cast<std::size_t>(std::bit_width(fee_reserve - 1)), 1);  // at most 64
}

std::vector<Amount> change_amounts(Amount overpaid, std::size_t blank_outputs) {
    std::vector<Amount> out;
    for (int bit = 63; bit >= 0 && out.size() < blank_outputs; --bit) {
        const Amount power = Amount{1} << bit;
        if ((overpaid & power) != 0) out.push_back(power);
    }
    return out;
}

}  // namespace flash::cashu
