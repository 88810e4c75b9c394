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
#include <string_view>
#include <vector>

#include "app/gui/model/quiz.hpp"
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
    bool show_legend = true;
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
    std::vector<std::string> titles;   // per entry: the lesson's title ("" for folders and untitled files)
    std::string listed_dir;            // dir the entries were read from
    std::string filter;
};

struct ErrorModal {
    bool open_request = false;
    bool close_request = false;  // the file was fixed: close the dialog if it is open
    std::string title;
    std::string text;
};

struct Settings {
    bool dark = true;
    float font_scale = 1.0f;
    std::vector<std::string> recent;  // most recent first, at most 10
    bool show_lesson = true, show_code = true, show_tasks = true, show_wakers = true;
    bool show_reactor = true, show_log = true, show_diagnostics = true;
    bool show_console = true;  // only for a Rust program
};

// The panels' shares of the window (weights: visible neighbours split their space in
// proportion; a hidden panel's space goes to its neighbours). Splitters move weight from one
// neighbour to the other. One set for the normal layout and one for presentation mode.
struct PanelWeights {
    float left = 0.27f, right = 0.73f;  // normal: the lesson/code column and the rest
    float lesson = 0.44f, code = 0.56f, console = 0.22f;
    float timeline = 0.43f, row2 = 0.25f, row3 = 0.32f;
    float tasks = 0.6f, reactor = 0.4f;
    float log = 0.46f, wakers = 0.32f, diagnostics = 0.22f;
    float p_timeline = 0.58f, p_bottom = 0.42f, p_extra = 0.3f;  // presentation: timeline over the rest
    float p_note = 0.42f, p_code = 0.58f;
};

// Which panels presentation mode shows: the timeline always, the current note and the code;
// the others only when asked (View menu).
struct PresentPanels {
    bool show_lesson = true, show_code = true, show_tasks = false, show_wakers = false;
    bool show_reactor = false, show_log = false, show_diagnostics = false;
    bool show_console = false;  // only for a Rust program
};

// Which cursor move each scrolling view last followed (they auto-scroll when it changes).
struct ViewMemory {
    std::uint64_t log_serial = ~0ull;
    std::uint64_t code_serial = ~0ull;
    std::uint64_t console_serial = ~0ull;
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
    std::string
        png_request;     // the main loop writes the window to this PNG (the first frame without the dialog)
    bool drawn = false;  // the dialog was drawn in this frame
    // Where the last frame drew the Export button and the PNG choice (x0, y0, x1, y1), for tests.
    struct Box {
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    } export_button, png_choice;
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
    bool hide_future = false;  // --hide-future, H: no panel shows anything after the cursor
    bool present = false;      // presentation mode (--present, F5): timeline, note, code, large text
    Quiz quiz;                 // quiz mode (--quiz, View > Quiz): forward moves stop at each poll's question
    PresentPanels present_panels;
    PanelWeights weights;
    // Where the last frame put each panel shown (window pixels), for --dump-state and tests.
    struct PanelRect {
        std::string name;
        float x = 0, y = 0, w = 0, h = 0;
    };
    std::vector<PanelRect> drawn_panels;
    float toolbar_h = 0;     // the toolbar's height in the last frame (it wraps when narrow)
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
    // Polls mtime about once a second; a changed file is run again under the chosen policy, the
    // comparison is run again too, and an error dialog about the file closes once it loads.
    bool reload_if_changed(double now_seconds);

    // Cursor commands (all clamp; none of them fail).
    void seek(std::int64_t s);
    void step_forward() { seek(step + 1); }
    void step_back() { seek(step - 1); }
    void to_start() { seek(-1); }
    void to_end() { seek(last_step()); }
    void next_poll();  // to the next task-level poll_begin
    void prev_poll();
    void next_wake();                                            // to the next waker_wake / waker_wake_by_ref
    void prev_wake();                                            // to the last wake before the cursor
    void next_note();                                            // to the next lesson note (PgDn)
    void prev_note();                                            // to the last note before the cursor (PgUp)
    void next_diagnostic();                                      // to the next diagnostic's step
    void seek_next_of(const std::vector<std::uint32_t>& steps);  // first of `steps` after the cursor
    void seek_prev_of(const std::vector<std::uint32_t>& steps);  // last of `steps` before the cursor
    void toggle_play();
    void toggle_hide_future();
    void toggle_quiz();  // quiz mode on (hiding the future) / off (app/gui/model/quiz.cpp)
    // Answers the question at the cursor: checked, scored, and the poll is shown (one step on).
    bool answer_quiz(QuizAnswer a);
    void toggle_present();         // presentation mode on/off (the fonts are rebuilt)
    void set_font_scale(float f);  // clamped to 0.625 .. 3; saved
    float text_scale() const;      // the font scale in use: at least 1.5 while presenting
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
    // After the open file changed: the comparison run again from it (if there is one).
    void refresh_comparison();

    // [SECTION] What the panels may show. With hide_future on, nothing after the cursor:
    // every view asks these instead of reading the whole trace.
    // The last step any panel may show: the cursor when hiding the future, else the last step.
    std::int64_t last_shown_step() const { return hide_future ? step : last_step(); }
    bool step_shown(std::int64_t s) const { return s <= last_shown_step(); }
    // Rows of the event log: every event, or those up to the cursor.
    std::size_t shown_events() const {
        return has_trace() ? static_cast<std::size_t>(last_shown_step() + 1) : 0;
    }
    // A task has a row, a lane and code shown once it exists (always when not hiding).
    bool task_shown(std::uint32_t task) const;
    // The run's end (its end message, "all tasks completed") may be shown.
    bool end_shown() const { return !hide_future || step >= last_step(); }
    // What the timeline draws: the whole run's model, or (hiding) the model of the events up to
    // the cursor, rebuilt when the cursor moves (a poll running at the cursor is drawn open).
    // Needs has_trace().
    const TimelineModel& timeline_model();

private:
    std::unique_ptr<Trace> prefix_trace_;  // the events up to prefix_step_ (hide_future)
    std::unique_ptr<TimelineModel> prefix_model_;
    std::int64_t prefix_step_ = -2;
    // The open scenario run again with `options`; on failure the error dialog says why.
    std::unique_ptr<Document> run_open_scenario(const RunOptions& options);
    std::int64_t quiz_stop(std::int64_t to);  // where a forward move stops for a question (quiz.cpp)
};

// A diagnostic's kind as a title ("Deadlock") and its message without a leading repeat of the
// kind ("deadlock: task 0 ..." -> "task 0 ..."), for the Diagnostics panel.
const char* diagnostic_title(DiagKind kind);
std::string_view diagnostic_message(const DiagnosticInfo& d);

// A text description of the state at the cursor (for --dump-state and tests): the
// document, the cursor step and time, every task with its state and counters, live
// wakers, the run queue, registrations and the latest open error.
std::string describe_state(const AppState& app);

}  // namespace ps::gui
