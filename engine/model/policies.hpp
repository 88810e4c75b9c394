// The scheduling policies a scenario may name: one registry for the loader, the command line,
// `check`, the views and the tests.
//
// Each entry has the name a scenario or `--policy` uses, a one-line summary, and the rules the
// policy follows, in the words the README uses. The runtime builds a policy from its name
// (engine/runtime/policy.hpp, `make_policy`); tests/policy_test.cpp checks that every name here
// has a constructor there and the other way round, and checks each rule.
//
// This file is plain data so that the loader, which may include only engine/model/, can
// validate `"runtime": {"policy": ...}` without knowing the runtime.
#pragma once
#include <span>
#include <string>
#include <string_view>

namespace ps {

struct PolicyInfo {
    std::string_view name;                    // "tokio-current-thread"
    std::string_view summary;                 // one line: what it models
    std::span<const std::string_view> rules;  // numbered in this order (F1, F2, ... in policy.hpp)
    std::string_view simplification;          // where the simulation departs from the original, or empty
};

// Every policy, in the order the help and the views list them; the first is the default.
std::span<const PolicyInfo> policies();

// The entry for `name`, or nullptr.
const PolicyInfo* find_policy(std::string_view name);

// "fifo, tokio-current-thread, tokio-multi-thread, smol, async-std": the names for a message.
std::string policy_name_list();

// For --help: "Scheduling policies:" and one indented line per policy, name and summary.
std::string policy_help();

// Policy names, null-terminated (for loops that want C strings).
const char* const* policy_names();

}  // namespace ps
