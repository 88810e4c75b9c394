#include "app/gui/model/settings.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "engine/model/read_file.hpp"

namespace ps::gui {

std::string config_dir() {
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/pollscope";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/pollscope";
    return {};
}

namespace {

bool parse_bool(const std::string& v) {
    return v == "1" || v == "true";
}

// The panels' switches, by their key in settings.ini.
struct PanelKey {
    const char* key;
    bool Settings::*shown;
};
constexpr PanelKey kPanelKeys[] = {
    {"show_lesson", &Settings::show_lesson},
    {"show_code", &Settings::show_code},
    {"show_tasks", &Settings::show_tasks},
    {"show_wakers", &Settings::show_wakers},
    {"show_reactor", &Settings::show_reactor},
    {"show_log", &Settings::show_log},
    {"show_diagnostics", &Settings::show_diagnostics},
    {"show_console", &Settings::show_console},
};

// Sets the panel switch named `k`; false when `k` names no panel.
bool set_panel(Settings& s, const std::string& k, const std::string& v) {
    for (const PanelKey& p : kPanelKeys) {
        if (k == p.key) {
            s.*p.shown = parse_bool(v);
            return true;
        }
    }
    return false;
}

}  // namespace

bool load_settings(Settings& s, const std::string& dir) {
    if (dir.empty()) return false;
    // Never blocks on a FIFO or reads a device: settings.ini must be a small regular file.
    const FileRead file = read_regular_file(dir + "/settings.ini", 64 * 1024);
    if (!file.ok()) return false;
    std::istringstream in(file.text);
    std::string line;
    s.recent.clear();
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
        std::string k = line.substr(0, eq), v = line.substr(eq + 1);
        if (k == "theme")
            s.dark = v != "light";
        else if (k == "font_scale") {
            float f = std::strtof(v.c_str(), nullptr);
            if (f >= 0.5f && f <= 3.0f) s.font_scale = f;
        } else if (k == "recent" && !v.empty() && s.recent.size() < 10)
            s.recent.push_back(v);
        else
            set_panel(s, k, v);
    }
    return true;
}

bool save_settings(const Settings& s, const std::string& dir) {
    if (dir.empty()) return false;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::ostringstream o;
    o << "# pollscope settings (written by the GUI)\n";
    o << "theme=" << (s.dark ? "dark" : "light") << "\n";
    o << "font_scale=" << s.font_scale << "\n";
    for (const PanelKey& p : kPanelKeys) o << p.key << "=" << s.*p.shown << "\n";
    for (const auto& r : s.recent) o << "recent=" << r << "\n";
    // Write to a temporary file and rename, so a crash never leaves half a file.
    std::string path = dir + "/settings.ini", tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) return false;
        out << o.str();
        if (!out) return false;
    }
    std::filesystem::rename(tmp, path, ec);
    return !ec;
}

}  // namespace ps::gui
