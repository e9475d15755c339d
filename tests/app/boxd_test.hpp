#pragma once
// The gtest fixture: a fresh boxd per test, stopped with SIGTERM afterwards, and the test
// fails unless boxd then exits 0 (graceful shutdown is part of every test).
#include <gtest/gtest.h>

#include <memory>

#include "box_driver.hpp"
#include "boxd_process.hpp"

namespace pickupbox::e2e {

class BoxdTest : public ::testing::Test {
 protected:
  virtual BoxdOptions boxd_options() const { return {}; }

  void SetUp() override {
    boxd_ = std::make_unique<BoxdProcess>(boxd_options());
    boxd_->start();
  }

  void TearDown() override {
    if (boxd_ && boxd_->running()) {
      EXPECT_EQ(boxd_->stop(), 0) << "boxd did not exit 0 on SIGTERM; log tail:\n" << boxd_->log_tail();
    }
  }

  BoxdProcess& boxd() { return *boxd_; }
  BoxDriver driver() { return BoxDriver(boxd_->connect()); }

 private:
  std::unique_ptr<BoxdProcess> boxd_;
};

}  // namespace pickupbox::e2e
