// A registry of adapters for one port, keyed by name. A duplicate name is an error, never a
// silent replacement: two adapters answering one name would make configuration ambiguous.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace forge::ports {

template <class Port>
class registry {
  public:
    explicit registry(std::string port_name) : port_name_(std::move(port_name)) {}

    status_result add(const std::string &name, std::shared_ptr<Port> adapter) {
        if (name.empty()) return make_error(status::invalid, port_name_ + " adapter name must not be empty");
        std::lock_guard lock(mu_);
        if (!adapters_.emplace(name, std::move(adapter)).second)
            return make_error(status::conflict, port_name_ + " adapter \"" + name + "\" is already registered");
        return {};
    }

    // Builds the adapter only when the name is free, so that a refused registration never
    // constructs (and later destroys) an adapter whose resources the caller still owns.
    template <class Factory>
    status_result add_new(const std::string &name, Factory &&make) {
        if (name.empty()) return make_error(status::invalid, port_name_ + " adapter name must not be empty");
        std::lock_guard lock(mu_);
        if (adapters_.count(name) != 0)
            return make_error(status::conflict, port_name_ + " adapter \"" + name + "\" is already registered");
        adapters_.emplace(name, make());
        return {};
    }

    result<std::shared_ptr<Port>> get(const std::string &name) const {
        std::lock_guard lock(mu_);
        auto it = adapters_.find(name);
        if (it != adapters_.end()) return it->second;
        std::string known;
        for (const auto &[n, _] : adapters_) known += (known.empty() ? "" : ", ") + n;
        return make_error(status::not_found, "no " + port_name_ + " adapter named \"" + name +
                                                 "\" (registered: " + (known.empty() ? "none" : known) + ")");
    }

    std::vector<std::string> names() const {
        std::lock_guard lock(mu_);
        std::vector<std::string> out;
        for (const auto &[n, _] : adapters_) out.push_back(n);
        return out;
    }

    const std::string &port_name() const { return port_name_; }

  private:
    std::string port_name_;
    mutable std::mutex mu_;
    std::map<std::string, std::shared_ptr<Port>> adapters_;
};

}  // namespace forge::ports
