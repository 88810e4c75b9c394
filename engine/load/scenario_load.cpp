#include "engine/load/scenario_load.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <new>
#include <string_view>
#include <vector>

#include "engine/load/json_doc.hpp"
#include "engine/load/json_errors.hpp"
#include "engine/load/json_scan.hpp"
#include "engine/load/json_scenario_refs.hpp"
#include "engine/load/json_scenario_walk.hpp"
#include "engine/load/json_text.hpp"
#include "engine/load/suggest.hpp"
#include "engine/model/read_file.hpp"

namespace ps {

std::string LoadError::text() const {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line) + ":" + std::to_string(column);
    if (!pointer.empty()) s += " (" + pointer + ")";
    s += ": " + message + " [" + id + "]";
    return s;
}

namespace {

LoadResult failure(const std::string& file, const char* id, std::string message) {
    LoadResult r;
    LoadError e;
    e.id = id;
    e.file = file;
    e.message = std::move(message);
    r.errors.push_back(std::move(e));
    return r;
}

std::string too_big(std::uintmax_t size, std::size_t limit) {
    return "the file is " + std::to_string(size) + " bytes, above the limit of " + std::to_string(limit) +
           " bytes";
}

LoadResult load(std::string_view text, const std::string& name, const LoadLimits& limits) {
    using namespace json;
    if (text.size() > limits.max_file_bytes || text.size() >= 0xFFFFFFF0u)
        return failure(name, errid::kFileSize, too_big(text.size(), limits.max_file_bytes));
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte-order mark

    LineIndex lines(text);
    Diagnostics diag(name, &lines);
    if (auto issue = check_text(text)) {
        diag.add(issue->id.c_str(), issue->id == errid::kEmpty ? kNoOffset : issue->offset, "",
                 issue->message);
        return LoadResult{std::nullopt, diag.finish(kMaxReportedErrors)};
    }

    ScanOptions scan_options;
    scan_options.max_depth = limits.max_depth;
    scan_options.max_string = limits.max_string;
    scan_options.max_issues = kMaxReportedErrors + 1;
    ScanResult shape = scan_json(text, lines, scan_options);
    if (!shape.issues.empty()) {
        for (const ScanIssue& i : shape.issues) diag.add(i.id.c_str(), i.offset, "", i.message);
        return LoadResult{std::nullopt, diag.finish(kMaxReportedErrors)};
    }

    Json root;
    try {
        root = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        // The scanner accepts only what nlohmann accepts; reaching this is a loader bug.
        std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
        diag.add(errid::kParser, at, "", std::string("the JSON parser refused the text: ") + e.what());
        return LoadResult{std::nullopt, diag.finish(kMaxReportedErrors)};
    } catch (const Json::exception& e) {
        diag.add(errid::kParser, kNoOffset, "", std::string("the JSON parser refused the text: ") + e.what());
        return LoadResult{std::nullopt, diag.finish(kMaxReportedErrors)};
    }

    Scenario scenario;
    scenario.path = name;  // a "program" file is found next to it
    ScenarioRefs refs;
    Doc doc(root, shape, text, lines, diag);
    walk_scenario(doc, limits, scenario, refs);
    // After a limit error the walk skipped parts of the file: name checks would only add noise.
    if (!diag.has("scenario.limit")) check_names(refs, !diag.has("scenario.schema"), lines, diag);

    if (diag.count() > 0) return LoadResult{std::nullopt, diag.finish(kMaxReportedErrors)};
    scenario.path = name;
    return LoadResult{std::move(scenario), {}};
}

}  // namespace

LoadResult load_scenario_text(std::string_view text, const std::string& display_name,
                              const LoadLimits& limits) {
    try {
        return load(text, display_name, limits);
    } catch (const std::bad_alloc&) {
        return failure(display_name, errid::kInternal, "out of memory while loading the scenario");
    } catch (const std::exception& e) {
        return failure(display_name, errid::kInternal,
                       std::string("internal error while loading: ") + e.what());
    } catch (...) {
        return failure(display_name, errid::kInternal, "internal error while loading");
    }
}

namespace {

// "; did you mean \"scenarios/02-sleep.json\"?" when the folder of a missing `path` has a file
// whose name is a likely typo of it; "" otherwise. Reads at most 4096 names of the folder, and
// sorts them, so the answer does not depend on the order the system lists them in.
std::string similar_file_hint(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path p(path);
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end && names.size() < 4096; it.increment(ec))
        names.push_back(it->path().filename().string());
    std::sort(names.begin(), names.end());
    const std::vector<std::string_view> candidates(names.begin(), names.end());
    const auto best = closest_word(p.filename().string(), candidates);
    if (!best) return {};
    const std::string shown = p.has_parent_path() ? (dir / *best).string() : *best;
    return "; did you mean \"" + shown + "\"?";
}

// The error for a scenario file that could not be read (`file` is not ok).
LoadResult read_failure(const std::string& path, const FileRead& file, const LoadLimits& limits) {
    using Status = FileRead::Status;
    if (file.status == Status::cannot_open && file.error == ENOENT)
        return failure(path, errid::kNotFound, "no such file" + similar_file_hint(path));
    if (file.status == Status::not_regular && S_ISDIR(file.mode))
        return failure(path, errid::kIsDirectory, "this is a directory, not a scenario file");
    if (file.status == Status::not_regular)
        return failure(path, errid::kNotRegular, std::string("not a regular file (") + file.kind() + ")");
    if (file.status == Status::too_large && file.size > 0)
        return failure(path, errid::kFileSize, too_big(file.size, limits.max_file_bytes));
    if (file.status == Status::too_large)  // it grew past the limit while it was read
        return failure(
            path, errid::kFileSize,
            "the file is more than " + std::to_string(limits.max_file_bytes) + " bytes, above the limit");
    return failure(path, errid::kUnreadable,
                   std::string("cannot read the file (") + std::strerror(file.error) + ")");
}

}  // namespace

LoadResult load_scenario_file(const std::string& path, const LoadLimits& limits) {
    try {
        FileRead file = read_regular_file(path, limits.max_file_bytes);
        if (!file.ok()) return read_failure(path, file, limits);
        return load_scenario_text(file.text, path, limits);
    } catch (const std::bad_alloc&) {
        return failure(path, errid::kInternal, "out of memory while loading the scenario");
    } catch (const std::exception& e) {
        return failure(path, errid::kInternal, std::string("internal error while loading: ") + e.what());
    }
}

}  // namespace ps
