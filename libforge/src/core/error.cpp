#include "core/error.hpp"

namespace forge {

const char *status_name(status s) noexcept {
    switch (s) {
        case status::ok: return "FORGE_OK";
        case status::internal: return "FORGE_ERROR";
        case status::invalid: return "FORGE_EINVAL";
        case status::not_found: return "FORGE_ENOTFOUND";
        case status::io: return "FORGE_EIO";
        case status::conflict: return "FORGE_ECONFLICT";
        case status::auth: return "FORGE_EAUTH";
        case status::permission: return "FORGE_EPERM";
        case status::timeout: return "FORGE_ETIMEOUT";
        case status::cancelled: return "FORGE_ECANCELLED";
        case status::unsupported: return "FORGE_EUNSUPPORTED";
        case status::no_memory: return "FORGE_ENOMEM";
        case status::limit: return "FORGE_ELIMIT";
        case status::integrity: return "FORGE_EINTEGRITY";
    }
    return "FORGE_UNKNOWN";
}

}  // namespace forge
