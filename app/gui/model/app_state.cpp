#include "app/gui/model/app_state.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>

#include "app/load_input.hpp"
#include "engine/export/trace_json.hpp"
#include "engine/load/scenario_load.hpp"
#include "engine/model/enum_names.hpp"
#include "engine/model/read_file.hpp"
#include "engine/model/time.hpp"
#include "engine/runtime/simulation.hpp"
#include "engine/trace/compare.hpp"
#include "engine/trace/narrate.hpp"

namespace ps::gui {

// [SECTION] Opening documents

namespace {

std::optional<std::filesystem::file_time_type> mtime_of(const std::string& path) {
    std::error_code ec;
    auto t = std::filesystem::last_write_time(path, ec);
    if (ec) return std::nullopt;
    return t;
}

// Every error's text, one per line; "PATH: could not be loaded" when there is none.
template <typename Errors>
std::string joined_errors(const Errors& errors, const std::string& path) {
    std::string out;
    for (const auto& e : errors) {
        if (!out.empty()) out += '\n';
        out += e.text();
    }
    return out.empty() ? path + ": could not be loaded" : out;
}

std::unique_ptr<Trace> load_saved_trace(const std::string& path, std::string& error) {
    TraceLoadResult r = load_trace_file(path);
    if (!r.ok()) {
        error = joined_errors(r.errors, path);
        return nullptr;
    }
    return std::move(r.trace);
}

}  // namespace

bool looks_like_trace(const std::string& path) {
    FileRead head = read_regular_file_head(path, 511);  // a FIFO or device is not read (nor waited on)
    return head.ok() && head.text.find(kTraceFormat) != std::string::npos;
}

std::unique_ptr<Document> document_from_trace(std::unique_ptr<Trace> trace, std::string path) {
    auto d = std::make_unique<Document>();
    d->path = std::move(path);
    d->trace = std::move(trace);
    d->cursor = std::make_unique<SnapshotCursor>(*d->trace);
    d->model = std::make_unique<TimelineModel>(*d->trace);
    if (!d->path.empty()) d->mtime = mtime_of(d->path);
    return d;
}

std::unique_ptr<Document> open_document(const std::string& path, bool as_trace, std::string& error,
                                        const RunOptions& options) {
    error.clear();
    std::unique_ptr<Trace> trace;
    if (as_trace) {
        trace = load_saved_trace(path, error);
        if (!trace) return nullptr;
    } else {
        LoadResult r = load_input_file(path);
        if (!r.ok()) {
            error = joined_errors(r.errors, path);
            return nullptr;
        }
        try {
            trace = simulate(*r.scenario, options);
        } catch (const std::exception& ex) {
            error = path + ": the simulation failed: " + ex.what();
            return nullptr;
        }
        if (!trace) {
            error = path + ": the simulation produced no trace";
            return nullptr;
        }
    }
    auto d = document_from_trace(std::move(trace), path);
    d->is_trace = as_trace;
    return d;
}

// [SECTION] AppState: opening and reloading

bool AppState::open(const std::string& path, bool as_trace) {
    std::string err;
    RunOptions options = run_options;
    if (!doc || doc->path != path) options.injections.clear();  // interventions belong to their file
    auto d = open_document(path, as_trace, err, options);
    if (!d) {
        last_error = err;
        error.title = "Could not open " + path;
        error.text = err;
        error.open_request = true;
        status = "Could not open " + path + " (the previous scenario stays loaded)";
        return false;
    }
    last_error.clear();
    run_options.injections = options.injections;
    set_document(std::move(d), false);
    add_recent(path);
    status = "Opened " + path;
    return true;
}

void AppState::set_document(std::unique_ptr<Document> d, bool keep_step) {
    std::int64_t keep = step;
    doc = std::move(d);
    prefix_model_.reset();
    prefix_trace_.reset();
    timeline.fitted = false;
    play.playing = false;
    play.carry = 0;
    quiz.reset();
    if (keep_step)
        seek(keep);
    else
        seek(-1);
    ++cursor_serial;
}

bool AppState::reload_if_changed(double now_seconds) {
    if (now_seconds < reload_check_at) return false;
    reload_check_at = now_seconds + 1.0;
    if (!doc || doc->path.empty()) return false;
    auto t = mtime_of(doc->path);
    if (!t || (doc->mtime && *t == *doc->mtime)) return false;
    std::string err;
    auto d = open_document(doc->path, doc->is_trace, err, run_options);
    if (!d) {
        doc->mtime = t;  // do not retry a broken file every second; wait for the next save
        last_error = err;
        error.title = "Could not reload " + doc->path;
        error.text = err;
        error.open_request = true;
        status = "Reload failed: the previous version stays loaded";
        return false;
    }
    set_document(std::move(d), true);
    if (!last_error.empty()) {  // the error shown was about this file: it loads now
        last_error.clear();
        error.close_request = true;
    }
    refresh_comparison();
    status = "Reloaded " + doc->path + " (changed on disk)";
    return true;
}

void AppState::add_recent(const std::string& path) {
    std::error_code ec;
    std::string abs = std::filesystem::absolute(path, ec).lexically_normal().string();
    if (ec) abs = path;
    auto& r = settings.recent;
    r.erase(std::remove(r.begin(), r.end(), abs), r.end());
    r.insert(r.begin(), abs);
    if (r.size() > 10) r.resize(10);
    settings_dirty = true;
}

// [SECTION] AppState: cursor commands

void AppState::seek(std::int64_t s) {
    if (!has_trace()) {
        step = -1;
        return;
    }
    s = std::clamp<std::int64_t>(s, -1, last_step());
    if (quiz.on && s > step) s = quiz_stop(s);
    if (s != step || doc->cursor->current().step != s) {
        doc->cursor->seek(s);
        step = s;
        ++cursor_serial;
    }
}

void AppState::seek_next_of(const std::vector<std::uint32_t>& steps) {
    if (!has_trace()) return;
    std::size_t i = first_after(steps, step);
    seek(i < steps.size() ? steps[i] : last_step());
}

void AppState::seek_prev_of(const std::vector<std::uint32_t>& steps) {
    if (!has_trace()) return;
    std::size_t i = first_after(steps, step - 1);  // the first at or after the cursor
    seek(i > 0 ? static_cast<std::int64_t>(steps[i - 1]) : -1);
}

void AppState::next_poll() {
    if (has_trace()) seek_next_of(doc->model->task_polls);
}

void AppState::prev_poll() {
    if (has_trace()) seek_prev_of(doc->model->task_polls);
}

void AppState::next_wake() {
    if (has_trace()) seek_next_of(doc->model->wakes);
}

void AppState::prev_wake() {
    if (has_trace()) seek_prev_of(doc->model->wakes);
}

namespace {
// The steps of the lesson's notes, or of the run's diagnostics, sorted.
std::vector<std::uint32_t> note_steps(const Trace& t) {
    std::vector<std::uint32_t> v;
    for (const NoteInfo& n : t.meta.notes) v.push_back(n.step);
    std::sort(v.begin(), v.end());
    return v;
}
std::vector<std::uint32_t> diagnostic_steps(const Trace& t) {
    std::vector<std::uint32_t> v;
    for (const DiagnosticInfo& d : t.diagnostics) v.push_back(d.step);
    std::sort(v.begin(), v.end());
    return v;
}
}  // namespace

// Past the last note (or diagnostic) the cursor stays: a clicker pressed once too often
// must not jump to the end of the run.
void AppState::next_note() {
    if (!has_trace()) return;
    auto v = note_steps(*trace());
    if (first_after(v, step) < v.size()) seek_next_of(v);
}

void AppState::prev_note() {
    if (has_trace()) seek_prev_of(note_steps(*trace()));
}

void AppState::next_diagnostic() {
    if (!has_trace()) return;
    auto v = diagnostic_steps(*trace());
    if (first_after(v, step) < v.size()) seek_next_of(v);
}

void AppState::toggle_play() {
    if (!has_trace()) return;
    if (!play.playing && step >= last_step()) seek(-1);  // play again from the start
    play.playing = !play.playing;
    play.carry = 0;
}

void AppState::toggle_hide_future() {
    hide_future = !hide_future;
}

bool AppState::task_shown(std::uint32_t task) const {
    if (!has_trace()) return false;
    if (!hide_future) return true;
    const auto& ev = trace()->task_events(task);
    return !ev.empty() && static_cast<std::int64_t>(ev.front()) <= step;
}

namespace {
// The trace cut after `last` (inclusive): its events, the diagnostics and notes up to there,
// and only the tasks that exist by then.
std::unique_ptr<Trace> trace_up_to(const Trace& t, std::int64_t last) {
    auto p = std::make_unique<Trace>();
    p->meta = t.meta;
    p->strings = t.strings;
    std::uint32_t tasks = 0;
    for (std::int64_t i = 0; i <= last && i < static_cast<std::int64_t>(t.size()); ++i) {
        const Event& e = t[static_cast<std::size_t>(i)];
        p->append(e);
        if (e.task != kNone) tasks = std::max(tasks, e.task + 1);
    }
    tasks = std::min<std::uint32_t>(tasks, static_cast<std::uint32_t>(t.tasks.size()));
    p->tasks.assign(t.tasks.begin(), t.tasks.begin() + tasks);
    for (const DiagnosticInfo& d : t.diagnostics)
        if (static_cast<std::int64_t>(d.step) <= last) p->diagnostics.push_back(d);
    auto& notes = p->meta.notes;
    notes.erase(std::remove_if(notes.begin(), notes.end(),
                               [&](const NoteInfo& n) { return static_cast<std::int64_t>(n.step) > last; }),
                notes.end());
    p->index_nodes();
    return p;
}
}  // namespace

const TimelineModel& AppState::timeline_model() {
    if (!hide_future || !has_trace()) return *doc->model;
    if (prefix_step_ != step || !prefix_model_) {
        prefix_trace_ = trace_up_to(*doc->trace, step);
        prefix_model_ = std::make_unique<TimelineModel>(*prefix_trace_);
        prefix_step_ = step;
    }
    return *prefix_model_;
}

void AppState::toggle_present() {
    present = !present;
    font_rebuild = true;
}

void AppState::set_font_scale(float f) {
    settings.font_scale = std::clamp(f, 0.625f, 3.0f);
    font_rebuild = settings_dirty = true;
}

float AppState::text_scale() const {
    return present ? std::max(settings.font_scale, 1.5f) : settings.font_scale;
}

void AppState::tick(double dt) {
    if (!play.playing || !has_trace()) return;
    play.carry += dt * static_cast<double>(play.events_per_second);
    auto n = static_cast<std::int64_t>(play.carry);
    if (n <= 0) return;
    play.carry -= static_cast<double>(n);
    seek(step + n);
    if (step >= last_step()) play.playing = false;
}

// [SECTION] Diagnostics' text

const char* diagnostic_title(DiagKind k) {
    static constexpr const char* kTitles[] = {
        "Lost wakeup", "Busy loop", "Blocking the executor", "Wake after completion", "Deadlock",
        "Event limit", "Panic"};
    static_assert(std::size(kTitles) == static_cast<std::size_t>(DiagKind::Count_));
    return enum_name(k, kTitles, "Diagnostic");
}

std::string_view diagnostic_message(const DiagnosticInfo& d) {
    const std::string_view title = diagnostic_title(d.kind), m = d.message;
    const std::size_t n = title.size();
    if (m.size() < n + 2 || m[n] != ':' || m[n + 1] != ' ') return m;
    for (std::size_t i = 0; i < n; ++i)
        if (std::tolower(static_cast<unsigned char>(title[i])) !=
            std::tolower(static_cast<unsigned char>(m[i])))
            return m;
    return m.substr(n + 2);
}

// [SECTION] describe_state (for --dump-state)

namespace {
bool show_compare_line(const AppState& app) {
    return app.show_compare && app.compare;
}

// "timeline poll: task 0 poll #2 at 1300,288" for every task-level poll at least 4 px wide
// in the last frame drawn (none before a frame is drawn).
void describe_drawn_polls(std::ostream& o, const AppState& app) {
    const TimelineView& tv = app.timeline;
    const auto& g = tv.drawn;
    if (!g.valid || !app.has_trace()) return;
    const Trace& t = *app.trace();
    const bool time = tv.axis == AxisMode::Time;
    auto px = [&](double v) { return g.left + static_cast<float>((v - g.x0) * g.ppu); };
    const auto& lanes = app.doc->model->tasks;
    for (std::size_t task = 0; task < lanes.size() && task < g.task_c.size(); ++task) {
        for (const PollSlice& s : lanes[task].polls.slices) {
            float a = px(time ? static_cast<double>(s.t0) : static_cast<double>(s.begin));
            float z = px(time ? static_cast<double>(s.t1) : static_cast<double>(s.end) + 1.0);
            float x = std::round((a + z) * 0.5f);
            if (z - a < 4 || x < g.left || x > g.right) continue;
            o << "timeline poll: task " << task << " poll #" << t[s.begin].arg << " at " << x << ','
              << std::round(g.task_c[task]) << "\n";
        }
    }
}

// "note: step N" for the lesson note shown at the cursor (the latest at or before it).
void describe_note(std::ostream& o, const AppState& app) {
    const auto& notes = app.trace()->meta.notes;
    const NoteInfo* shown = nullptr;
    for (const NoteInfo& n : notes)
        if (static_cast<std::int64_t>(n.step) <= app.step && (!shown || n.step >= shown->step)) shown = &n;
    if (shown) o << "note: step " << shown->step << "\n";
}

}  // namespace

std::string describe_state(const AppState& app) {
    std::ostringstream o;
    if (!app.has_trace()) {
        o << "document: none\n";
    } else {
        const Trace& t = *app.trace();
        const Snapshot& s = *app.snapshot();
        o << "document: " << (app.doc->path.empty() ? "(built in code)" : app.doc->path) << "\n";
        o << "title: " << t.meta.title << "\n";
        o << "policy: " << t.meta.policy << "\n";
        if (show_compare_line(app)) {
            auto pa = task_polls(t), pb = task_polls(*app.compare);
            o << "compare: " << app.compare->meta.policy << ", first divergence at task poll "
              << first_divergence(pa, pb) << " (-1 = none)\n";
        }
        o << "events: " << t.size() << "\n";
        o << "cursor step: " << app.step << "\n";
        o << "snapshot step: " << s.step << "\n";
        o << "time: " << format_time(s.time) << "\n";
        if (app.step >= 0) o << "event: " << narrate_line(t, static_cast<std::uint32_t>(app.step)) << "\n";
        o << "running: " << (s.running == kNone ? std::string("none") : task_label(t, s.running)) << "\n";
        o << "poll stack:";
        for (auto p : s.poll_stack) o << ' ' << t.strings.get(p);
        o << "\nrun queue:";
        for (auto q : s.run_queue) o << ' ' << q;
        o << "\ntasks:\n";
        for (std::size_t i = 0; i < s.tasks.size(); ++i) {
            const auto& ts = s.tasks[i];
            o << "  " << i << ' ' << t.task_name(static_cast<std::uint32_t>(i)) << ": "
              << task_state_name(ts.state) << " polls=" << ts.stats.polls << " wakes=" << ts.stats.wakes
              << " clones=" << ts.stats.waker_clones << " drops=" << ts.stats.waker_drops
              << " self_wakes=" << ts.stats.self_wakes << " busy=" << ts.stats.busy
              << " scheduled=" << ts.stats.scheduled << " idle=" << ts.stats.idle
              << " live_wakers=" << ts.live_wakers << " parked_at=" << t.strings.get(ts.parked_at) << "\n";
        }
        o << "wakers:\n";
        for (const auto& [id, w] : s.wakers)
            o << "  #" << id << " task=" << w.task << " holder=" << holder_kind_name(w.holder_kind) << " '"
              << t.strings.get(w.holder) << "' created_step=" << w.created_step << "\n";
        o << "registrations:\n";
        for (const auto& r : s.registrations)
            o << "  " << t.strings.get(r.source) << " waker=" << r.waker << " task=" << r.task
              << " step=" << r.step << "\n";
        o << "diagnostics so far: " << s.diagnostics << "\n";
        describe_note(o, app);
    }
    o << "last error: " << (app.last_error.empty() ? "none" : app.last_error) << "\n";
    o << "status: " << app.status << "\n";
    o << "view: font scale " << app.settings.font_scale << ", " << (app.settings.dark ? "dark" : "light")
      << " theme, " << (app.timeline.axis == AxisMode::Time ? "time" : "step") << " axis"
      << (app.present ? ", presenting" : "") << (app.hide_future ? ", hiding the future" : "") << "\n";
    if (app.quiz.on && app.has_trace())
        o << "quiz: " << app.quiz.summary()
          << (app.quiz.open_at(*app.doc->model, app.step) ? ", asking which task is polled next" : "")
          << (app.quiz.finished(*app.doc->model, app.step) ? ", done" : "") << "\n";
    const PanelWeights& w = app.weights;
    o << "panels: left " << w.left << " right " << w.right << " lesson " << w.lesson << " code " << w.code
      << " timeline " << w.timeline << "\n";
    if (app.exporter.drawn) {
        auto centre = [&](const ExportDialog::Box& b) {
            o << std::round((b.x0 + b.x1) * 0.5f) << ',' << std::round((b.y0 + b.y1) * 0.5f);
        };
        o << "export dialog: Export button at ";
        centre(app.exporter.export_button);
        o << ", PNG choice at ";
        centre(app.exporter.png_choice);
        o << "\n";
    }
    for (const AppState::PanelRect& r : app.drawn_panels)
        o << "panel: " << r.name << " at " << r.x << ',' << r.y << " size " << r.w << 'x' << r.h << "\n";
    const int m = static_cast<int>(app.timeline.axis);
    o << "timeline range: " << app.timeline.x0[m] << " .. " << app.timeline.x1[m] << "\n";
    describe_drawn_polls(o, app);
    return o.str();
}

std::unique_ptr<Document> AppState::run_open_scenario(const RunOptions& options) {
    std::string err;
    auto d = open_document(doc->path, false, err, options);
    if (!d) {
        error.title = "Could not run " + doc->path + " under " + options.policy.value_or("its own policy");
        error.text = err;
        error.open_request = true;
    }
    return d;
}

bool AppState::rerun_with_policy(const std::string& policy) {
    if (!doc || doc->is_trace || doc->path.empty()) return false;
    run_options.policy = policy;
    auto d = run_open_scenario(run_options);
    if (!d) return false;
    set_document(std::move(d), true);
    compare.reset();
    show_compare = false;
    status = "Running under the " + policy + " policy";
    return true;
}

void AppState::refresh_comparison() {
    if (!compare || !doc || doc->is_trace) return;
    const bool shown = show_compare;  // shown or not as it was
    compare_with(compare->meta.policy);
    show_compare = shown;
}

bool AppState::compare_with(const std::string& policy) {
    if (!doc || doc->is_trace || doc->path.empty()) return false;
    RunOptions other = run_options;
    other.policy = policy;
    auto d = run_open_scenario(other);
    if (!d) return false;
    compare = std::move(d->trace);
    show_compare = true;
    return true;
}

}  // namespace ps::gui
