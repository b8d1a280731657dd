// /api/v1/fake/cards/...: a simulated Flash Card tap for the demo, so that a person without an NFC
// card (or a phone that reads one) can pay at the point of sale with tools/run. NIP-98
// authenticated, the card's holder only, and only while the node runs the fake Lightning backend
// (which moves no money); on a node with real Lightning the route answers 404 not_found, as the
// fake chain's controls do on a real chain.
//   POST /api/v1/fake/cards/{id}/tap -> {card_id, counter, url: "lnurlw://<host>/api/v1/cards/tap?p=..&c=..",
//                                        simulated: true}
// The node makes p and c with the card's own keys and the counter one above the last one paid
// with (CardRegistry::simulate_tap()): the link is the card's next tap, read at a point of sale
// like an NFC read (the PWA's card link field), through the same LUD-03 routes (card_lnurl_routes.hpp).
// Answered on the server's I/O thread, like the holder's card routes.
#pragma once
#include <string>
#include <string_view>

#include "node/lightning/lightning_backend.hpp"
#include "node/merchant/cards/card_registry.hpp"
#include "node/server/http.hpp"

namespace flash::node::api {

class DemoCardRoutes {
public:
    /// `registry` and `lightning` (the node's backend, fake or not) must outlive the routes.
    /// `scheme` and `public_origin` make the link's host (request_origin.hpp).
    DemoCardRoutes(merchant::cards::CardRegistry& registry, const lightning::LightningBackend& lightning,
                   std::string scheme, std::string public_origin);

    /// Whether `path` is under /api/v1/fake/cards/.
    static bool serves(std::string_view path);

    /// The answer to `request` by `user` (authenticated by the caller), errors included: 404
    /// not_found (real Lightning, no such route, or no such card of the user's), 405, 409
    /// card_wiped, 400 when the card's counter is at its end.
    Response handle(const Request& request, std::string_view path, const std::string& user);

private:
    Response tap(const Request& request, std::string_view path, const std::string& user);

    merchant::cards::CardRegistry& registry_;
    bool demo_;  ///< the Lightning backend is the fake one
    std::string scheme_;
    std::string public_origin_;
};

}  // namespace flash::node::api
