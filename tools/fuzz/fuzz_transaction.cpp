// Transaction parsing, in both forms: an accepted transaction serialises back to exactly its input
// (the parser accepts only canonical encodings).
#include "core/bitcoin/transaction.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    const ByteView input(data, size);
    for (const bool allow_witness : {true, false}) {
        fuzz::reject_with_typed_error([&] {
            const bitcoin::Transaction tx = bitcoin::parse_transaction(input, allow_witness);
            const Bytes again = bitcoin::serialize_transaction(tx, allow_witness);
            fuzz::require(again == Bytes(input.begin(), input.end()), "transaction round trip");
            fuzz::require(bitcoin::transaction_weight(tx) >= 4 * bitcoin::serialize_transaction(tx, false).size(),
                          "weight at least 4 x legacy size");
        });
    }
    return 0;
}
