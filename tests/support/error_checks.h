#pragma once
// Checks that bad input is refused with a message that names the problem.
#include <QtTest>
#include <functional>
#include <string>

#include "l2s/error.h"

namespace l2s::testing {

// The message of the l2s::Error that `action` throws, or a note that it threw none.
inline QString error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const l2s::Error& e) {
    return QString::fromStdString(e.what());
  }
  return "(no l2s::Error thrown)";
}

// Fails the current test unless `action` throws l2s::Error mentioning `phrase`.
inline void expect_error(const std::function<void()>& action, const std::string& phrase) {
  const QString message = error_of(action);
  QVERIFY2(message.contains(QString::fromStdString(phrase)),
           qPrintable(QString("message '%1' lacks '%2'").arg(message, QString::fromStdString(phrase))));
}

}  // namespace l2s::testing
