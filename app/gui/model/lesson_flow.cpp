#include "app/gui/model/lesson_flow.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace ps::gui {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kHeadBytes = 4096;  // titles are at the top of the file

std::string file_head(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string s(kHeadBytes, '\0');
    in.read(s.data(), static_cast<std::streamsize>(s.size()));
    s.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return s;
}

// The JSON string value after `"title"` (escapes \" \\ \/ \n and \t; others kept as written).
std::string json_title(const std::string& text) {
    std::size_t i = text.find("\"title\"");
    if (i == std::string::npos) return {};
    i = text.find_first_not_of(" \t\r\n", i + 7);
    if (i == std::string::npos || text[i] != ':') return {};
    i = text.find_first_not_of(" \t\r\n", i + 1);
    if (i == std::string::npos || text[i] != '"') return {};
    std::string out;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] != '\\' || i + 1 >= text.size()) {
            out += text[i];
            continue;
        }
        const char c = text[++i];
        out += c == 'n' ? ' ' : c == 't' ? ' ' : c;
    }
    return i < text.size() ? out : std::string();
}

// The first `//!` line without the marker, trimmed.
std::string rust_title(const std::string& text) {
    std::size_t i = text.find("//!");
    if (i == std::string::npos) return {};
    std::size_t end = text.find('\n', i);
    std::string line = text.substr(i + 3, end == std::string::npos ? std::string::npos : end - i - 3);
    const auto first = line.find_first_not_of(" \t");
    const auto last = line.find_last_not_of(" \t\r");
    return first == std::string::npos ? std::string() : line.substr(first, last - first + 1);
}

}  // namespace

bool is_lesson_file(const std::string& path) {
    const auto ext = fs::path(path).extension();
    return ext == ".json" || ext == ".rs";
}

std::string lesson_title(const std::string& path) {
    const std::string head = file_head(path);
    return fs::path(path).extension() == ".rs" ? rust_title(head) : json_title(head);
}

std::string next_lesson(const std::string& path) {
    const fs::path p(path);
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        const fs::path& f = it->path();
        std::error_code ec2;
        if (f.extension() == p.extension() && !it->is_directory(ec2)) names.push_back(f.filename().string());
    }
    std::sort(names.begin(), names.end());
    auto next = std::upper_bound(names.begin(), names.end(), p.filename().string());
    return next == names.end() ? std::string() : (dir / *next).string();
}

}  // namespace ps::gui
