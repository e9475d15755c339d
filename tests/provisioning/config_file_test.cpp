// The INI editor behind `boxctl provision init`: it changes exactly the lines it must and
// keeps everything IT wrote, and it names the file and line of a line it cannot read.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "provisioning/config_file.hpp"
#include "provisioning/provision_commands.hpp"
#include "temp_dir.hpp"

namespace pickupbox::provisioning {
namespace {

using testing::TempDir;

ConfigFile parsed(std::string_view text) {
  auto file = ConfigFile::parse(text, "test.conf");
  EXPECT_TRUE(file) << file.error().message;
  return file ? *file : ConfigFile{};
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ConfigFile, ReplacesValuesInPlaceKeepingCommentsAndEveryOtherLine) {
  auto file = parsed(
      "# Pickup Box, town hall east\n"
      "[box]\n"
      "device_id = box-dev-001        # becomes the topic level\n"
      "log_level = info\n"
      "\n"
      "[doors]\n"
      "A01 = 0 1 S\n"
      "[backoffice]\n"
      "  broker = old.example.dk:8883\n"
      "keepalive_s = 30  # seconds\n");
  file.set("box", "device_id", "box-east-7");
  file.set("backoffice", "broker", "mqtt.example.dk:8883");
  EXPECT_EQ(file.text(),
            "# Pickup Box, town hall east\n"
            "[box]\n"
            "device_id = box-east-7        # becomes the topic level\n"
            "log_level = info\n"
            "\n"
            "[doors]\n"
            "A01 = 0 1 S\n"
            "[backoffice]\n"
            "  broker = mqtt.example.dk:8883\n"
            "keepalive_s = 30  # seconds\n");
  EXPECT_EQ(file.get("box", "device_id"), "box-east-7");
  EXPECT_EQ(file.get("backoffice", "keepalive_s"), "30");
}

TEST(ConfigFile, AppendsAKeyAfterTheSectionsLastSetting) {
  auto file = parsed("[box]\nlog_level = info\n\n# the doors\n[doors]\nA01 = 0 1 S\n");
  file.set("box", "device_id", "box-1");
  EXPECT_EQ(file.text(), "[box]\nlog_level = info\ndevice_id = box-1\n\n# the doors\n[doors]\nA01 = 0 1 S\n");
}

TEST(ConfigFile, AppendsAMissingSectionAtTheEnd) {
  auto file = parsed("[box]\ndevice_id = box-1\n");
  file.set("backoffice", "broker", "h:1");
  file.set("backoffice", "tls", "true");
  EXPECT_EQ(file.text(), "[box]\ndevice_id = box-1\n\n[backoffice]\nbroker = h:1\ntls = true\n");
}

TEST(ConfigFile, KeysBeforeTheFirstHeaderAreInBoxAsBoxdReadsThem) {
  auto file = parsed("device_id = old\n[bus]\nbackend = sim\n");
  file.set("box", "device_id", "new");
  EXPECT_EQ(file.text(), "device_id = new\n[bus]\nbackend = sim\n");
}

TEST(ConfigFile, EveryRepeatOfAKeyGetsTheNewValue) {
  // boxd takes the last one; leaving an old first one would mislead whoever reads the file.
  auto file = parsed("[box]\ndevice_id = a\n[box]\ndevice_id = b\n");
  file.set("box", "device_id", "c");
  EXPECT_EQ(file.text(), "[box]\ndevice_id = c\n[box]\ndevice_id = c\n");
}

TEST(ConfigFile, CorruptLinesAreReportedWithFileAndLine) {
  struct Case {
    const char* text;
    const char* where;
    const char* what;
  };
  for (const auto& c : {Case{"[box\ndevice_id = a\n", "line 1", "section header"},
                        Case{"[box]\ndevice_id = a\nthis is not a setting\n", "line 3", "expected 'key = value'"},
                        Case{"[box]\n\n = value\n", "line 3", "key before '=' is missing"},
                        Case{"[]\n", "line 1", "section header"}}) {
    auto file = ConfigFile::parse(c.text, "/etc/pickupbox/boxd.conf");
    ASSERT_FALSE(file) << c.text;
    EXPECT_EQ(file.error().code, core::ErrorCode::invalid_argument);
    EXPECT_NE(file.error().message.find("config /etc/pickupbox/boxd.conf " + std::string(c.where) + ":"),
              std::string::npos)
        << file.error().message;
    EXPECT_NE(file.error().message.find(c.what), std::string::npos) << file.error().message;
  }
}

TEST(ConfigFile, CommentsAndBlankLinesAreNotSettings) {
  auto file = parsed("# [not a section]\n   \n# device_id = commented out\n[box] # the box\n");
  EXPECT_FALSE(file.get("box", "device_id"));
  file.set("box", "device_id", "x");
  EXPECT_EQ(file.text(), "# [not a section]\n   \n# device_id = commented out\n[box] # the box\ndevice_id = x\n");
}

TEST(ConfigFile, LoadOfAMissingFileIsEmptyAndSaveCreatesItAndItsDirectory) {
  TempDir dir{"pbx-conf"};
  const auto path = dir.path() / "etc" / "boxd.conf";
  auto file = ConfigFile::load(path);
  ASSERT_TRUE(file) << file.error().message;
  file->set("box", "device_id", "box-1");
  ASSERT_TRUE(file->save(path));
  EXPECT_EQ(read(path), "[box]\ndevice_id = box-1\n");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST(ConfigFile, SaveKeepsTheFilesModeAndLeavesNoTemporaryFile) {
  TempDir dir{"pbx-conf"};
  const auto path = dir.path() / "boxd.conf";
  std::ofstream(path) << "[box]\nlog_level = info";  // no final newline: kept that way
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  auto file = ConfigFile::load(path);
  ASSERT_TRUE(file);
  file->set("box", "log_level", "debug");
  ASSERT_TRUE(file->save(path));
  EXPECT_EQ(read(path), "[box]\nlog_level = debug");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}), 1);
}

TEST(ConfigFile, AnUnreadableFileIsAnErrorNotAnEmptyFile) {
  TempDir dir{"pbx-conf"};
  auto file = ConfigFile::load(dir.path());  // a directory
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().message.find(dir.path().string()), std::string::npos) << file.error().message;
}

TEST(BrokerAddress, AcceptsHostPortAndSaysWhatIsWrongOtherwise) {
  for (const char* good : {"mqtt.example.dk:8883", "127.0.0.1:1883", "[::1]:8883", "localhost:1"}) {
    EXPECT_EQ(broker_address_problem(good), "") << good;
  }
  for (const char* bad : {"mqtt.example.dk", ":8883", "host:0", "host:65536", "host:88x3", "host:", "ho st:8883",
                          "host/x:8883", "[::1:8883", "-host:1"}) {
    EXPECT_NE(broker_address_problem(bad), "") << bad;
  }
}

}  // namespace
}  // namespace pickupbox::provisioning
