// STUB
#include "app/commands.hpp"
namespace ps { int cmd_bench(int, char**) { return 1; } }
