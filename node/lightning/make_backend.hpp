// The Lightning backend the configuration asks for, announced in the log.
#pragma once
#include <memory>
#include <string>

#include "node/lightning/lightning_backend.hpp"
#include "node/server/config.hpp"

namespace flash::node::lightning {

/// "fake": FakeLightningBackend in `data_dir` (its key in <data_dir>/fake-lightning.key), with a
/// warning that no real money moves. "lnd": LndBackend on config.lnd_rest, which starts following
/// LND's invoices in the background (LND need not be up yet).
/// Throws Error(bad_config) for an unusable setting (unreadable macaroon or certificate, bad URL)
/// and LightningError when the fake's database cannot be opened.
std::unique_ptr<LightningBackend> make_backend(const LightningConfig& config, const std::string& data_dir);

}  // namespace flash::node::lightning
