// STUB: replaced by the GUI work.
#include "gui.hpp"
namespace ps { int run_gui(const GuiOptions&) { return 1; } }
