// Settings persisted under $XDG_CONFIG_HOME/pollscope (or ~/.config/pollscope):
// settings.ini (theme, font scale, panels, recent files) and imgui.ini (table sort orders
// and column widths). Never read or written for headless screenshots.
#pragma once
#include <string>

#include "app/gui/model/app_state.hpp"

namespace ps::gui {

std::string config_dir();  // "" when neither variable is set
bool load_settings(Settings& s, const std::string& dir);
bool save_settings(const Settings& s, const std::string& dir);

}  // namespace ps::gui
