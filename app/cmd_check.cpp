// STUB: replaced by the scenario-loader work.
#include "app/commands.hpp"
namespace ps { int cmd_check(int, char**) { return 1; } }
