#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "store/schema.hpp"
#include "store_fixture.hpp"

namespace pickupbox::store::testing {
namespace {

int raw_user_version(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
  const int version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return version;
}

void raw_exec(const std::filesystem::path& file, const char* text) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, text, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

using SchemaTest = StoreTest;

TEST_F(SchemaTest, MigratesAnEmptyFileToTheLatestVersion) {
  auto store = open_store();
  EXPECT_EQ(raw_user_version(file()), latest_schema_version());
  auto lockers = store.lockers();
  ASSERT_TRUE(lockers) << lockers.error().message;
  EXPECT_TRUE(lockers->empty());
}

TEST_F(SchemaTest, ReopeningIsIdempotentAndKeepsData) {
  {
    auto store = open_store();
    ASSERT_TRUE(store.commit(Change{.orders = {order("o1")}}));
  }
  auto store = open_store();
  EXPECT_EQ(raw_user_version(file()), latest_schema_version());
  auto again = store.order("o1");
  ASSERT_TRUE(again && *again);
  EXPECT_EQ((*again)->reference, "REF-o1");
}

TEST_F(SchemaTest, MigrationStepsAreOrderedAndEndAtTheLatest) {
  int previous = 0;
  for (const auto& step : migrations()) {
    EXPECT_EQ(step.version, previous + 1) << step.description;
    previous = step.version;
  }
  EXPECT_EQ(previous, latest_schema_version());
}

TEST_F(SchemaTest, RefusesAFileFromNewerFirmwareAndLeavesItAlone) {
  { auto store = open_store(); }
  raw_exec(file(), "PRAGMA user_version=99");
  auto opened = Store::open(file(), clock_, random_);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, core::ErrorCode::storage);
  EXPECT_NE(opened.error().message.find("newer"), std::string::npos) << opened.error().message;
  EXPECT_NE(opened.error().message.find("99"), std::string::npos);
  EXPECT_EQ(raw_user_version(file()), 99);
}

TEST_F(SchemaTest, CreatesTheStateFileOwnerOnly) {
  auto store = open_store();
  struct stat st {};
  ASSERT_EQ(::stat(file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(SchemaTest, TightensALooseExistingFile) {
  { auto store = open_store(); }
  ASSERT_EQ(::chmod(file().c_str(), 0644), 0);
  auto store = open_store();
  struct stat st {};
  ASSERT_EQ(::stat(file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(SchemaTest, MissingDirectoryIsAClearError) {
  const auto missing = dir_.path() / "nope" / "state.db";
  auto opened = Store::open(missing, clock_, random_);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, core::ErrorCode::storage);
  EXPECT_NE(opened.error().message.find((dir_.path() / "nope").string()), std::string::npos)
      << opened.error().message;
  EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST_F(SchemaTest, AFileThatIsNotADatabaseIsRefused) {
  {
    std::FILE* f = std::fopen(file().c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not a database, it is a shopping list, and long enough to have a header", f);
    std::fclose(f);
  }
  auto opened = Store::open(file(), clock_, random_);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, core::ErrorCode::storage);
  EXPECT_NE(opened.error().message.find("backup"), std::string::npos) << opened.error().message;
}

TEST_F(SchemaTest, UsesWalAndForeignKeys) {
  auto store = open_store();
  auto mode = store.database().prepare("PRAGMA journal_mode", "test");
  ASSERT_TRUE(mode && mode->step().value());
  EXPECT_EQ(mode->text(0), "wal");
  auto fk = store.database().prepare("PRAGMA foreign_keys", "test");
  ASSERT_TRUE(fk && fk->step().value());
  EXPECT_EQ(fk->int64(0), 1);
  auto sync = store.database().prepare("PRAGMA synchronous", "test");
  ASSERT_TRUE(sync && sync->step().value());
  EXPECT_EQ(sync->int64(0), 2);  // FULL
}

}  // namespace
}  // namespace pickupbox::store::testing
