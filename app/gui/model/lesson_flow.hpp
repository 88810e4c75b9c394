// Lessons in a folder: their titles (for the file browser) and which one comes next (the
// "Next lesson" button and N at the end of a lesson). GUI-free.
#pragma once
#include <string>
#include <vector>

namespace ps::gui {

// A lesson file the window can open: a scenario (.json) or a Rust program (.rs).
bool is_lesson_file(const std::string& path);
// The lesson's title: a scenario's "title", or a Rust program's first `//!` line; "" when the
// file has none (or cannot be read). Reads only the start of the file.
std::string lesson_title(const std::string& path);
// The file after `path` in its folder's order (by name) with the same extension, or "" when it
// is the last.
std::string next_lesson(const std::string& path);

}  // namespace ps::gui
