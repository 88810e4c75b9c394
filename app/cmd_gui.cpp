// STUB: replaced by the GUI work.
#include "app/commands.hpp"
namespace ps { int cmd_gui(int, char**) { return 1; } int cmd_view(int, char**) { return 1; } }
