#include "api/server.hpp"

#include <sys/stat.h>

#include <atomic>
#include <fstream>

#include <gtest/gtest.h>

#include "api/client.hpp"
#include "server_harness.hpp"

namespace pickupbox::api::testing {
namespace {

std::string request_line(const json& id, std::string_view method, const json& params = json::object()) {
  return json{{"id", id}, {"method", method}, {"params", params}}.dump() + "\n";
}

// Proves a connection still works after an error: a fresh request gets its answer.
void expect_echo_works(RawSocket& socket, int id) {
  ASSERT_TRUE(socket.send(request_line(id, "echo", {{"still", "open"}})));
  const json response = socket.read_json();
  EXPECT_EQ(response.value("id", json()), id);
  EXPECT_EQ(response.value("ok", false), true);
  EXPECT_EQ(response["result"], (json{{"still", "open"}}));
}

std::uint64_t whoami(Client& client) {
  auto me = client.call("whoami");
  EXPECT_TRUE(me.has_value());
  return me ? (*me)["client_id"].get<std::uint64_t>() : 0;
}

class ServerTest : public ::testing::Test {
 protected:
  ServerHarness harness;
};

TEST_F(ServerTest, EchoRoundTripThroughClient) {
  auto client = Client::connect(harness.socket_path(), 1s);
  ASSERT_TRUE(client.has_value()) << client.error().message;
  const json params{{"locker", "A07"}, {"size", 2}, {"nested", {{"list", {1, 2, 3}}}}};
  auto result = client->call("echo", params);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, params);
}

TEST_F(ServerTest, ResponsesEchoStringAndNumberIdsAndAcceptVersionOne) {
  RawSocket socket(harness.socket_path());
  ASSERT_TRUE(socket.send(R"({"v":1,"id":"req-7","method":"echo","params":{"x":1}})" "\n"));
  json response = socket.read_json();
  EXPECT_EQ(response["id"], "req-7");
  EXPECT_EQ(response["result"], (json{{"x", 1}}));

  ASSERT_TRUE(socket.send(R"({"id":12.5,"method":"echo"})" "\n"));  // params optional
  response = socket.read_json();
  EXPECT_EQ(response["id"], 12.5);
  EXPECT_EQ(response["ok"], true);
  EXPECT_EQ(response["result"], json::object());
}

TEST_F(ServerTest, AsyncReplyFromWorkerThreadIsDelivered) {
  auto client = Client::connect(harness.socket_path(), 1s);
  ASSERT_TRUE(client.has_value());
  auto result = client->call("async", {{"a", 40}, {"b", 2}});
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ((*result)["sum"], 42);
  EXPECT_EQ((*result)["worker"], true);
}

struct BadInput {
  std::string name;
  std::string line;
  std::string code;
  json id;  // what the error response must echo
};

void PrintTo(const BadInput& input, std::ostream* out) { *out << input.name; }

class MalformedInputTest : public ServerTest, public ::testing::WithParamInterface<BadInput> {};

TEST_P(MalformedInputTest, GetsItsCodeAndTheConnectionStaysOpen) {
  const BadInput& input = GetParam();
  RawSocket socket(harness.socket_path());
  ASSERT_TRUE(socket.send(input.line + "\n"));
  const json response = socket.read_json();
  ASSERT_TRUE(response.is_object()) << "no response to " << input.name;
  EXPECT_EQ(response["ok"], false);
  EXPECT_EQ(response["id"], input.id);
  EXPECT_EQ(response["error"]["code"], input.code);
  EXPECT_FALSE(response["error"]["message"].get<std::string>().empty());
  expect_echo_works(socket, 99);
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, MalformedInputTest,
    ::testing::Values(
        BadInput{"not_json", "hello there", "malformed_json", nullptr},
        BadInput{"truncated_json", R"({"id":1,"method":"echo")", "malformed_json", nullptr},
        BadInput{"invalid_utf8", "{\"id\":1,\"method\":\"echo\",\"params\":{\"a\":\"\xff\"}}", "malformed_json", nullptr},
        BadInput{"array", "[1,2,3]", "invalid_request", nullptr},
        BadInput{"string", "\"echo\"", "invalid_request", nullptr},
        BadInput{"missing_id", R"({"method":"echo"})", "invalid_request", nullptr},
        BadInput{"bool_id", R"({"id":true,"method":"echo"})", "invalid_request", nullptr},
        BadInput{"object_id", R"({"id":{},"method":"echo"})", "invalid_request", nullptr},
        BadInput{"missing_method", R"({"id":1})", "invalid_request", 1},
        BadInput{"number_method", R"({"id":2,"method":5})", "invalid_request", 2},
        BadInput{"array_params", R"({"id":3,"method":"echo","params":[1]})", "invalid_request", 3},
        BadInput{"string_params", R"({"id":"s","method":"echo","params":"x"})", "invalid_request", "s"},
        BadInput{"version_two", R"({"v":2,"id":4,"method":"echo"})", "invalid_request", 4},
        BadInput{"version_string", R"({"v":"1","id":5,"method":"echo"})", "invalid_request", 5},
        BadInput{"too_deep", R"({"id":6,"method":"echo","params":{"a":)" + std::string(100, '[') +
                                 std::string(100, ']') + "}}",
                 "invalid_request", nullptr},
        BadInput{"unknown_method", R"({"id":7,"method":"no.such.method"})", "unknown_method", 7},
        BadInput{"empty_method", R"({"id":8,"method":""})", "unknown_method", 8}),
    [](const ::testing::TestParamInfo<BadInput>& param) { return param.param.name; });

TEST_F(ServerTest, UnknownMethodMessageBoundsTheEchoedName) {
  RawSocket socket(harness.socket_path());
  ASSERT_TRUE(socket.send(request_line(1, std::string(5000, 'm'))));
  const json response = socket.read_json();
  EXPECT_EQ(response["error"]["code"], "unknown_method");
  EXPECT_LT(response["error"]["message"].get<std::string>().size(), 200u);
}

TEST_F(ServerTest, BlankLinesAreIgnored) {
  RawSocket socket(harness.socket_path());
  ASSERT_TRUE(socket.send("\n\r\n   \n"));
  expect_echo_works(socket, 1);
}

TEST_F(ServerTest, HandlerErrorCarriesTheDomainWireCode) {
  RawSocket socket(harness.socket_path());
  ASSERT_TRUE(socket.send(request_line(1, "fail")));
  const json response = socket.read_json();
  EXPECT_EQ(response["ok"], false);
  EXPECT_EQ(response["error"]["code"], "kiosk_throttled");
  EXPECT_EQ(response["error"]["message"], "too many wrong codes at this kiosk; wait 30 s");
}

TEST_F(ServerTest, HandlerExceptionAnswersInternalAndServerCarriesOn) {
  RawSocket socket(harness.socket_path());
  ASSERT_TRUE(socket.send(request_line(1, "throw")));
  const json response = socket.read_json();
  EXPECT_EQ(response["id"], 1);
  EXPECT_EQ(response["error"]["code"], "internal");
  EXPECT_EQ(response["error"]["message"].get<std::string>().find("handler bug"), std::string::npos)
      << "exception text stays in the log";
  expect_echo_works(socket, 2);
}

TEST_F(ServerTest, HandlerThatDropsItsReplyAnswersInternalAndFreesTheSlot) {
  RawSocket socket(harness.socket_path());
  std::string batch;
  for (int i = 1; i <= 40; ++i) batch += request_line(i, "drop");  // more than the pending limit
  ASSERT_TRUE(socket.send(batch));
  for (int i = 1; i <= 40; ++i) {
    const json response = socket.read_json();
    ASSERT_EQ(response["id"], i);
    EXPECT_EQ(response["error"]["code"], "internal");
  }
  expect_echo_works(socket, 41);
}

TEST_F(ServerTest, OversizeLineIsRejectedThenClosedAndOthersUnaffected) {
  auto bystander = Client::connect(harness.socket_path(), 1s);
  ASSERT_TRUE(bystander.has_value());
  RawSocket offender(harness.socket_path());
  // No newline at all: the server must give up at the limit, not wait for the end.
  offender.send(std::string(64 * 1024 + 100, 'x'));
  const json response = offender.read_json();
  EXPECT_EQ(response["id"], nullptr);
  EXPECT_EQ(response["ok"], false);
  EXPECT_EQ(response["error"]["code"], "line_too_long");
  EXPECT_TRUE(offender.wait_closed());

  auto result = bystander->call("echo", {{"fine", true}});
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ((*result)["fine"], true);
  RawSocket newcomer(harness.socket_path());
  expect_echo_works(newcomer, 3);
}

// A request line of exactly `size` bytes (terminator not counted), padded in params.pad.
std::string line_of_size(std::size_t size, std::size_t& pad) {
  const std::size_t base = request_line(1, "echo", {{"pad", ""}}).size() - 1;
  pad = size - base;
  std::string line = request_line(1, "echo", {{"pad", std::string(pad, 'p')}});
  line.pop_back();
  return line;
}

TEST_F(ServerTest, LineOfExactlyTheLimitIsAcceptedEvenWithCrlf) {
  RawSocket socket(harness.socket_path());
  std::size_t pad = 0;
  const std::string line = line_of_size(64 * 1024, pad);
  ASSERT_EQ(line.size(), 64u * 1024u);
  ASSERT_TRUE(socket.send(line + "\r\n"));
  const json response = socket.read_json();
  EXPECT_EQ(response["ok"], true);
  EXPECT_EQ(response["result"]["pad"].get<std::string>().size(), pad);
}

TEST_F(ServerTest, LineOneByteOverTheLimitIsTooLong) {
  RawSocket socket(harness.socket_path());
  std::size_t pad = 0;
  socket.send(line_of_size(64 * 1024 + 1, pad) + "\n");  // may be cut short by the close
  EXPECT_EQ(socket.read_json()["error"]["code"], "line_too_long");
  EXPECT_TRUE(socket.wait_closed());
}

TEST_F(ServerTest, LineSplitByteByByteWithCrlf) {
  RawSocket socket(harness.socket_path());
  std::string line = request_line("split", "echo", {{"k", "v"}});
  line.insert(line.size() - 1, "\r");
  for (char byte : line) ASSERT_TRUE(socket.send(std::string(1, byte)));
  const json response = socket.read_json();
  EXPECT_EQ(response["id"], "split");
  EXPECT_EQ(response["result"], (json{{"k", "v"}}));
}

TEST_F(ServerTest, ManyRequestsInOneWriteAreAnsweredInOrder) {
  RawSocket socket(harness.socket_path());
  std::string batch;
  for (int i = 0; i < 200; ++i) batch += request_line(i, "echo", {{"i", i}});
  ASSERT_TRUE(socket.send(batch));
  for (int i = 0; i < 200; ++i) {
    const json response = socket.read_json();
    ASSERT_EQ(response["id"], i);
    ASSERT_EQ(response["result"]["i"], i);
  }
}

TEST_F(ServerTest, FloodIsAnsweredInOrderWhileOtherClientsAreServed) {
  constexpr int flood_size = 5000;
  RawSocket flooder(harness.socket_path());
  std::string batch;
  for (int i = 0; i < flood_size; ++i) batch += request_line(i, "echo", {{"i", i}});
  std::thread sender([&] { EXPECT_TRUE(flooder.send(batch)); });

  auto other = Client::connect(harness.socket_path(), 1s);
  ASSERT_TRUE(other.has_value());
  for (int i = 0; i < 20; ++i) {
    auto result = other->call("echo", {{"other", i}}, 5s);
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ((*result)["other"], i);
  }
  sender.join();
  for (int i = 0; i < flood_size; ++i) {
    const json response = flooder.read_json();
    ASSERT_EQ(response["id"], i);
    ASSERT_EQ(response["ok"], true);
  }
}

TEST_F(ServerTest, RequestsOverThePendingLimitGetTooManyRequests) {
  RawSocket socket(harness.socket_path());
  std::string batch;
  for (int i = 1; i <= 40; ++i) batch += request_line(i, "hold", {{"n", i}});
  ASSERT_TRUE(socket.send(batch));
  // The excess is answered at once, while the first 32 are still held by the handler.
  for (int i = 33; i <= 40; ++i) {
    const json response = socket.read_json();
    ASSERT_EQ(response["id"], i);
    EXPECT_EQ(response["error"]["code"], "too_many_requests");
  }
  ASSERT_TRUE(eventually([&] { return harness.held_count() == 32; }));
  harness.release_held();
  for (int i = 1; i <= 32; ++i) {
    const json response = socket.read_json();
    ASSERT_EQ(response["id"], i);
    EXPECT_EQ(response["result"]["n"], i);
  }
  ASSERT_TRUE(socket.send(request_line(41, "hold", {{"n", 41}})));  // slots are free again
  ASSERT_TRUE(eventually([&] { return harness.held_count() == 1; }));
  harness.release_held();
  EXPECT_EQ(socket.read_json()["result"]["n"], 41);
}

TEST_F(ServerTest, ClientLeavingMidRequestDropsTheLateReply) {
  auto leaver = Client::connect(harness.socket_path(), 1s);
  ASSERT_TRUE(leaver.has_value());
  const auto leaver_id = whoami(*leaver);
  auto timed_out = leaver->call("hold", {{"n", 1}}, 1ms);
  ASSERT_FALSE(timed_out.has_value());
  ASSERT_TRUE(eventually([&] { return harness.held_count() == 1; }));
  { auto gone = std::move(*leaver); }
  ASSERT_TRUE(eventually([&] { return harness.was_disconnected(leaver_id); }));
  harness.release_held();  // the reply has nobody to go to

  RawSocket next(harness.socket_path());
  expect_echo_works(next, 1);
}

TEST_F(ServerTest, ClientLeavingMidLineDisturbsNothing) {
  auto before = Client::connect(harness.socket_path(), 1s);
  ASSERT_TRUE(before.has_value());
  {
    RawSocket partial(harness.socket_path());
    ASSERT_TRUE(partial.send(R"({"id":1,"meth)"));
  }
  ASSERT_TRUE(eventually([&] { return harness.disconnected().size() == 1; }));
  auto result = before->call("echo", {{"a", 1}});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ((*result)["a"], 1);
}

TEST_F(ServerTest, SubscriberGetsBroadcastNonSubscriberDoesNot) {
  auto subscriber = Client::connect(harness.socket_path(), 1s);
  ASSERT_TRUE(subscriber.has_value());
  auto subscribed = subscriber->call("events.subscribe");
  ASSERT_TRUE(subscribed.has_value());
  EXPECT_EQ(*subscribed, (json{{"subscribed", true}}));
  RawSocket bystander(harness.socket_path());
  expect_echo_works(bystander, 1);  // connected and known to the server before the broadcast

  const json event{{"type", "door.opened"}, {"locker", "A03"}};
  harness.on_io([&] { harness.server().broadcast(event); });

  auto received = subscriber->next_event(5s);
  ASSERT_TRUE(received.has_value()) << received.error().message;
  EXPECT_EQ(*received, event);
  // Everything the server sends one connection arrives in order: had the bystander been
  // sent the event, it would come before this answer.
  ASSERT_TRUE(bystander.send(request_line(2, "echo")));
  EXPECT_EQ(bystander.read_json()["id"], 2);
}

TEST_F(ServerTest, OnDisconnectReportsTheClientId) {
  auto first = Client::connect(harness.socket_path(), 1s);
  auto second = Client::connect(harness.socket_path(), 1s);
  ASSERT_TRUE(first.has_value() && second.has_value());
  const auto first_id = whoami(*first);
  const auto second_id = whoami(*second);
  EXPECT_NE(first_id, second_id);
  { auto gone = std::move(*first); }
  ASSERT_TRUE(eventually([&] { return harness.was_disconnected(first_id); }));
  EXPECT_FALSE(harness.was_disconnected(second_id));
  EXPECT_EQ(harness.on_io([&] { return harness.server().client_count(); }), 1u);
}

TEST_F(ServerTest, ContextCarriesPeerCredentials) {
  auto client = Client::connect(harness.socket_path(), 1s);
  ASSERT_TRUE(client.has_value());
  auto me = client->call("whoami");
  ASSERT_TRUE(me.has_value());
  EXPECT_EQ((*me)["uid"], ::getuid());
  EXPECT_EQ((*me)["gid"], ::getgid());
  EXPECT_EQ((*me)["pid"], ::getpid());
}

TEST_F(ServerTest, SocketModeIs0660) {
  struct stat info {};
  ASSERT_EQ(::stat(harness.socket_path().c_str(), &info), 0);
  EXPECT_TRUE(S_ISSOCK(info.st_mode));
  EXPECT_EQ(info.st_mode & 07777, 0660u);
}

TEST_F(ServerTest, SecondServerOnALiveSocketIsRefused) {
  asio::io_context other_io;
  Server second(other_io, ServerOptions{.socket_path = harness.socket_path()});
  auto started = second.start();
  ASSERT_FALSE(started.has_value()) << "a second server started on a live socket";
  EXPECT_EQ(started.error().code, core::ErrorCode::busy);
  EXPECT_NE(started.error().message.find("already listening"), std::string::npos) << started.error().message;
  EXPECT_TRUE(std::filesystem::exists(harness.socket_path()));
  RawSocket socket(harness.socket_path());
  expect_echo_works(socket, 1);
}

TEST_F(ServerTest, StopClosesClientsAndRemovesTheSocketFile) {
  auto client = Client::connect(harness.socket_path(), 1s);
  ASSERT_TRUE(client.has_value());
  const auto id = whoami(*client);
  harness.on_io([&] { harness.server().stop(); });
  EXPECT_TRUE(harness.was_disconnected(id));
  EXPECT_FALSE(std::filesystem::exists(harness.socket_path()));
  auto after = client->call("echo");
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().code, "disconnected");
}

TEST(ServerStartTest, StaleSocketFileIsReplaced) {
  TempDir dir;
  const auto path = dir.path() / "boxd.sock";
  {
    // A socket file whose server died: bound, never listening, closed without unlink.
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    ::close(fd);
  }
  ASSERT_TRUE(std::filesystem::is_socket(path));
  ServerHarness harness(ServerOptions{.socket_path = path});
  RawSocket socket(path);
  expect_echo_works(socket, 1);
}

TEST(ServerStartTest, RegularFileAtTheSocketPathIsLeftAlone) {
  TempDir dir;
  const auto path = dir.path() / "boxd.sock";
  std::ofstream(path) << "precious";
  asio::io_context io;
  Server server(io, ServerOptions{.socket_path = path});
  auto started = server.start();
  ASSERT_FALSE(started.has_value());
  EXPECT_EQ(started.error().code, core::ErrorCode::invalid_argument);
  EXPECT_NE(started.error().message.find("not a socket"), std::string::npos) << started.error().message;
  std::ifstream in(path);
  std::string content;
  in >> content;
  EXPECT_EQ(content, "precious");
}

TEST(ServerStartTest, MissingDirectoryIsAClearStartUpError) {
  asio::io_context io;
  Server server(io, ServerOptions{.socket_path = "/nonexistent-pickupbox-dir/boxd.sock"});
  auto started = server.start();
  ASSERT_FALSE(started.has_value()) << "started without a directory";
  EXPECT_NE(started.error().message.find("/nonexistent-pickupbox-dir/boxd.sock"), std::string::npos)
      << started.error().message;
}

TEST(ServerStartTest, ModeIsConfigurable) {
  using std::filesystem::perms;
  ServerHarness harness(ServerOptions{.mode = perms::owner_read | perms::owner_write});
  struct stat info {};
  ASSERT_EQ(::stat(harness.socket_path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
}

TEST(ServerSlowReaderTest, SubscriberThatNeverReadsIsDroppedOneThatReadsIsNot) {
  ServerHarness harness(ServerOptions{.max_queued_output_bytes = 32 * 1024});
  RawSocket slow(harness.socket_path());
  ASSERT_TRUE(slow.send(request_line(1, "events.subscribe")));
  ASSERT_EQ(slow.read_json()["result"]["subscribed"], true);
  ASSERT_TRUE(slow.send(request_line(2, "whoami")));
  const auto slow_id = slow.read_json()["result"]["client_id"].get<std::uint64_t>();

  auto reader = Client::connect(harness.socket_path(), 1s);
  ASSERT_TRUE(reader.has_value());
  ASSERT_TRUE(reader->call("events.subscribe").has_value());
  const auto reader_id = whoami(*reader);
  std::atomic<int> received = 0;
  std::thread reading([&] {
    for (;;) {
      auto event = reader->next_event(10s);
      if (!event || (*event)["type"] == "end") return;
      ++received;
    }
  });

  // Bursts well under the limit, each read by `reader` before the next: only the client that
  // stops reading falls behind, once the kernel's socket buffer (a few hundred KiB) is full.
  const json event{{"type", "status"}, {"padding", std::string(1000, '.')}};
  int sent = 0;
  for (int burst = 0; burst < 2000 && !harness.was_disconnected(slow_id); ++burst) {
    harness.on_io([&] {
      for (int i = 0; i < 8; ++i) harness.server().broadcast(event);
    });
    sent += 8;
    if (!eventually([&] { return received == sent; })) {
      ADD_FAILURE() << "the reading subscriber stalled";
      break;
    }
  }
  harness.on_io([&] { harness.server().broadcast({{"type", "end"}}); });
  reading.join();

  EXPECT_TRUE(harness.was_disconnected(slow_id));
  EXPECT_FALSE(harness.was_disconnected(reader_id));
  EXPECT_EQ(received.load(), sent);
  EXPECT_GT(sent * 1000, 64 * 1024) << "the kernel buffers more than the queue limit first";
  RawSocket fresh(harness.socket_path());
  expect_echo_works(fresh, 1);
}

}  // namespace
}  // namespace pickupbox::api::testing
