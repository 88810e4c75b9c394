// STUB
#include "app/commands.hpp"
namespace ps { int cmd_run(int, char**) { return 1; } }
