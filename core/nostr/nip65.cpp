// NIP-65 relay lists.
#include "core/nostr/nip65.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/nostr/relay_url.hpp"

namespace flash::nostr {
namespace {

void merge(std::vector<RelayListEntry>& list, RelayListEntry entry) {
    const auto same = std::find_if(list.begin(), list.end(),
                                   [&entry](const RelayListEntry& e) { return e.url == entry.url; });
    if (same == list.end()) {
        list.push_back(std::move(entry));
    } else {
        same->read = same->read || entry.read;
        same->write = same->write || entry.write;
    }
}

std::vector<std::string> urls_where(const std::vector<RelayListEntry>& list, bool RelayListEntry::*flag) {
    std::vector<std::string> urls;
    for (const RelayListEntry& entry : list)
        if (entry.*flag) urls.push_back(entry.url);
    return urls;
}

}  // namespace

UnsignedEvent make_relay_list(const std::vector<RelayListEntry>& relays, std::int64_t now_s) {
    std::vector<RelayListEntry> merged;
    for (const RelayListEntry& entry : relays) {
        if (!entry.read && !entry.write) throw Error(Errc::bad_argument, "relay list entry neither read nor write");
        merge(merged, {normalize_relay_url(entry.url), entry.read, entry.write});
    }
    UnsignedEvent event;
    event.created_at = now_s;
    event.kind = kind_relay_list;
    for (const RelayListEntry& entry : merged) {
        Tag tag{"r", entry.url};
        if (!entry.read) tag.push_back("write");
        else if (!entry.write) tag.push_back("read");
        event.tags.push_back(std::move(tag));
    }
    return event;
}

std::vector<RelayListEntry> parse_relay_list(const UnsignedEvent& event) {
    if (event.kind != kind_relay_list) throw Error(Errc::bad_event, "not a kind 10002 relay list");
    std::vector<RelayListEntry> list;
    for (const Tag& tag : event.tags) {
        if (tag.size() < 2 || tag[0] != "r") continue;
        RelayListEntry entry;
        if (tag.size() >= 3 && !tag[2].empty()) {
            if (tag[2] == "read") entry.write = false;
            else if (tag[2] == "write") entry.read = false;
            else continue;
        }
        try {
            entry.url = normalize_relay_url(tag[1]);
        } catch (const Error&) {
            continue;
        }
        merge(list, std::move(entry));
    }
    return list;
}

std::vector<std::string> read_relays(const std::vector<RelayListEntry>& list) {
    return urls_where(list, &RelayListEntry::read);
}

std::vector<std::string> write_relays(const std::vector<RelayListEntry>& list) {
    return urls_where(list, &RelayListEntry::write);
}

}  // namespace flash::nostr
