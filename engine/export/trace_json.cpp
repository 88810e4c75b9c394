#include "engine/export/trace_json.hpp"

#include <cerrno>
#include <cstdio>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/export/json_reader.hpp"
#include "engine/export/string_cache.hpp"

namespace ps {

// ==== [SECTION] enum names ====================================================================

namespace {

const char* schedule_reason_name(std::uint8_t d) {
    switch (d) {
        case 0: return "spawned";
        case 1: return "woken";
        case 2: return "requeued";
        default: return "unknown";
    }
}
const char* drop_reason_name(std::uint8_t d) {
    switch (d) {
        case 0: return "completed";
        case 1: return "cancelled";
        default: return "unknown";
    }
}
const char* complete_outcome_name(std::uint8_t d) {
    switch (d) {
        case 0: return "done";
        case 1: return "cancelled";
        default: return "unknown";
    }
}
const char* poll_result_name(std::uint8_t d) {
    switch (d) {
        case 0: return "pending";
        case 1: return "ready";
        default: return "unknown";
    }
}

// Name -> value for the small enums; count = number of valid values.
template <typename NameFn>
bool enum_from_name(std::string_view name, int count, NameFn fn, std::uint8_t& out) {
    for (int i = 0; i < count; ++i) {
        if (name == fn(static_cast<std::uint8_t>(i))) {
            out = static_cast<std::uint8_t>(i);
            return true;
        }
    }
    return false;
}
const char* holder_name_u8(std::uint8_t d) {
    return d <= static_cast<std::uint8_t>(HolderKind::Executor) ? holder_kind_name(static_cast<HolderKind>(d))
                                                                : "unknown";
}
const char* readiness_name_u8(std::uint8_t d) {
    return d <= 3 ? io_readiness_name(static_cast<IoReadiness>(d)) : "unknown";
}
const char* diag_name_u8(std::uint8_t d) {
    return d < static_cast<std::uint8_t>(DiagKind::Count_) ? diag_kind_name(static_cast<DiagKind>(d)) : "unknown";
}
const char* end_name_u8(std::uint8_t d) {
    return d <= 3 ? end_reason_name(static_cast<EndReason>(d)) : "unknown";
}
constexpr int kHolderKinds = static_cast<int>(HolderKind::Executor) + 1;
constexpr int kDiagKinds = static_cast<int>(DiagKind::Count_);

// Which text field carries the interned string in `arg`, per kind ("" = arg is not a string).
const char* text_field(EventKind k) {
    switch (k) {
        case EventKind::WakerClone: return "holder";
        case EventKind::WakerWake:
        case EventKind::WakerWakeByRef: return "cause";
        case EventKind::WakerDrop: return "reason";
        case EventKind::Register:
        case EventKind::Deregister:
        case EventKind::IoReady: return "source";
        case EventKind::Diagnostic:
        case EventKind::RunEnd: return "message";
        default: return "";
    }
}

}  // namespace

// ==== [SECTION] writing =======================================================================

void write_trace_json(const Trace& trace, Writer& w, StepRange range) {
    const StepSpan span = resolve_range(range, trace.size());
    const TraceMeta& m = trace.meta;
    detail::EscapedStrings str(trace.strings, detail::Escape::Json);

    w << "{\n  \"format\": ";
    w.json_string(kTraceFormat);
    w << ",\n  \"first_step\": ";
    w.u64(span.begin);

    w << ",\n  \"meta\": {\n    \"scenario_path\": ";
    w.json_string(m.scenario_path);
    w << ",\n    \"title\": ";
    w.json_string(m.title);
    w << ",\n    \"summary\": ";
    w.json_string(m.summary);
    w << ",\n    \"lesson\": [";
    for (std::size_t i = 0; i < m.lesson.size(); ++i) {
        if (i) w << ", ";
        w.json_string(m.lesson[i]);
    }
    w << "],\n    \"policy\": ";
    w.json_string(m.policy);
    w << ",\n    \"seed\": ";
    w.u64(m.seed);
    w << ",\n    \"poll_cost_ns\": ";
    w.i64(m.poll_cost);
    w << ",\n    \"max_events\": ";
    w.i64(m.max_events);
    w << ",\n    \"workers\": ";
    w.i64(m.workers);
    w << ",\n    \"end\": ";
    w.json_string(end_name_u8(static_cast<std::uint8_t>(m.end)));
    w << ",\n    \"end_message\": ";
    w.json_string(m.end_message);
    w << "\n  },\n  \"tasks\": [";

    for (std::size_t i = 0; i < trace.tasks.size(); ++i) {
        const TaskInfo& t = trace.tasks[i];
        w << (i ? ",\n    {\"id\": " : "\n    {\"id\": ");
        w.u64(i);
        w << ", \"name\": ";
        w.json_string(t.name);
        w << ", \"parent\": ";
        if (t.parent == kNone) w << "null";
        else w.u64(t.parent);
        w << ", \"spec\": ";
        if (t.spec == kNone) w << "null";
        else w.u64(t.spec);
        w << '}';
    }
    w << (trace.tasks.empty() ? "],\n  \"code\": [" : "\n  ],\n  \"code\": [");

    for (std::size_t i = 0; i < m.code.size(); ++i) {
        const TaskCode& c = m.code[i];
        w << (i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        w.json_string(c.name);
        w << ", \"lines\": [";
        for (std::size_t j = 0; j < c.lines.size(); ++j) {
            w << (j ? ",\n      {\"text\": " : "\n      {\"text\": ");
            w.json_string(c.lines[j].text);
            w << ", \"path\": ";
            w.json_string(c.lines[j].path);
            w << '}';
        }
        w << (c.lines.empty() ? "]}" : "\n    ]}");
    }
    w << (m.code.empty() ? "],\n  \"nodes\": [" : "\n  ],\n  \"nodes\": [");

    for (std::size_t i = 0; i < m.nodes.size(); ++i) {
        const NodeInfo& n = m.nodes[i];
        w << (i ? ",\n    {\"path\": " : "\n    {\"path\": ");
        w.json_string(n.path);
        w << ", \"kind\": ";
        w.json_string(n.kind);
        w << ", \"text\": ";
        w.json_string(n.text);
        w << ", \"depth\": ";
        w.i64(n.depth);
        w << '}';
    }
    w << (m.nodes.empty() ? "],\n  \"resources\": [" : "\n  ],\n  \"resources\": [");

    for (std::size_t i = 0; i < m.resources.size(); ++i) {
        const ResourceInfo& r = m.resources[i];
        w << (i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        w.json_string(r.name);
        w << ", \"kind\": ";
        w.json_string(r.kind);
        w << ", \"script\": [";
        for (std::size_t j = 0; j < r.script.size(); ++j) {
            if (j) w << ", ";
            w.json_string(r.script[j]);
        }
        w << "]}";
    }
    w << (m.resources.empty() ? "],\n  \"notes\": [" : "\n  ],\n  \"notes\": [");

    bool first = true;
    for (const NoteInfo& n : m.notes) {
        if (!span.contains(n.step)) continue;
        w << (first ? "\n    {\"step\": " : ",\n    {\"step\": ");
        first = false;
        w.u64(n.step);
        w << ", \"text\": ";
        w.json_string(n.text);
        w << '}';
    }
    w << (first ? "],\n  \"diagnostics\": [" : "\n  ],\n  \"diagnostics\": [");

    first = true;
    for (const DiagnosticInfo& d : trace.diagnostics) {
        if (!span.contains(d.step)) continue;
        w << (first ? "\n    {\"step\": " : ",\n    {\"step\": ");
        first = false;
        w.u64(d.step);
        w << ", \"kind\": ";
        w.json_string(diag_name_u8(static_cast<std::uint8_t>(d.kind)));
        w << ", \"task\": ";
        if (d.task == kNone) w << "null";
        else w.u64(d.task);
        w << ", \"message\": ";
        w.json_string(d.message);
        w << '}';
    }
    w << (first ? "],\n  \"events\": [" : "\n  ],\n  \"events\": [");

    for (std::size_t i = span.begin; i < span.end; ++i) {
        const Event& e = trace[i];
        w << (i != span.begin ? ",\n    {\"step\":" : "\n    {\"step\":");
        w.u64(i);
        w << ",\"t\":";
        w.i64(e.time);
        w << ",\"kind\":\"";
        w << event_kind_name(e.kind);
        w << '"';
        if (e.task != kNone) {
            w << ",\"task\":";
            w.u64(e.task);
        }
        if (e.node != kNone) {
            w << ",\"path\":";
            w << str.get(e.node);
        }
        if (e.waker != kNone) {
            w << ",\"waker\":";
            w.u64(e.waker);
        }
        bool raw_detail = false;   // detail not meaningful for this kind: kept only if non-zero
        bool raw_arg = false;
        switch (e.kind) {
            case EventKind::Spawn:
                w << ",\"parent\":";
                if (e.arg == -1) w << "null";
                else w.i64(e.arg);
                raw_detail = true;
                break;
            case EventKind::Schedule:
                w << ",\"reason\":\"" << schedule_reason_name(e.detail) << "\",\"queue_len\":";
                w.i64(e.arg);
                break;
            case EventKind::PollBegin:
                w << ",\"poll\":";
                w.i64(e.arg);
                raw_detail = true;
                break;
            case EventKind::PollEnd:
                w << ",\"result\":\"" << poll_result_name(e.detail) << "\",\"value\":";
                w.i64(e.arg);
                break;
            case EventKind::WakerClone:
            case EventKind::WakerWake:
            case EventKind::WakerWakeByRef:
            case EventKind::WakerDrop:
            case EventKind::Register:
            case EventKind::Deregister:
                w << ",\"holder_kind\":\"" << holder_name_u8(e.detail) << "\",\"" << text_field(e.kind) << "\":";
                w << str.get(e.arg >= 0 && e.arg < static_cast<std::int64_t>(kNone) ? static_cast<std::uint32_t>(e.arg) : kNone);
                break;
            case EventKind::TimerFire:
                w << ",\"timer\":";
                w.i64(e.arg);
                raw_detail = true;
                break;
            case EventKind::IoReady:
                w << ",\"readiness\":\"" << readiness_name_u8(e.detail) << "\",\"source\":";
                w << str.get(e.arg >= 0 && e.arg < static_cast<std::int64_t>(kNone) ? static_cast<std::uint32_t>(e.arg) : kNone);
                break;
            case EventKind::TimeAdvance:
                w << ",\"from\":";
                w.i64(e.arg);
                raw_detail = true;
                break;
            case EventKind::TaskComplete:
                w << ",\"outcome\":\"" << complete_outcome_name(e.detail) << "\",\"value\":";
                w.i64(e.arg);
                break;
            case EventKind::FutureDrop:
                w << ",\"reason\":\"" << drop_reason_name(e.detail) << '"';
                raw_arg = true;
                break;
            case EventKind::Diagnostic:
                w << ",\"diag\":\"" << diag_name_u8(e.detail) << "\",\"message\":";
                w << str.get(e.arg >= 0 && e.arg < static_cast<std::int64_t>(kNone) ? static_cast<std::uint32_t>(e.arg) : kNone);
                break;
            case EventKind::RunEnd:
                w << ",\"end\":\"" << end_name_u8(e.detail) << "\",\"message\":";
                w << str.get(e.arg >= 0 && e.arg < static_cast<std::int64_t>(kNone) ? static_cast<std::uint32_t>(e.arg) : kNone);
                break;
            case EventKind::Steal:   // detail = tasks stolen, arg = victim worker
            case EventKind::WorkerPark:
            case EventKind::WorkerUnpark:
                raw_detail = true;
                raw_arg = true;
                break;
            case EventKind::Count_:
                break;
        }
        if (e.worker != 0) {
            w << ",\"worker\":";
            w.u64(e.worker);
        }
        if (raw_detail && e.detail != 0) {
            w << ",\"detail\":";
            w.u64(e.detail);
        }
        if (raw_arg && e.arg != 0) {
            w << ",\"arg\":";
            w.i64(e.arg);
        }
        w << '}';
    }
    w << (span.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

std::string trace_json_string(const Trace& trace, StepRange range) {
    std::string out;
    {
        Writer w(out, 1 << 16);
        write_trace_json(trace, w, range);
    }
    return out;
}

ExportResult write_trace_json(const Trace& trace, const std::string& path, StepRange range) {
    return write_file_atomically(path, [&](Writer& w, ExportResult&) {
        write_trace_json(trace, w, range);
        return true;
    });
}

// ==== [SECTION] errors ========================================================================

std::string TraceError::text() const {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line) + ":" + std::to_string(column);
    if (!pointer.empty()) s += " (" + pointer + ")";
    s += ": " + message;
    if (!id.empty()) s += " [" + id + "]";
    return s;
}

// ==== [SECTION] loading =======================================================================

namespace {

using detail::JsonReader;
using Type = JsonReader::Type;

// Event fields, in the order the writer emits them.
enum Field : int {
    F_step, F_t, F_kind, F_task, F_path, F_waker, F_parent, F_reason, F_queue_len, F_poll,
    F_result, F_value, F_holder_kind, F_holder, F_cause, F_source, F_timer, F_readiness, F_from,
    F_outcome, F_diag, F_message, F_end, F_worker, F_detail, F_arg,
    F_count
};
constexpr const char* kFieldNames[F_count] = {
    "step", "t", "kind", "task", "path", "waker", "parent", "reason", "queue_len", "poll",
    "result", "value", "holder_kind", "holder", "cause", "source", "timer", "readiness", "from",
    "outcome", "diag", "message", "end", "worker", "detail", "arg",
};
enum class FieldType { Int, NullableInt, String };
constexpr FieldType kFieldTypes[F_count] = {
    FieldType::Int, FieldType::Int, FieldType::String, FieldType::NullableInt, FieldType::String,
    FieldType::Int, FieldType::NullableInt, FieldType::String, FieldType::Int, FieldType::Int,
    FieldType::String, FieldType::Int, FieldType::String, FieldType::String, FieldType::String,
    FieldType::String, FieldType::Int, FieldType::String, FieldType::Int,
    FieldType::String, FieldType::String, FieldType::String, FieldType::String, FieldType::Int,
    FieldType::Int, FieldType::Int,
};

constexpr std::uint32_t bit(Field f) { return std::uint32_t{1} << f; }
constexpr std::uint32_t kCommon = bit(F_step) | bit(F_t) | bit(F_kind) | bit(F_task) | bit(F_path) |
                                  bit(F_waker) | bit(F_worker);

struct KindFields {
    std::uint32_t required;
    std::uint32_t optional;   // beyond kCommon
};

KindFields kind_fields(EventKind k) {
    const std::uint32_t holder = bit(F_holder_kind);
    switch (k) {
        case EventKind::Spawn: return {bit(F_parent), bit(F_detail)};
        case EventKind::Schedule: return {bit(F_reason) | bit(F_queue_len), 0};
        case EventKind::PollBegin: return {bit(F_poll), bit(F_detail)};
        case EventKind::PollEnd: return {bit(F_result) | bit(F_value), 0};
        case EventKind::WakerClone: return {holder | bit(F_holder), 0};
        case EventKind::WakerWake:
        case EventKind::WakerWakeByRef: return {holder | bit(F_cause), 0};
        case EventKind::WakerDrop: return {holder | bit(F_reason), 0};
        case EventKind::Register:
        case EventKind::Deregister: return {holder | bit(F_source), 0};
        case EventKind::TimerFire: return {bit(F_timer), bit(F_detail)};
        case EventKind::IoReady: return {bit(F_readiness) | bit(F_source), 0};
        case EventKind::TimeAdvance: return {bit(F_from), bit(F_detail)};
        case EventKind::TaskComplete: return {bit(F_outcome) | bit(F_value), 0};
        case EventKind::FutureDrop: return {bit(F_reason), bit(F_arg)};
        case EventKind::Diagnostic: return {bit(F_diag) | bit(F_message), 0};
        case EventKind::RunEnd: return {bit(F_end) | bit(F_message), 0};
        case EventKind::Steal:
        case EventKind::WorkerPark:
        case EventKind::WorkerUnpark: return {0, bit(F_detail) | bit(F_arg)};
        case EventKind::Count_: break;
    }
    return {0, 0};
}

int field_from_name(std::string_view name) {
    for (int i = 0; i < F_count; ++i)
        if (name == kFieldNames[i]) return i;
    return -1;
}

std::string pointer_escape(std::string_view key) {
    std::string s;
    for (char c : key) {
        if (c == '~') s += "~0";
        else if (c == '/') s += "~1";
        else s += c;
    }
    return s;
}

class Loader {
public:
    Loader(std::string_view text, std::string file, const TraceLoadLimits& limits)
        : r_(text, limits.max_string), file_(std::move(file)), limits_(limits),
          trace_(std::make_unique<Trace>()) {}

    TraceLoadResult run();

private:
    // -- errors ---------------------------------------------------------------------------
    struct Where {
        int line = 0, column = 0;
        std::string pointer;
    };
    Where here(std::string_view leaf = {}) const {
        Where w{r_.line(), r_.column(), pointer()};
        if (!leaf.empty()) w.pointer += "/" + pointer_escape(leaf);
        return w;
    }
    bool fail_at(const Where& w, const char* id, std::string message) {
        if (!failed_) {
            failed_ = true;
            error_ = TraceError{id, file_, w.line, w.column, w.pointer, std::move(message)};
        }
        return false;
    }
    bool fail(const char* id, std::string message) { return fail_at(here(), id, std::move(message)); }
    bool syntax_or(const char* id, std::string message) {
        if (r_.failed()) return fail(r_.error_id().c_str(), r_.error());
        return fail(id, std::move(message));
    }
    std::string pointer() const {
        std::string s;
        for (const auto& c : path_) {
            s += '/';
            if (c.key) s += c.key;
            else s += std::to_string(c.index);
        }
        return s;
    }
    struct Component {
        const char* key;
        std::size_t index;
    };
    void push(const char* key) { path_.push_back({key, 0}); }
    void push(std::size_t index) { path_.push_back({nullptr, index}); }
    void pop() { path_.pop_back(); }

    // -- typed reads (the pointer already names the value) -----------------------------------
    bool want_string(std::string& out) {
        if (r_.read_string(out)) return true;
        return syntax_or("trace.schema.202", "expected a string, got " + r_.describe_next());
    }
    bool want_int(std::int64_t& out, std::int64_t lo, std::int64_t hi, const char* what = "an integer") {
        if (!r_.read_int(out)) {
            if (r_.failed()) return syntax_or("", "");
            std::string got = r_.describe_next();
            return fail("trace.schema.202", std::string("expected ") + what + ", got " + got);
        }
        if (out < lo || out > hi)
            return fail("trace.schema.212", std::string("expected ") + what + " from " + std::to_string(lo) +
                                                " to " + std::to_string(hi) + ", got " + std::to_string(out));
        return true;
    }
    // Integer or null (null -> kNone).
    bool want_id_or_null(std::uint32_t& out, std::uint64_t count, const char* what) {
        if (r_.peek() == Type::Null) {
            r_.read_null();
            out = kNone;
            return true;
        }
        std::int64_t v = 0;
        Where w = here();
        if (!r_.read_int(v)) {
            if (r_.failed()) return syntax_or("", "");
            return fail("trace.schema.202", std::string("expected ") + what + " or null, got " + r_.describe_next());
        }
        if (v < 0 || static_cast<std::uint64_t>(v) >= count)
            return fail_at(w, "trace.schema.208",
                           std::string(what) + " " + std::to_string(v) + " does not exist (there are " +
                               std::to_string(count) + ")");
        out = static_cast<std::uint32_t>(v);
        return true;
    }
    bool want_object(const char* what) {
        if (r_.begin_object()) return true;
        return syntax_or("trace.schema.202", std::string("expected ") + what + ", got " + r_.describe_next());
    }
    bool want_array() {
        if (r_.begin_array()) return true;
        return syntax_or("trace.schema.202", "expected an array, got " + r_.describe_next());
    }
    Where at_key(const std::string& key) const {
        Where w = here(key);
        w.line = r_.key_line();
        w.column = r_.key_column();
        return w;
    }
    bool unknown_key(const std::string& key, const char* where) {
        return fail_at(at_key(key), "trace.schema.203", "unknown field " + json_quoted(key) + " in " + where);
    }
    bool duplicate_key(const std::string& key) {
        return fail_at(at_key(key), "trace.syntax.106", "duplicate field " + json_quoted(key));
    }
    // The member name just read (key_): its index in `keys`, marked in `seen` and pushed on the
    // pointer path; -1 after reporting an unknown or repeated field (the caller returns false).
    template <std::size_t N>
    int member(const char* const (&keys)[N], const char* where, std::uint32_t& seen) {
        int which = -1;
        for (std::size_t k = 0; k < N; ++k)
            if (key_ == keys[k]) which = static_cast<int>(k);
        if (which < 0) return unknown_key(key_, where), -1;
        if (seen & (1u << which)) return duplicate_key(key_), -1;
        seen |= 1u << which;
        push(keys[which]);
        return which;
    }
    bool count_ok(std::size_t n, const char* what) {
        if (n < limits_.max_items) return true;
        return fail("trace.limit.301", std::string("too many ") + what + " (the limit is " +
                                           std::to_string(limits_.max_items) + ")");
    }
    // Array of strings.
    bool string_list(std::vector<std::string>& out, const char* what) {
        if (!want_array()) return false;
        std::size_t i = 0;
        while (r_.next_element()) {
            if (!count_ok(i, what)) return false;
            push(i);
            out.emplace_back();
            if (!want_string(out.back())) return false;
            pop();
            ++i;
        }
        return !r_.failed() || syntax_or("", "");
    }

    // -- sections ---------------------------------------------------------------------------
    bool meta();
    bool tasks();
    bool code();
    bool nodes();
    bool resources();
    bool notes();
    bool diagnostics();
    bool events();
    bool event(std::size_t index);
    bool finish();

    JsonReader r_;
    std::string file_;
    const TraceLoadLimits& limits_;
    std::unique_ptr<Trace> trace_;
    std::vector<Component> path_;
    bool failed_ = false;
    TraceError error_;

    std::uint64_t first_step_ = 0;
    bool seen_tasks_ = false;
    bool seen_events_ = false;
    Nanos last_time_ = 0;
    // Cross-references checked once everything is read.
    struct Ref {
        enum What { Spec, NoteStep, DiagStep, DiagTask } what;
        std::uint64_t value;
        Where where;
    };
    std::vector<Ref> refs_;
    std::vector<NoteInfo> raw_notes_;
    std::vector<DiagnosticInfo> raw_diags_;

    // Per-event scratch, reused.
    std::string key_;
    std::string s_[F_count];
    std::int64_t i_[F_count] = {};
    bool null_[F_count] = {};
    int line_[F_count] = {};
    int col_[F_count] = {};
};

TraceLoadResult Loader::run() {
    TraceLoadResult result;
    auto done = [&]() {
        if (failed_) {
            result.errors.push_back(error_);
            result.trace.reset();
        }
        return std::move(result);
    };
    if (!want_object("a trace object")) return done();
    std::uint32_t seen = 0;
    static constexpr const char* kTop[] = {"format", "first_step", "meta", "tasks", "code", "nodes",
                                           "resources", "notes", "diagnostics", "events"};
    bool format_ok = false;
    while (r_.next_key(key_)) {
        int which = -1;
        for (int i = 0; i < 10; ++i)
            if (key_ == kTop[i]) which = i;
        if (which < 0) {
            unknown_key(key_, "the trace");
            return done();
        }
        if (seen & (1u << which)) {
            duplicate_key(key_);
            return done();
        }
        seen |= 1u << which;
        if (which != 0 && !format_ok) {
            fail_at(at_key(key_), "trace.schema.201",
                    "the trace must start with \"format\": \"pollscope-trace/1\"");
            return done();
        }
        push(kTop[which]);
        bool ok = true;
        switch (which) {
            case 0: {
                std::string f;
                Where w = here();
                ok = want_string(f);
                if (ok && f != kTraceFormat) {
                    ok = fail_at(w, "trace.schema.201",
                                 "unsupported format " + json_quoted(f) + " (this program reads \"pollscope-trace/1\")");
                }
                format_ok = ok;
                break;
            }
            case 1: {
                if (seen_events_) {
                    ok = fail_at(here(), "trace.schema.216", "\"first_step\" must come before \"events\"");
                    break;
                }
                std::int64_t v = 0;
                ok = want_int(v, 0, std::int64_t{kNone} - 1, "a step number");
                first_step_ = static_cast<std::uint64_t>(v);
                break;
            }
            case 2: ok = meta(); break;
            case 3: ok = tasks(); break;
            case 4: ok = code(); break;
            case 5: ok = nodes(); break;
            case 6: ok = resources(); break;
            case 7: ok = notes(); break;
            case 8: ok = diagnostics(); break;
            case 9: ok = events(); break;
        }
        pop();
        if (!ok) return done();
    }
    if (r_.failed()) {
        syntax_or("", "");
        return done();
    }
    if (!format_ok) {
        fail("trace.schema.201", "missing \"format\": \"pollscope-trace/1\"");
        return done();
    }
    if (!(seen & (1u << 9))) {
        fail("trace.schema.204", "missing field \"events\"");
        return done();
    }
    if (!r_.at_end()) {
        fail("trace.syntax.107", "unexpected text after the trace object: " + r_.describe_next());
        return done();
    }
    if (!finish()) return done();
    result.first_step = first_step_;
    result.trace = std::move(trace_);
    return done();
}

bool Loader::meta() {
    if (!want_object("an object")) return false;
    TraceMeta& m = trace_->meta;
    static constexpr const char* kKeys[] = {"scenario_path", "title", "summary", "lesson", "policy", "seed",
                                            "poll_cost_ns", "max_events", "workers", "end", "end_message"};
    std::uint32_t seen = 0;
    while (r_.next_key(key_)) {
        const int which = member(kKeys, "\"meta\"", seen);
        if (which < 0) return false;
        bool ok = true;
        std::int64_t v = 0;
        switch (which) {
            case 0: ok = want_string(m.scenario_path); break;
            case 1: ok = want_string(m.title); break;
            case 2: ok = want_string(m.summary); break;
            case 3: ok = string_list(m.lesson, "lesson paragraphs"); break;
            case 4: ok = want_string(m.policy); break;
            case 5:
                if (!r_.read_u64(m.seed))
                    ok = syntax_or("trace.schema.202", "expected a non-negative integer, got " + r_.describe_next());
                break;
            case 6:
                ok = want_int(v, 0, kMaxDuration, "a duration in nanoseconds");
                m.poll_cost = v;
                break;
            case 7:
                ok = want_int(v, 0, INT64_MAX, "an event count");
                m.max_events = v;
                break;
            case 8:
                ok = want_int(v, 1, 256, "a worker count");
                m.workers = static_cast<int>(v);
                break;
            case 9: {
                std::string s;
                Where w = here();
                ok = want_string(s);
                std::uint8_t d = 0;
                if (ok && !enum_from_name(s, 4, end_name_u8, d))
                    ok = fail_at(w, "trace.schema.209",
                                 "unknown end " + json_quoted(s) +
                                     " (expected all_complete, deadlock, event_limit or idle)");
                m.end = static_cast<EndReason>(d);
                break;
            }
            case 10: ok = want_string(m.end_message); break;
        }
        pop();
        if (!ok) return false;
    }
    return !r_.failed() || syntax_or("", "");
}

bool Loader::tasks() {
    if (!want_array()) return false;
    std::size_t i = 0;
    std::vector<std::pair<std::int64_t, Where>> parents;
    while (r_.next_element()) {
        if (!count_ok(i, "tasks")) return false;
        push(i);
        if (!want_object("a task object")) return false;
        TaskInfo t;
        std::uint32_t seen = 0;
        static constexpr const char* kKeys[] = {"id", "name", "parent", "spec"};
        while (r_.next_key(key_)) {
            const int which = member(kKeys, "a task", seen);
            if (which < 0) return false;
            bool ok = true;
            std::int64_t v = 0;
            switch (which) {
                case 0: {
                    Where w = here();
                    ok = want_int(v, 0, INT64_MAX, "a task id");
                    if (ok && static_cast<std::uint64_t>(v) != i)
                        ok = fail_at(w, "trace.schema.215",
                                     "task ids must be 0, 1, 2, ... in order: expected " + std::to_string(i) +
                                         ", got " + std::to_string(v));
                    break;
                }
                case 1: ok = want_string(t.name); break;
                case 2:
                    if (r_.peek() == Type::Null) {
                        r_.read_null();
                    } else {
                        Where w = here();
                        ok = want_int(v, 0, std::int64_t{kNone} - 1, "a task id");
                        t.parent = static_cast<std::uint32_t>(v);
                        parents.emplace_back(v, w);
                    }
                    break;
                case 3:
                    if (r_.peek() == Type::Null) {
                        r_.read_null();
                    } else {
                        Where w = here();
                        ok = want_int(v, 0, std::int64_t{kNone} - 1, "a code index");
                        t.spec = static_cast<std::uint32_t>(v);
                        refs_.push_back({Ref::Spec, static_cast<std::uint64_t>(v), w});
                    }
                    break;
            }
            pop();
            if (!ok) return false;
        }
        if (r_.failed()) return syntax_or("", "");
        if (!(seen & 1u)) return fail("trace.schema.204", "a task needs \"id\"");
        if (!(seen & 2u)) return fail("trace.schema.204", "a task needs \"name\"");
        trace_->tasks.push_back(std::move(t));
        pop();
        ++i;
    }
    if (r_.failed()) return syntax_or("", "");
    for (const auto& [v, w] : parents)
        if (static_cast<std::uint64_t>(v) >= trace_->tasks.size())
            return fail_at(w, "trace.schema.208",
                           "task " + std::to_string(v) + " does not exist (there are " +
                               std::to_string(trace_->tasks.size()) + ")");
    seen_tasks_ = true;
    return true;
}

bool Loader::code() {
    if (!want_array()) return false;
    std::size_t i = 0;
    std::size_t total_lines = 0;
    while (r_.next_element()) {
        if (!count_ok(i, "code bodies")) return false;
        push(i);
        if (!want_object("a code object")) return false;
        TaskCode c;
        std::uint32_t seen = 0;
        while (r_.next_key(key_)) {
            if (key_ == "name") {
                if (seen & 1u) return duplicate_key(key_);
                seen |= 1u;
                push("name");
                if (!want_string(c.name)) return false;
                pop();
            } else if (key_ == "lines") {
                if (seen & 2u) return duplicate_key(key_);
                seen |= 2u;
                push("lines");
                if (!want_array()) return false;
                std::size_t j = 0;
                while (r_.next_element()) {
                    if (!count_ok(total_lines++, "code lines")) return false;
                    push(j);
                    if (!want_object("a code line object")) return false;
                    CodeLine line;
                    std::uint32_t lseen = 0;
                    while (r_.next_key(key_)) {
                        static constexpr const char* kLineKeys[] = {"text", "path"};
                        const int which = member(kLineKeys, "a code line", lseen);
                        if (which < 0) return false;
                        if (!want_string(which == 0 ? line.text : line.path)) return false;
                        pop();
                    }
                    if (r_.failed()) return syntax_or("", "");
                    if (!(lseen & 1u)) return fail("trace.schema.204", "a code line needs \"text\"");
                    c.lines.push_back(std::move(line));
                    pop();
                    ++j;
                }
                if (r_.failed()) return syntax_or("", "");
                pop();
            } else {
                return unknown_key(key_, "a code body");
            }
        }
        if (r_.failed()) return syntax_or("", "");
        if (!(seen & 1u)) return fail("trace.schema.204", "a code body needs \"name\"");
        trace_->meta.code.push_back(std::move(c));
        pop();
        ++i;
    }
    return !r_.failed() || syntax_or("", "");
}

bool Loader::nodes() {
    if (!want_array()) return false;
    std::size_t i = 0;
    static constexpr const char* kKeys[] = {"path", "kind", "text", "depth"};
    while (r_.next_element()) {
        if (!count_ok(i, "nodes")) return false;
        push(i);
        if (!want_object("a node object")) return false;
        NodeInfo n;
        std::uint32_t seen = 0;
        while (r_.next_key(key_)) {
            const int which = member(kKeys, "a node", seen);
            if (which < 0) return false;
            bool ok = true;
            std::int64_t v = 0;
            switch (which) {
                case 0: ok = want_string(n.path); break;
                case 1: ok = want_string(n.kind); break;
                case 2: ok = want_string(n.text); break;
                case 3:
                    ok = want_int(v, 0, 1'000'000, "a depth");
                    n.depth = static_cast<int>(v);
                    break;
            }
            pop();
            if (!ok) return false;
        }
        if (r_.failed()) return syntax_or("", "");
        if (!(seen & 1u)) return fail("trace.schema.204", "a node needs \"path\"");
        trace_->meta.nodes.push_back(std::move(n));
        pop();
        ++i;
    }
    return !r_.failed() || syntax_or("", "");
}

bool Loader::resources() {
    if (!want_array()) return false;
    std::size_t i = 0;
    while (r_.next_element()) {
        if (!count_ok(i, "resources")) return false;
        push(i);
        if (!want_object("a resource object")) return false;
        ResourceInfo res;
        std::uint32_t seen = 0;
        while (r_.next_key(key_)) {
            static constexpr const char* kKeys[] = {"name", "kind", "script"};
            const int which = member(kKeys, "a resource", seen);
            if (which < 0) return false;
            bool ok = which == 0   ? want_string(res.name)
                      : which == 1 ? want_string(res.kind)
                                   : string_list(res.script, "script lines");
            pop();
            if (!ok) return false;
        }
        if (r_.failed()) return syntax_or("", "");
        if (!(seen & 1u)) return fail("trace.schema.204", "a resource needs \"name\"");
        trace_->meta.resources.push_back(std::move(res));
        pop();
        ++i;
    }
    return !r_.failed() || syntax_or("", "");
}

bool Loader::notes() {
    if (!want_array()) return false;
    std::size_t i = 0;
    while (r_.next_element()) {
        if (!count_ok(i, "notes")) return false;
        push(i);
        if (!want_object("a note object")) return false;
        NoteInfo n;
        std::uint32_t seen = 0;
        while (r_.next_key(key_)) {
            static constexpr const char* kKeys[] = {"step", "text"};
            const int which = member(kKeys, "a note", seen);
            if (which < 0) return false;
            bool ok = true;
            if (which == 0) {
                Where w = here();
                std::int64_t v = 0;
                ok = want_int(v, 0, std::int64_t{kNone} - 1, "a step number");
                n.step = static_cast<std::uint32_t>(v);
                refs_.push_back({Ref::NoteStep, static_cast<std::uint64_t>(v), w});
            } else {
                ok = want_string(n.text);
            }
            pop();
            if (!ok) return false;
        }
        if (r_.failed()) return syntax_or("", "");
        if (!(seen & 1u)) return fail("trace.schema.204", "a note needs \"step\"");
        if (!raw_notes_.empty() && n.step < raw_notes_.back().step)
            return fail("trace.schema.214", "notes must be in step order");
        raw_notes_.push_back(std::move(n));
        pop();
        ++i;
    }
    return !r_.failed() || syntax_or("", "");
}

bool Loader::diagnostics() {
    if (!want_array()) return false;
    std::size_t i = 0;
    static constexpr const char* kKeys[] = {"step", "kind", "task", "message"};
    while (r_.next_element()) {
        if (!count_ok(i, "diagnostics")) return false;
        push(i);
        if (!want_object("a diagnostic object")) return false;
        DiagnosticInfo d;
        std::uint32_t seen = 0;
        while (r_.next_key(key_)) {
            const int which = member(kKeys, "a diagnostic", seen);
            if (which < 0) return false;
            bool ok = true;
            std::int64_t v = 0;
            Where w = here();
            switch (which) {
                case 0:
                    ok = want_int(v, 0, std::int64_t{kNone} - 1, "a step number");
                    d.step = static_cast<std::uint32_t>(v);
                    refs_.push_back({Ref::DiagStep, static_cast<std::uint64_t>(v), w});
                    break;
                case 1: {
                    std::string s;
                    ok = want_string(s);
                    std::uint8_t k = 0;
                    if (ok && !enum_from_name(s, kDiagKinds, diag_name_u8, k))
                        ok = fail_at(w, "trace.schema.209", "unknown diagnostic kind " + json_quoted(s));
                    d.kind = static_cast<DiagKind>(k);
                    break;
                }
                case 2:
                    if (r_.peek() == Type::Null) {
                        r_.read_null();
                    } else {
                        ok = want_int(v, 0, std::int64_t{kNone} - 1, "a task id");
                        d.task = static_cast<std::uint32_t>(v);
                        refs_.push_back({Ref::DiagTask, static_cast<std::uint64_t>(v), w});
                    }
                    break;
                case 3: ok = want_string(d.message); break;
            }
            pop();
            if (!ok) return false;
        }
        if (r_.failed()) return syntax_or("", "");
        if (!(seen & 1u)) return fail("trace.schema.204", "a diagnostic needs \"step\"");
        if (!(seen & 2u)) return fail("trace.schema.204", "a diagnostic needs \"kind\"");
        if (!raw_diags_.empty() && d.step < raw_diags_.back().step)
            return fail("trace.schema.214", "diagnostics must be in step order");
        raw_diags_.push_back(std::move(d));
        pop();
        ++i;
    }
    return !r_.failed() || syntax_or("", "");
}

bool Loader::events() {
    if (!seen_tasks_) return fail("trace.schema.216", "\"events\" must come after \"tasks\"");
    seen_events_ = true;
    if (!want_array()) return false;
    std::size_t i = 0;
    while (r_.next_element()) {
        if (i >= limits_.max_events)
            return fail("trace.limit.302", "more than " + std::to_string(limits_.max_events) + " events");
        push(i);
        if (!event(i)) return false;
        pop();
        ++i;
    }
    return !r_.failed() || syntax_or("", "");
}

bool Loader::event(std::size_t index) {
    Where obj = here();
    if (!want_object("an event object")) return false;
    std::uint32_t seen = 0;
    while (r_.next_key(key_)) {
        int f = field_from_name(key_);
        if (f < 0) return unknown_key(key_, "an event");
        if (seen & (1u << f)) return duplicate_key(key_);
        seen |= 1u << f;
        line_[f] = r_.line();
        col_[f] = r_.column();
        push(kFieldNames[f]);
        null_[f] = false;
        switch (kFieldTypes[f]) {
            case FieldType::String:
                if (!want_string(s_[f])) return false;
                break;
            case FieldType::NullableInt:
                if (r_.peek() == Type::Null) {
                    r_.read_null();
                    null_[f] = true;
                    break;
                }
                [[fallthrough]];
            case FieldType::Int:
                if (!r_.read_int(i_[f])) {
                    if (r_.failed()) return syntax_or("", "");
                    return fail("trace.schema.202",
                                std::string("expected an integer") +
                                    (kFieldTypes[f] == FieldType::NullableInt ? " or null" : "") + ", got " +
                                    r_.describe_next());
                }
                break;
        }
        pop();
    }
    if (r_.failed()) return syntax_or("", "");

    auto at = [&](Field f) {
        Where w{line_[f], col_[f], pointer() + "/" + kFieldNames[f]};
        return w;
    };
    auto missing = [&](const char* what) {
        return fail_at(obj, "trace.schema.204", std::string("an event needs \"") + what + "\"");
    };
    if (!(seen & bit(F_step))) return missing("step");
    if (!(seen & bit(F_t))) return missing("t");
    if (!(seen & bit(F_kind))) return missing("kind");

    const std::uint64_t expected_step = first_step_ + index;
    if (i_[F_step] < 0 || static_cast<std::uint64_t>(i_[F_step]) != expected_step)
        return fail_at(at(F_step), "trace.schema.206",
                       "steps must be consecutive: expected " + std::to_string(expected_step) + ", got " +
                           std::to_string(i_[F_step]));
    if (expected_step >= kNone)
        return fail_at(at(F_step), "trace.limit.302", "step number too large");
    Nanos t = i_[F_t];
    if (t < 0) return fail_at(at(F_t), "trace.schema.207", "time must not be negative, got " + std::to_string(t));
    if (t < last_time_)
        return fail_at(at(F_t), "trace.schema.207",
                       "time went backwards: " + std::to_string(t) + " after " + std::to_string(last_time_));
    EventKind kind;
    if (!event_kind_from_name(s_[F_kind], kind))
        return fail_at(at(F_kind), "trace.schema.205", "unknown event kind " + json_quoted(s_[F_kind]));

    const KindFields kf = kind_fields(kind);
    const std::uint32_t allowed = kCommon | kf.required | kf.optional;
    if (std::uint32_t extra = seen & ~allowed) {
        int f = 0;
        while (!(extra & (1u << f))) ++f;
        return fail_at(at(static_cast<Field>(f)), "trace.schema.210",
                       std::string("field \"") + kFieldNames[f] + "\" does not apply to a \"" +
                           event_kind_name(kind) + "\" event");
    }
    if (std::uint32_t lack = kf.required & ~seen) {
        int f = 0;
        while (!(lack & (1u << f))) ++f;
        return fail_at(obj, "trace.schema.204",
                       std::string("a \"") + event_kind_name(kind) + "\" event needs \"" + kFieldNames[f] + "\"");
    }

    Event e;
    e.time = t;
    e.kind = kind;
    auto range_err = [&](Field f, const std::string& what) {
        return fail_at(at(f), "trace.schema.212", what);
    };
    if (seen & bit(F_task)) {
        if (!null_[F_task]) {
            std::int64_t v = i_[F_task];
            if (v < 0 || static_cast<std::uint64_t>(v) >= trace_->tasks.size())
                return fail_at(at(F_task), "trace.schema.208",
                               "task " + std::to_string(v) + " does not exist (there are " +
                                   std::to_string(trace_->tasks.size()) + ")");
            e.task = static_cast<std::uint32_t>(v);
        }
    }
    if (seen & bit(F_path)) e.node = trace_->strings.intern(s_[F_path]);
    if (seen & bit(F_waker)) {
        std::int64_t v = i_[F_waker];
        if (v < 0 || v >= static_cast<std::int64_t>(kNone))
            return range_err(F_waker, "expected a waker id from 0 to 4294967294, got " + std::to_string(v));
        e.waker = static_cast<std::uint32_t>(v);
    }
    if (seen & bit(F_worker)) {
        std::int64_t v = i_[F_worker];
        if (v < 0 || v > 255) return range_err(F_worker, "expected a worker from 0 to 255, got " + std::to_string(v));
        e.worker = static_cast<std::uint8_t>(v);
    }
    if (seen & bit(F_detail)) {
        std::int64_t v = i_[F_detail];
        if (v < 0 || v > 255) return range_err(F_detail, "expected a detail from 0 to 255, got " + std::to_string(v));
        e.detail = static_cast<std::uint8_t>(v);
    }
    if (seen & bit(F_arg)) e.arg = i_[F_arg];

    auto name_enum = [&](Field f, int count, auto fn, const char* what, std::uint8_t& out) {
        if (enum_from_name(s_[f], count, fn, out)) return true;
        std::string options;
        for (int k = 0; k < count; ++k) {
            if (k) options += k + 1 == count ? " or " : ", ";
            options += fn(static_cast<std::uint8_t>(k));
        }
        return fail_at(at(f), "trace.schema.209",
                       std::string("unknown ") + what + " " + json_quoted(s_[f]) + " (expected " + options + ")");
    };
    auto nonneg = [&](Field f, const char* what) {
        if (i_[f] >= 0) return true;
        return range_err(f, std::string("expected ") + what + " of 0 or more, got " + std::to_string(i_[f]));
    };
    auto text = [&](Field f) { e.arg = trace_->strings.intern(s_[f]); };

    switch (kind) {
        case EventKind::Spawn:
            if (null_[F_parent]) {
                e.arg = -1;
            } else {
                std::int64_t v = i_[F_parent];
                if (v < 0 || static_cast<std::uint64_t>(v) >= trace_->tasks.size())
                    return fail_at(at(F_parent), "trace.schema.208",
                                   "task " + std::to_string(v) + " does not exist (there are " +
                                       std::to_string(trace_->tasks.size()) + ")");
                e.arg = v;
            }
            break;
        case EventKind::Schedule:
            if (!name_enum(F_reason, 3, schedule_reason_name, "schedule reason", e.detail)) return false;
            if (!nonneg(F_queue_len, "a queue length")) return false;
            e.arg = i_[F_queue_len];
            break;
        case EventKind::PollBegin:
            if (!nonneg(F_poll, "a poll number")) return false;
            e.arg = i_[F_poll];
            break;
        case EventKind::PollEnd:
            if (!name_enum(F_result, 2, poll_result_name, "poll result", e.detail)) return false;
            e.arg = i_[F_value];
            break;
        case EventKind::WakerClone:
        case EventKind::WakerWake:
        case EventKind::WakerWakeByRef:
        case EventKind::WakerDrop:
        case EventKind::Register:
        case EventKind::Deregister: {
            if (!name_enum(F_holder_kind, kHolderKinds, holder_name_u8, "holder kind", e.detail)) return false;
            Field tf = kind == EventKind::WakerClone ? F_holder
                       : kind == EventKind::WakerDrop ? F_reason
                       : (kind == EventKind::Register || kind == EventKind::Deregister) ? F_source
                                                                                         : F_cause;
            text(tf);
            break;
        }
        case EventKind::TimerFire:
            if (!nonneg(F_timer, "a timer id")) return false;
            e.arg = i_[F_timer];
            break;
        case EventKind::IoReady:
            if (!name_enum(F_readiness, 4, readiness_name_u8, "readiness", e.detail)) return false;
            text(F_source);
            break;
        case EventKind::TimeAdvance:
            if (i_[F_from] < 0 || i_[F_from] > t)
                return range_err(F_from, "expected the time before the jump, from 0 to " + std::to_string(t) +
                                             ", got " + std::to_string(i_[F_from]));
            e.arg = i_[F_from];
            break;
        case EventKind::TaskComplete:
            if (!name_enum(F_outcome, 2, complete_outcome_name, "outcome", e.detail)) return false;
            e.arg = i_[F_value];
            break;
        case EventKind::FutureDrop:
            if (!name_enum(F_reason, 2, drop_reason_name, "drop reason", e.detail)) return false;
            break;
        case EventKind::Diagnostic:
            if (!name_enum(F_diag, kDiagKinds, diag_name_u8, "diagnostic kind", e.detail)) return false;
            text(F_message);
            break;
        case EventKind::RunEnd:
            if (!name_enum(F_end, 4, end_name_u8, "end reason", e.detail)) return false;
            text(F_message);
            break;
        case EventKind::Steal:
        case EventKind::WorkerPark:
        case EventKind::WorkerUnpark:
            break;   // detail and arg were read as raw fields
        case EventKind::Count_:
            break;
    }
    last_time_ = t;
    trace_->append(e);
    return true;
}

bool Loader::finish() {
    const std::uint64_t n = trace_->size();
    for (const Ref& ref : refs_) {
        switch (ref.what) {
            case Ref::Spec:
                if (ref.value >= trace_->meta.code.size())
                    return fail_at(ref.where, "trace.schema.208",
                                   "code body " + std::to_string(ref.value) + " does not exist (there are " +
                                       std::to_string(trace_->meta.code.size()) + ")");
                break;
            case Ref::DiagTask:
                if (ref.value >= trace_->tasks.size())
                    return fail_at(ref.where, "trace.schema.208",
                                   "task " + std::to_string(ref.value) + " does not exist (there are " +
                                       std::to_string(trace_->tasks.size()) + ")");
                break;
            case Ref::NoteStep:
            case Ref::DiagStep:
                if (ref.value < first_step_ || ref.value >= first_step_ + n)
                    return fail_at(ref.where, "trace.schema.213",
                                   "step " + std::to_string(ref.value) + " is not in the trace (" +
                                       (n == 0 ? std::string("it has no events")
                                               : "steps " + std::to_string(first_step_) + " to " +
                                                     std::to_string(first_step_ + n - 1)) +
                                       ")");
                break;
        }
    }
    for (NoteInfo& note : raw_notes_) {
        note.step = static_cast<std::uint32_t>(note.step - first_step_);
        trace_->meta.notes.push_back(std::move(note));
    }
    for (DiagnosticInfo& d : raw_diags_) {
        d.step = static_cast<std::uint32_t>(d.step - first_step_);
        trace_->diagnostics.push_back(std::move(d));
    }
    trace_->index_nodes();
    return true;
}

}  // namespace

TraceLoadResult load_trace_text(std::string_view text, const std::string& display_name,
                                const TraceLoadLimits& limits) {
    if (text.size() > limits.max_file_bytes) {
        TraceLoadResult r;
        r.errors.push_back({"trace.limit.300", display_name, 0, 0, "",
                            "the trace is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                                std::to_string(limits.max_file_bytes)});
        return r;
    }
    Loader loader(text, display_name, limits);
    return loader.run();
}

TraceLoadResult load_trace_file(const std::string& path, const TraceLoadLimits& limits) {
    TraceLoadResult r;
    auto io_error = [&](int err) {
        r.errors.push_back({"trace.io.001", path, 0, 0, "",
                            "cannot read the trace: " + std::error_code(err, std::generic_category()).message()});
        return std::move(r);
    };
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error(errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int err = errno;
        ::close(fd);
        return io_error(err);
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return io_error(EISDIR);
    }
    if (static_cast<std::uint64_t>(st.st_size) > limits.max_file_bytes) {
        ::close(fd);
        r.errors.push_back({"trace.limit.300", path, 0, 0, "",
                            "the trace is " + std::to_string(st.st_size) + " bytes, more than the limit of " +
                                std::to_string(limits.max_file_bytes)});
        return r;
    }
    std::string text;
    // Read in chunks up to the limit (also copes with files whose size fstat does not know).
    std::size_t cap = static_cast<std::size_t>(st.st_size) + 1;
    text.resize(cap);
    std::size_t len = 0;
    while (true) {
        if (len == text.size()) {
            if (text.size() > limits.max_file_bytes) break;
            text.resize(text.size() * 2);
        }
        ssize_t got = ::read(fd, text.data() + len, text.size() - len);
        if (got < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            return io_error(err);
        }
        if (got == 0) break;
        len += static_cast<std::size_t>(got);
    }
    ::close(fd);
    text.resize(len);
    return load_trace_text(text, path, limits);
}

}  // namespace ps
