#include "adapters/capi/c_adapters.hpp"

#include <boost/json.hpp>

#include "adapters/capi/callback.hpp"
#include "adapters/capi/exec_io.hpp"

namespace forge::adapters::capi {

namespace {

class c_secret_provider final : public ports::secret_provider {
  public:
    explicit c_secret_provider(const forge_secret_provider &c)
        : c_(c), name_(c.name), payload_(c.payload, c.free_payload) {}

    result<std::string> resolve(const ports::secret_ref &ref) override {
        boost::json::object obj;
        obj["provider"] = ref.provider;
        for (const auto &[k, v] : ref.fields) obj[k] = v;
        std::string ref_json = boost::json::serialize(obj);
        forge_buf out;
        FORGE_TRY(invoke("secret provider \"" + name_ + "\"",
                         [&] { return c_.resolve(&out, ref_json.c_str(), payload_.get()); }));
        return std::move(out.bytes);
    }

  private:
    forge_secret_provider c_;
    std::string name_;
    c_payload payload_;
};

class c_executor final : public ports::executor {
  public:
    explicit c_executor(const forge_executor &c) : c_(c), name_(c.name), payload_(c.payload, c.free_payload) {}

    result<int> execute(const ports::step_spec &step, ports::exec_sink &sink) override {
        boost::json::object env;
        for (const auto &[k, v] : step.env) env[k] = v;
        boost::json::object obj{{"name", step.name},     {"action", step.action},
                                {"target", step.target}, {"run", step.run},
                                {"timeout_ms", step.timeout.count()},
                                {"workdir", step.workdir}, {"env", std::move(env)}};
        std::string step_json = boost::json::serialize(obj);
        forge_exec_io io{&sink};
        int exit_code = -1;
        FORGE_TRY(invoke("executor \"" + name_ + "\"",
                         [&] { return c_.execute(&exit_code, step_json.c_str(), &io, payload_.get()); }));
        return exit_code;
    }

  private:
    forge_executor c_;
    std::string name_;
    c_payload payload_;
};

class c_object_store final : public ports::object_store {
  public:
    explicit c_object_store(const forge_object_store &c)
        : c_(c), what_("object store \"" + std::string(c.name) + "\""), payload_(c.payload, c.free_payload) {}

    status_result put(std::string_view key, std::string_view data) override {
        std::string k(key);
        return invoke(what_, [&] { return c_.put(k.c_str(), data.data(), data.size(), payload_.get()); });
    }
    result<std::string> get(std::string_view key) override {
        std::string k(key);
        forge_buf out;
        FORGE_TRY(invoke(what_, [&] { return c_.get(&out, k.c_str(), payload_.get()); }));
        return std::move(out.bytes);
    }
    result<std::vector<std::string>> list(std::string_view prefix) override {
        std::string p(prefix);
        forge_buf out;
        FORGE_TRY(invoke(what_, [&] { return c_.list(&out, p.c_str(), payload_.get()); }));
        boost::system::error_code ec;
        auto doc = boost::json::parse(out.bytes, ec);
        if (ec || !doc.is_array()) return make_error(status::invalid, what_ + ": list did not return a JSON array");
        std::vector<std::string> keys;
        for (const auto &v : doc.as_array()) {
            if (!v.is_string()) return make_error(status::invalid, what_ + ": list returned a non-string key");
            keys.emplace_back(v.as_string());
        }
        return keys;
    }
    status_result remove(std::string_view key) override {
        std::string k(key);
        return invoke(what_, [&] { return c_.remove(k.c_str(), payload_.get()); });
    }
    result<std::string> presign_get(std::string_view key, std::chrono::seconds ttl) override {
        if (c_.presign_get == nullptr) return make_error(status::unsupported, what_ + " cannot presign URLs");
        std::string k(key);
        forge_buf out;
        FORGE_TRY(invoke(what_, [&] { return c_.presign_get(&out, k.c_str(), ttl.count(), payload_.get()); }));
        return std::move(out.bytes);
    }

  private:
    forge_object_store c_;
    std::string what_;
    c_payload payload_;
};

class c_message_queue final : public ports::message_queue {
  public:
    explicit c_message_queue(const forge_message_queue &c)
        : c_(c), what_("message queue \"" + std::string(c.name) + "\""), payload_(c.payload, c.free_payload) {}

    status_result publish(std::string_view subject, std::string_view data) override {
        std::string s(subject);
        return invoke(what_, [&] { return c_.publish(s.c_str(), data.data(), data.size(), payload_.get()); });
    }
    result<std::string> request(std::string_view subject, std::string_view data,
                                std::chrono::milliseconds timeout) override {
        std::string s(subject);
        forge_buf reply;
        FORGE_TRY(invoke(what_, [&] {
            return c_.request(&reply, s.c_str(), data.data(), data.size(), timeout.count(), payload_.get());
        }));
        return std::move(reply.bytes);
    }
    result<ports::message> fetch(std::string_view stream, std::string_view consumer,
                                 std::chrono::milliseconds timeout) override {
        std::string st(stream), co(consumer);
        forge_buf subject, data, token;
        FORGE_TRY(invoke(what_, [&] {
            return c_.fetch(&subject, &data, &token, st.c_str(), co.c_str(), timeout.count(), payload_.get());
        }));
        return ports::message{std::move(subject.bytes), std::move(data.bytes), std::move(token.bytes)};
    }
    status_result ack(std::string_view token) override {
        std::string t(token);
        return invoke(what_, [&] { return c_.ack(t.c_str(), payload_.get()); });
    }
    status_result nak(std::string_view token) override {
        std::string t(token);
        return invoke(what_, [&] { return c_.nak(t.c_str(), payload_.get()); });
    }

  private:
    forge_message_queue c_;
    std::string what_;
    c_payload payload_;
};

}  // namespace

std::shared_ptr<ports::secret_provider> make_secret_provider(const forge_secret_provider &c) {
    return std::make_shared<c_secret_provider>(c);
}
std::shared_ptr<ports::executor> make_executor(const forge_executor &c) { return std::make_shared<c_executor>(c); }
std::shared_ptr<ports::object_store> make_object_store(const forge_object_store &c) {
    return std::make_shared<c_object_store>(c);
}
std::shared_ptr<ports::message_queue> make_message_queue(const forge_message_queue &c) {
    return std::make_shared<c_message_queue>(c);
}

}  // namespace forge::adapters::capi
