// Port: durable work queues with request-reply (NATS JetStream in the distributed mode).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace forge::ports {

struct message {
    std::string subject;
    std::string data;
    std::string ack_token;
};

class message_queue {
  public:
    virtual ~message_queue() = default;
    virtual status_result publish(std::string_view subject, std::string_view data) = 0;
    virtual result<std::string> request(std::string_view subject, std::string_view data,
                                        std::chrono::milliseconds timeout) = 0;
    // The next message of a durable consumer; timeout when none arrived in time.
    virtual result<message> fetch(std::string_view stream, std::string_view consumer,
                                  std::chrono::milliseconds timeout) = 0;
    virtual status_result ack(std::string_view ack_token) = 0;
    virtual status_result nak(std::string_view ack_token) = 0;
};

}  // namespace forge::ports
