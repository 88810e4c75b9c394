// AppState: everything the window shows, as plain data, and the commands that change it.
//
// GUI-free on purpose (no ImGui, no GL): the views read it, the toolbar, keyboard and
// mouse call its commands, and the hidden test hooks (--keys, --dump-state) go through the
// very same commands. The cursor is a step index into the trace; the state at the cursor is
// SnapshotCursor::seek(step), so stepping back is exact.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/gui/model/timeline_model.hpp"
#include "engine/runtime/simulation.hpp"
#include "engine/trace/snapshot.hpp"
#include "engine/trace/trace.hpp"

namespace ps::gui {

// [SECTION] Document: one opened scenario (or saved trace) and everything derived from it.
struct Document {
    std::string path;       // as opened ("" for a trace built in code)
    bool is_trace = false;  // a saved trace rather than a scenario
    std::unique_ptr<Trace> trace;
    std::unique_ptr<SnapshotCursor> cursor;  // refers to *trace
    std::unique_ptr<TimelineModel> model;
    std::optional<std::filesystem::file_time_type> mtime;
};

// Loads and simulates `path`. On failure returns nullptr and sets `error` to the loader's
// exact text (LoadError::text(), one line per error).
std::unique_ptr<Document> open_document(const std::string& path, bool as_trace, std::string& error,
                                        const RunOptions& options = {});
// True when the file starts like a saved pollscope trace ("format": "pollscope-trace/1")
// rather than a scenario; decides how a dropped or browsed file is opened.
bool looks_like_trace(const std::string& path);
// Wraps a trace built in code (tests, bench, demos).
std::unique_ptr<Document> document_from_trace(std::unique_ptr<Trace> trace, std::string path = {});

// [SECTION] UI state structs (no ImGui types: the views own the drawing)
enum class AxisMode : std::uint8_t { Time = 0, Steps = 1 };

struct TimelineView {
    // Steps by default: polls often take (almost) no virtual time next to long sleeps, so on
    // the time axis a lesson is a few slivers; one step per event shows every poll.
    AxisMode axis = AxisMode::Steps;
    double x0[2] = {0, 1};  // visible range per axis mode (ns or steps)
    double x1[2] = {1, 1};
    bool fitted = false;        // the range was set for the current document
    bool follow_cursor = true;  // keep the cursor visible while stepping/playing
    bool show_arrows = true;
    bool show_nested = true;
    bool show_waker_marks = true;
    bool dragging = false;
    std::uint64_t last_serial = 0;     // cursor_serial last followed
    std::size_t items_last_frame = 0;  // shapes drawn in the last frame (bench, debugging)
    // Where the last frame drew the task lanes (screen pixels), so --dump-state can say where
    // each visible poll is and tests click on it without guessing font-dependent pixels.
    struct Geometry {
        bool valid = false;
        float left = 0, right = 0;  // the canvas
        double x0 = 0, ppu = 1;     // visible range start, pixels per unit
        std::vector<float> task_c;  // vertical centre of each task's poll bar
    } drawn;
};

struct Playback {
    bool playing = false;
    float events_per_second = 4.0f;
    double carry = 0;  // fractional events owed to the next frame
};

struct FileBrowser {
    bool open_request = false;
    std::string dir;                   // directory shown
    std::vector<std::string> entries;  // "name/" for directories, "name.json" for files
    std::string listed_dir;            // dir the entries were read from
    std::string filter;
};

struct ErrorModal {
    bool open_request = false;
    std::string title;
    std::string text;
};

struct Settings {
    bool dark = true;
    float font_scale = 1.0f;
    std::vector<std::string> recent;  // most recent first, at most 10
    bool show_lesson = true, show_code = true, show_tasks = true, show_wakers = true;
    bool show_reactor = true, show_log = true, show_diagnostics = true;
};

// Which cursor move each scrolling view last followed (they auto-scroll when it changes).
struct ViewMemory {
    std::uint64_t log_serial = ~0ull;
    std::uint64_t code_serial = ~0ull;
};

// File > Export: what to write, where, and which steps.
struct ExportDialog {
    bool open_request = false;
    int format = 1;  // 0 trace JSON, 1 Chrome JSON, 2 SVG, 3 Markdown, 4 PNG of the window
    int range = 0;   // 0 whole run, 1 from the start to the cursor, 2 steps from..to
    int from = 0, to = 0;
    char path[512] = {};
    std::string message;  // result of the last export ("wrote ..." or the error)
    bool failed = false;
    std::string png_request;  // the main loop writes the window to this PNG after the next frame
};

// [SECTION] AppState
class AppState {
public:
    std::unique_ptr<Document> doc;
    std::int64_t step = -1;           // cursor: state after this step (-1 = before the first event)
    std::uint64_t cursor_serial = 0;  // bumps on every cursor move (views auto-scroll on change)
    Playback play;
    TimelineView timeline;
    FileBrowser browser;
    ErrorModal error;
    ExportDialog exporter;
    RunOptions run_options;  // Run > Policy: overrides the scenario's policy
    // Run > Compare with: the same scenario under another policy, shown side by side.
    std::unique_ptr<Trace> compare;
    bool show_compare = false;
    Settings settings;
    ViewMemory views;
    std::string last_error;  // the latest open error (kept for --dump-state)
    std::string status;      // one-line status for the status bar
    bool settings_dirty = false;
    bool font_rebuild = false;  // the font scale changed: rebuild the atlas before the next frame
    bool quit = false;
    double reload_check_at = 0;  // wall clock (seconds) of the next mtime check

    bool has_trace() const { return doc && doc->trace && doc->cursor; }
    const Trace* trace() const { return has_trace() ? doc->trace.get() : nullptr; }
    const Snapshot* snapshot() const { return has_trace() ? &doc->cursor->current() : nullptr; }
    std::int64_t last_step() const {
        return has_trace() ? static_cast<std::int64_t>(doc->trace->size()) - 1 : -1;
    }

    // Opening. On failure the current document stays and the error modal opens.
    bool open(const std::string& path, bool as_trace = false);
    void set_document(std::unique_ptr<Document> d, bool keep_step);
    bool reload_if_changed(double now_seconds);  // polls mtime about once a second

    // Cursor commands (all clamp; none of them fail).
    void seek(std::int64_t s);
    void step_forward() { seek(step + 1); }
    void step_back() { seek(step - 1); }
    void to_start() { seek(-1); }
    void to_end() { seek(last_step()); }
    void next_poll();  // to the next task-level poll_begin
    void prev_poll();
    void next_wake();                                            // to the next waker_wake / waker_wake_by_ref
    void seek_next_of(const std::vector<std::uint32_t>& steps);  // first of `steps` after the cursor
    void toggle_play();
    void tick(double dt_seconds);  // advances playback

    // The teacher's hand (app/gui/model/inject.cpp): applies ACTION (engine/runtime/intervention.hpp:
    // "fire-timer:main", "wake:3", ...) right after the cursor, re-running the scenario from the
    // start with every intervention so far (run_options.injections); the cursor moves to the
    // inject event. False, with the reason in `status` and the error dialog, when it does not apply.
    bool inject(const std::string& action);
    // Takes the last intervention back: the trace is the one before it, exactly.
    bool undo_inject();
    // The actions that make sense at the cursor, for a menu: fire-timer of each task with a
    // pending timer, wake and drop-waker of each live waker, and each socket's and channel's.
    std::vector<std::string> inject_choices() const;

    void add_recent(const std::string& path);
    // Re-runs the open scenario under `policy` (keeps the cursor step where it can).
    bool rerun_with_policy(const std::string& policy);
    // Runs the open scenario under `policy` into `compare` and shows the comparison.
    bool compare_with(const std::string& policy);

private:
    // The open scenario run again with `options`; on failure the error dialog says why.
    std::unique_ptr<Document> run_open_scenario(const RunOptions& options);
};

// A text description of the state at the cursor (for --dump-state and tests): the
// document, the cursor step and time, every task with its state and counters, live
// wakers, the run queue, registrations and the latest open error.
std::string describe_state(const AppState& app);

}  // namespace ps::gui
