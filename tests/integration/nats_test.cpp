#include <nats/nats.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "support/nats_server.hpp"
#include "support/net.hpp"

using namespace forge::test;

namespace {

template <typename T, void (*Destroy)(T*)>
struct destroyer {
  void operator()(T* p) const { Destroy(p); }
};
using connection_ptr = std::unique_ptr<natsConnection, destroyer<natsConnection, natsConnection_Destroy>>;
using js_ptr = std::unique_ptr<jsCtx, destroyer<jsCtx, jsCtx_Destroy>>;
using stream_info_ptr = std::unique_ptr<jsStreamInfo, destroyer<jsStreamInfo, jsStreamInfo_Destroy>>;
using pub_ack_ptr = std::unique_ptr<jsPubAck, destroyer<jsPubAck, jsPubAck_Destroy>>;
using subscription_ptr = std::unique_ptr<natsSubscription, destroyer<natsSubscription, natsSubscription_Destroy>>;

}  // namespace

TEST_CASE("nats_server fixture: the INFO line of a real server announces JetStream", "[integration][nats]") {
  nats_server server;
  REQUIRE(server.url() == "nats://127.0.0.1:" + std::to_string(server.port()));

  tcp_client client(server.port());
  const std::string info = client.read_line();
  INFO(info);
  REQUIRE(info.rfind("INFO {", 0) == 0);
  CHECK(info.find("\"jetstream\":true") != std::string::npos);
  CHECK(info.find("\"port\":" + std::to_string(server.port())) != std::string::npos);
}

TEST_CASE("nats_server fixture: a JetStream stream stores and delivers a message", "[integration][nats]") {
  nats_server server;

  natsConnection* raw_connection = nullptr;
  REQUIRE(natsConnection_ConnectTo(&raw_connection, server.url().c_str()) == NATS_OK);
  connection_ptr connection(raw_connection);

  jsCtx* raw_js = nullptr;
  REQUIRE(natsConnection_JetStream(&raw_js, connection.get(), nullptr) == NATS_OK);
  js_ptr js(raw_js);

  const char* subjects[] = {"forge.test.>"};
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = "FORGE_TEST";
  config.Subjects = subjects;
  config.SubjectsLen = 1;
  config.Storage = js_FileStorage;
  jsStreamInfo* raw_info = nullptr;
  jsErrCode js_error = static_cast<jsErrCode>(0);
  REQUIRE(js_AddStream(&raw_info, js.get(), &config, nullptr, &js_error) == NATS_OK);
  stream_info_ptr info(raw_info);

  const std::string payload = "run 42 completed";
  jsPubAck* raw_ack = nullptr;
  REQUIRE(js_Publish(&raw_ack, js.get(), "forge.test.runs", payload.data(), static_cast<int>(payload.size()), nullptr,
                     &js_error) == NATS_OK);
  pub_ack_ptr ack(raw_ack);
  CHECK(std::string(ack->Stream) == "FORGE_TEST");
  CHECK(ack->Sequence == 1);

  natsSubscription* raw_sub = nullptr;
  REQUIRE(js_PullSubscribe(&raw_sub, js.get(), "forge.test.runs", "reader", nullptr, nullptr, &js_error) == NATS_OK);
  subscription_ptr subscription(raw_sub);
  natsMsgList messages{};
  REQUIRE(natsSubscription_Fetch(&messages, subscription.get(), 1, 5000, &js_error) == NATS_OK);
  REQUIRE(messages.Count == 1);
  const std::string received(natsMsg_GetData(messages.Msgs[0]), static_cast<std::size_t>(natsMsg_GetDataLength(messages.Msgs[0])));
  CHECK(natsMsg_Ack(messages.Msgs[0], nullptr) == NATS_OK);
  natsMsgList_Destroy(&messages);
  CHECK(received == payload);
}
