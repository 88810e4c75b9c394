#include "engine/export/trace_json.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <system_error>

#include "engine/export/event_json.hpp"
#include "engine/export/json_reader.hpp"
#include "engine/export/string_cache.hpp"
#include "engine/model/read_file.hpp"

namespace ps {

// ==== [SECTION] writing =======================================================================

namespace {

// The elements of one JSON array, one a line at `indent` spaces, closed on its own line at
// `indent - 2` (or "[]" when empty).
class JsonLines {
public:
    JsonLines(Writer& w, int indent) : w_(w), indent_(indent) {}
    // Starts the next element.
    Writer& next() {
        w_ << (any_ ? ",\n" : "\n");
        spaces(indent_);
        any_ = true;
        return w_;
    }
    void close() {
        if (any_) {
            w_ << '\n';
            spaces(indent_ - 2);
        }
        w_ << ']';
    }

private:
    void spaces(int n) {
        for (int i = 0; i < n; ++i) w_.put(' ');
    }
    Writer& w_;
    int indent_;
    bool any_ = false;
};

void write_id_or_null(Writer& w, std::uint32_t id) {
    if (id == kNone)
        w << "null";
    else
        w.u64(id);
}

void write_meta(Writer& w, const TraceMeta& m) {
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
    w.json_string(detail_value_name(DetailMeaning::EndReason, static_cast<std::uint8_t>(m.end)));
    w << ",\n    \"end_message\": ";
    w.json_string(m.end_message);
    if (!m.injections.empty()) {  // only a demonstration has them: plain traces are unchanged
        w << ",\n    \"injections\": [";
        for (std::size_t i = 0; i < m.injections.size(); ++i) {
            w << (i ? ", {\"step\": " : "{\"step\": ");
            w.u64(m.injections[i].step);
            w << ", \"action\": ";
            w.json_string(m.injections[i].action);
            w << '}';
        }
        w << ']';
    }
    w << "\n  }";
}

void write_tasks(Writer& w, const std::vector<TaskInfo>& tasks) {
    JsonLines list(w, 4);
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const TaskInfo& t = tasks[i];
        list.next() << "{\"id\": ";
        w.u64(i);
        w << ", \"name\": ";
        w.json_string(t.name);
        w << ", \"parent\": ";
        write_id_or_null(w, t.parent);
        w << ", \"spec\": ";
        write_id_or_null(w, t.spec);
        w << '}';
    }
    list.close();
}

void write_code(Writer& w, const std::vector<TaskCode>& code) {
    JsonLines list(w, 4);
    for (const TaskCode& c : code) {
        list.next() << "{\"name\": ";
        w.json_string(c.name);
        w << ", \"lines\": [";
        JsonLines lines(w, 6);
        for (const CodeLine& line : c.lines) {
            lines.next() << "{\"text\": ";
            w.json_string(line.text);
            w << ", \"path\": ";
            w.json_string(line.path);
            w << '}';
        }
        lines.close();
        w << '}';
    }
    list.close();
}

void write_nodes(Writer& w, const std::vector<NodeInfo>& nodes) {
    JsonLines list(w, 4);
    for (const NodeInfo& n : nodes) {
        list.next() << "{\"path\": ";
        w.json_string(n.path);
        w << ", \"kind\": ";
        w.json_string(n.kind);
        w << ", \"text\": ";
        w.json_string(n.text);
        w << ", \"depth\": ";
        w.i64(n.depth);
        w << '}';
    }
    list.close();
}

void write_resources(Writer& w, const std::vector<ResourceInfo>& resources) {
    JsonLines list(w, 4);
    for (const ResourceInfo& r : resources) {
        list.next() << "{\"name\": ";
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
    list.close();
}

void write_notes(Writer& w, const std::vector<NoteInfo>& notes, StepSpan span) {
    JsonLines list(w, 4);
    for (const NoteInfo& n : notes) {
        if (!span.contains(n.step)) continue;
        list.next() << "{\"step\": ";
        w.u64(n.step);
        w << ", \"text\": ";
        w.json_string(n.text);
        w << '}';
    }
    list.close();
}

void write_diagnostics(Writer& w, const std::vector<DiagnosticInfo>& diagnostics, StepSpan span) {
    JsonLines list(w, 4);
    for (const DiagnosticInfo& d : diagnostics) {
        if (!span.contains(d.step)) continue;
        list.next() << "{\"step\": ";
        w.u64(d.step);
        w << ", \"kind\": ";
        w.json_string(detail_value_name(DetailMeaning::DiagKind, static_cast<std::uint8_t>(d.kind)));
        w << ", \"task\": ";
        write_id_or_null(w, d.task);
        w << ", \"message\": ";
        w.json_string(d.message);
        w << '}';
    }
    list.close();
}

// The lines a program printed, when it printed any in the span (a trace of a scenario without a
// program has no "console" member).
void write_console(Writer& w, const std::vector<ConsoleLine>& console, StepSpan span) {
    JsonLines list(w, 4);
    for (const ConsoleLine& c : console) {
        if (!span.contains(c.step)) continue;
        list.next() << "{\"step\": ";
        w.u64(c.step);
        w << ", \"task\": ";
        write_id_or_null(w, c.task);
        w << ", \"stream\": " << (c.to_stderr ? "\"stderr\"" : "\"stdout\"") << ", \"text\": ";
        w.json_string(c.text);
        w << '}';
    }
    list.close();
}

void write_path_or_null(Writer& w, const StringTable& strings, std::uint32_t id) {
    if (id == kNone)
        w << "null";
    else
        w.json_string(strings.get(id));
}

// The frames of a program's async bodies at each Pending (Trace::frames).
void write_frames(Writer& w, const Trace& trace, StepSpan span) {
    JsonLines list(w, 4);
    for (const FrameRecord& f : trace.frames) {
        if (!span.contains(f.step)) continue;
        list.next() << "{\"step\": ";
        w.u64(f.step);
        w << ", \"task\": ";
        w.u64(f.task);
        w << ", \"poll\": ";
        w.u64(f.poll);
        w << ", \"node\": ";
        write_path_or_null(w, trace.strings, f.node);
        w << ", \"await_node\": ";
        write_path_or_null(w, trace.strings, f.await_node);
        w << ", \"await\": ";
        w.i64(f.await_index);
        w << ", \"of\": ";
        w.i64(f.await_count);
        w << ", \"line\": ";
        w.i64(f.line);
        w << ", \"column\": ";
        w.i64(f.column);
        w << ", \"locals\": [";
        for (std::size_t j = 0; j < f.locals.size(); ++j) {
            if (j) w << ", ";
            w.json_string(f.locals[j]);
        }
        w << "]}";
    }
    list.close();
}

template <typename Records>
bool any_in_span(const Records& records, StepSpan span) {
    return std::any_of(records.begin(), records.end(), [&](const auto& r) { return span.contains(r.step); });
}

// The fields of one event after "kind", as its schema row lays them out: the named detail,
// the arg under its key, the worker, then a raw detail and a raw arg when they are not 0.
void write_event_fields(Writer& w, detail::EscapedStrings& strings, const Event& e) {
    const EventSchema& s = event_schema(e.kind);
    detail::write_event_ids(w, strings, e);
    if (detail_is_named(s.detail)) detail::write_detail_name(w, e);
    if (s.arg == ArgMeaning::Text) {
        detail::write_event_text(w, strings, e);
    } else if (s.arg == ArgMeaning::ParentTask && e.arg == -1) {
        w << ",\"" << s.arg_key << "\":null";
    } else if (!arg_is_raw(s.arg)) {
        detail::write_arg_number(w, e);
    }
    if (e.worker != 0) {
        w << ",\"worker\":";
        w.u64(e.worker);
    }
    if (!detail_is_named(s.detail) && e.detail != 0) {
        w << ",\"" << s.detail_key << "\":";
        w.u64(e.detail);
    }
    if (arg_is_raw(s.arg) && e.arg != 0) {
        w << ",\"" << s.arg_key << "\":";
        w.i64(e.arg);
    }
}

void write_events(Writer& w, const Trace& trace, StepSpan span) {
    detail::EscapedStrings strings(trace.strings, detail::Escape::Json);
    JsonLines list(w, 4);
    for (std::size_t i = span.begin; i < span.end; ++i) {
        const Event& e = trace[i];
        list.next() << "{\"step\":";
        w.u64(i);
        w << ",\"t\":";
        w.i64(e.time);
        w << ",\"kind\":\"" << event_kind_name(e.kind) << '"';
        write_event_fields(w, strings, e);
        w << '}';
    }
    list.close();
}

}  // namespace

void write_trace_json(const Trace& trace, Writer& w, StepRange range) {
    const StepSpan span = resolve_range(range, trace.size());
    w << "{\n  \"format\": ";
    w.json_string(kTraceFormat);
    w << ",\n  \"first_step\": ";
    w.u64(span.begin);
    write_meta(w, trace.meta);
    w << ",\n  \"tasks\": [";
    write_tasks(w, trace.tasks);
    w << ",\n  \"code\": [";
    write_code(w, trace.meta.code);
    w << ",\n  \"nodes\": [";
    write_nodes(w, trace.meta.nodes);
    w << ",\n  \"resources\": [";
    write_resources(w, trace.meta.resources);
    w << ",\n  \"notes\": [";
    write_notes(w, trace.meta.notes, span);
    w << ",\n  \"diagnostics\": [";
    write_diagnostics(w, trace.diagnostics, span);
    if (any_in_span(trace.console, span)) {
        w << ",\n  \"console\": [";
        write_console(w, trace.console, span);
    }
    if (any_in_span(trace.frames, span)) {
        w << ",\n  \"frames\": [";
        write_frames(w, trace, span);
    }
    w << ",\n  \"events\": [";
    write_events(w, trace, span);
    w << "\n}\n";
}

std::string trace_json_string(const Trace& trace, StepRange range) {
    return text_written_by([&](Writer& w) { write_trace_json(trace, w, range); });
}

// A trace file is written only if load_trace_file (with the default limits, as `pollscope view`
// uses) will read it back: not too many events, times within kMaxTraceTime, and not too many
// bytes. Otherwise nothing is written and the error says why.
ExportResult write_trace_json(const Trace& trace, const std::string& path, StepRange range) {
    const TraceLoadLimits limits;
    const StepSpan span = resolve_range(range, trace.size());
    auto refuse = [&](ExportResult& r, const std::string& why) {
        r.error = "cannot write " + json_quoted(path) + ": " + why +
                  ", so pollscope could not load it again; export a range of steps instead";
        return false;
    };
    return write_file_atomically(path, [&](Writer& w, ExportResult& r) {
        if (span.end - span.begin > limits.max_events)
            return refuse(r, "the trace would have " + std::to_string(span.end - span.begin) +
                                 " events, more than the limit of " + std::to_string(limits.max_events));
        if (!span.empty() && trace[span.end - 1].time > kMaxTraceTime)
            return refuse(r, "its virtual time reaches " + std::to_string(trace[span.end - 1].time) +
                                 " ns, above the limit of " + std::to_string(kMaxTraceTime) + " ns");
        write_trace_json(trace, w, range);
        if (w.bytes() > limits.max_file_bytes)
            return refuse(r, "the trace would be " + std::to_string(w.bytes()) +
                                 " bytes, more than the limit of " + std::to_string(limits.max_file_bytes) +
                                 " bytes (" + std::to_string(limits.max_file_bytes >> 20) + " MiB)");
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

// The fields an event object may have: the common ones, then every kind's detail and arg keys
// in table order (each once), then the worker and the raw detail and arg. Errors name the
// first field in this order, so it is part of the file format's behaviour.
enum class FieldType : std::uint8_t { Int, NullableInt, String };
struct EventField {
    const char* name;
    FieldType type;
};
struct EventFields {
    static constexpr int kMax = 64;  // bits in a field mask
    EventField at[kMax] = {};
    int count = 0;
    constexpr int find(std::string_view name) const {
        for (int i = 0; i < count; ++i)
            if (name == at[i].name) return i;
        return -1;
    }
    constexpr void add(const char* name, FieldType type) {
        if (find(name) < 0) at[count++] = {name, type};
    }
};
constexpr FieldType arg_field_type(ArgMeaning m) {
    return m == ArgMeaning::ParentTask ? FieldType::NullableInt
           : m == ArgMeaning::Text     ? FieldType::String
                                       : FieldType::Int;
}
constexpr EventFields make_event_fields() {
    EventFields f;
    f.add("step", FieldType::Int);
    f.add("t", FieldType::Int);
    f.add("kind", FieldType::String);
    f.add("task", FieldType::NullableInt);
    f.add("path", FieldType::String);
    f.add("waker", FieldType::Int);
    for (const EventSchema& s : kEventSchemas) {
        if (detail_is_named(s.detail)) f.add(s.detail_key, FieldType::String);
        if (!arg_is_raw(s.arg)) f.add(s.arg_key, arg_field_type(s.arg));
    }
    f.add("worker", FieldType::Int);
    f.add("detail", FieldType::Int);
    f.add("arg", FieldType::Int);
    return f;
}
constexpr EventFields kFields = make_event_fields();
constexpr int kMaxFields = EventFields::kMax;

using Field = int;
constexpr Field F_step = kFields.find("step"), F_t = kFields.find("t"), F_kind = kFields.find("kind"),
                F_task = kFields.find("task"), F_path = kFields.find("path"), F_waker = kFields.find("waker"),
                F_worker = kFields.find("worker"), F_detail = kFields.find("detail"),
                F_arg = kFields.find("arg");

constexpr std::uint64_t bit(Field f) {
    return std::uint64_t{1} << f;
}
constexpr std::uint64_t kCommon =
    bit(F_step) | bit(F_t) | bit(F_kind) | bit(F_task) | bit(F_path) | bit(F_waker) | bit(F_worker);

// The fields a kind needs and the raw ones it may carry, beyond kCommon.
struct KindFields {
    std::uint64_t required = 0;
    std::uint64_t optional = 0;
};
constexpr KindFields kind_fields(const EventSchema& s) {
    KindFields k;
    if (detail_is_named(s.detail))
        k.required |= bit(kFields.find(s.detail_key));
    else
        k.optional |= bit(F_detail);
    if (arg_is_raw(s.arg))
        k.optional |= bit(F_arg);
    else
        k.required |= bit(kFields.find(s.arg_key));
    return k;
}

std::string pointer_escape(std::string_view key) {
    std::string s;
    for (char c : key) {
        if (c == '~')
            s += "~0";
        else if (c == '/')
            s += "~1";
        else
            s += c;
    }
    return s;
}

class Loader {
public:
    Loader(std::string_view text, std::string file, const TraceLoadLimits& limits)
        : r_(text, limits.max_string),
          file_(std::move(file)),
          limits_(limits),
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
            if (c.key)
                s += c.key;
            else
                s += std::to_string(c.index);
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
    bool no_such_task(const Where& w, std::int64_t v) {
        return fail_at(w, "trace.schema.208",
                       "task " + std::to_string(v) + " does not exist (there are " +
                           std::to_string(trace_->tasks.size()) + ")");
    }

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
    // An id from 0 to kNone - 1, or null (out stays kNone); `where` is set to where it stands.
    bool want_id_or_null(std::uint32_t& out, const char* what, Where& where) {
        if (r_.peek() == Type::Null) {
            r_.read_null();  // a bad "null" is a syntax error the caller's next read reports
            return true;
        }
        where = here();
        std::int64_t v = 0;
        const bool ok = want_int(v, 0, std::int64_t{kNone} - 1, what);
        out = static_cast<std::uint32_t>(v);
        return ok;
    }
    // "unknown <noun> "x" (expected a, b or c)", without the list when !list_options.
    bool unknown_name(const Where& w, DetailMeaning m, const char* noun, const std::string& s,
                      bool list_options) {
        std::string message = std::string("unknown ") + noun + " " + json_quoted(s);
        if (list_options) {
            message += " (expected ";
            const int count = detail_name_count(m);
            for (int k = 0; k < count; ++k) {
                if (k) message += k + 1 == count ? " or " : ", ";
                message += detail_value_name(m, static_cast<std::uint8_t>(k));
            }
            message += ")";
        }
        return fail_at(w, "trace.schema.209", std::move(message));
    }
    // A string naming one value of a named detail.
    bool want_detail_name(DetailMeaning m, std::uint8_t& out, const char* noun, bool list_options) {
        const Where w = here();
        std::string s;
        if (!want_string(s)) return false;
        if (detail_value_from_name(m, s, out)) return true;
        return unknown_name(w, m, noun, s, list_options);
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
    // The members of the object just opened: `value(which)` reads the value of keys[which]
    // (the pointer names it). Then each key in `required` (a mask) must have been seen:
    // "<noun> needs "key"" names the first one missing.
    template <std::size_t N, typename Value>
    bool object(const char* const (&keys)[N], const char* noun, std::uint32_t required, Value&& value) {
        std::uint32_t seen = 0;
        while (r_.next_key(key_)) {
            const int which = member(keys, noun, seen);
            if (which < 0) return false;
            const bool ok = value(which);
            pop();
            if (!ok) return false;
        }
        if (r_.failed()) return syntax_or("", "");
        for (std::size_t k = 0; k < N; ++k)
            if ((required & ~seen) & (1u << k))
                return fail("trace.schema.204", std::string(noun) + " needs \"" + keys[k] + "\"");
        return true;
    }
    // An array of objects: before element i, `within_limit(i)`; then the object is opened
    // (`what`: "a task object") and `each(i)` reads it, with the pointer at /i.
    template <typename Limit, typename Each>
    bool objects_limited(Limit&& within_limit, const char* what, Each&& each) {
        if (!want_array()) return false;
        for (std::size_t i = 0; r_.next_element(); ++i) {
            if (!within_limit(i)) return false;
            push(i);
            if (!want_object(what)) return false;
            if (!each(i)) return false;
            pop();
        }
        return !r_.failed() || syntax_or("", "");
    }
    // The same with the usual limit on items: at most max_items `plural` ("tasks").
    template <typename Each>
    bool objects(const char* plural, const char* what, Each&& each) {
        return objects_limited([&](std::size_t i) { return count_ok(i, plural); }, what, each);
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
    bool meta_member(int which);
    bool injections(std::vector<Injection>& out);
    bool tasks();
    bool code();
    bool code_lines(TaskCode& c, std::size_t& total_lines);
    bool nodes();
    bool resources();
    bool notes();
    bool diagnostics();
    bool console();
    bool frames();
    bool frame_member(int which, FrameRecord& f);
    bool want_path_or_null(std::uint32_t& out);
    // A step number that must name an event of the trace (checked in finish()).
    bool want_step_ref(std::uint32_t& out);
    bool want_task_ref_or_null(std::uint32_t& out);
    bool events();
    // One event: its fields read, checked against its kind's schema row, then turned into an Event.
    bool event(std::size_t index);
    bool event_field(Field f);
    bool event_kind_and_fields(const Where& obj, std::uint64_t seen, std::size_t index, EventKind& kind);
    bool event_ids(std::uint64_t seen, Event& e);
    bool event_detail(const EventSchema& s, Event& e);
    bool event_arg(const EventSchema& s, Event& e);
    Where field_at(Field f) const { return Where{line_[f], col_[f], pointer() + "/" + kFields.at[f].name}; }
    bool finish();

    JsonReader r_;
    std::string file_;
    const TraceLoadLimits& limits_;
    // The largest step number: one less than the event limit (a run or a ranged export of it
    // never numbers past its last event), and below kNone.
    std::int64_t max_step() const {
        return static_cast<std::int64_t>(std::min<std::uint64_t>(limits_.max_events, kNone)) - 1;
    }
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
    std::vector<ConsoleLine> raw_console_;
    std::vector<FrameRecord> raw_frames_;

    // Per-event scratch, reused.
    std::string key_;
    std::string s_[kMaxFields];
    std::int64_t i_[kMaxFields] = {};
    bool null_[kMaxFields] = {};
    int line_[kMaxFields] = {};
    int col_[kMaxFields] = {};
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
    static constexpr const char* kTop[] = {"format",      "first_step", "meta",      "tasks",
                                           "code",        "nodes",      "resources", "notes",
                                           "diagnostics", "events",     "console",   "frames"};
    bool format_ok = false;
    while (r_.next_key(key_)) {
        int which = -1;
        for (int i = 0; i < 12; ++i)
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
                                 "unsupported format " + json_quoted(f) +
                                     " (this program reads \"pollscope-trace/1\")");
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
                ok = want_int(v, 0, max_step(), "a step number");
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
            case 10: ok = console(); break;
            case 11: ok = frames(); break;
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
    static constexpr const char* kKeys[] = {"scenario_path", "title", "summary",      "lesson",
                                            "policy",        "seed",  "poll_cost_ns", "max_events",
                                            "workers",       "end",   "end_message",  "injections"};
    return object(kKeys, "\"meta\"", 0, [&](int which) { return meta_member(which); });
}

bool Loader::meta_member(int which) {
    TraceMeta& m = trace_->meta;
    std::int64_t v = 0;
    bool ok = true;
    switch (which) {
        case 0: return want_string(m.scenario_path);
        case 1: return want_string(m.title);
        case 2: return want_string(m.summary);
        case 3: return string_list(m.lesson, "lesson paragraphs");
        case 4: return want_string(m.policy);
        case 5:
            if (r_.read_u64(m.seed)) return true;
            return syntax_or("trace.schema.202",
                             "expected a non-negative integer, got " + r_.describe_next());
        case 6:
            ok = want_int(v, 0, kMaxDuration, "a duration in nanoseconds");
            m.poll_cost = v;
            return ok;
        case 7:
            ok = want_int(v, 0, INT64_MAX, "an event count");
            m.max_events = v;
            return ok;
        case 8:
            ok = want_int(v, 1, 256, "a worker count");
            m.workers = static_cast<int>(v);
            return ok;
        case 9: {
            std::uint8_t d = 0;
            ok = want_detail_name(DetailMeaning::EndReason, d, "end", true);
            m.end = static_cast<EndReason>(d);
            return ok;
        }
        case 10: return want_string(m.end_message);
        case 11: return injections(m.injections);
    }
    return true;
}

bool Loader::injections(std::vector<Injection>& out) {
    static constexpr const char* kKeys[] = {"step", "action"};
    return objects("injections", "an injection object", [&](std::size_t) {
        Injection in;
        auto value = [&](int which) {
            if (which == 1) return want_string(in.action);
            std::int64_t v = 0;
            const bool ok = want_int(v, 0, std::int64_t{kNone} - 1, "a step number");
            in.step = static_cast<std::uint32_t>(v);
            return ok;
        };
        if (!object(kKeys, "an injection", 0b11, value)) return false;
        out.push_back(std::move(in));
        return true;
    });
}

bool Loader::tasks() {
    std::vector<std::pair<std::int64_t, Where>> parents;
    static constexpr const char* kKeys[] = {"id", "name", "parent", "spec"};
    const bool ok = objects("tasks", "a task object", [&](std::size_t i) {
        TaskInfo t;
        auto value = [&](int which) {
            Where w;
            std::int64_t v = 0;
            switch (which) {
                case 0: {
                    w = here();
                    if (!want_int(v, 0, INT64_MAX, "a task id")) return false;
                    if (static_cast<std::uint64_t>(v) == i) return true;
                    return fail_at(w, "trace.schema.215",
                                   "task ids must be 0, 1, 2, ... in order: expected " + std::to_string(i) +
                                       ", got " + std::to_string(v));
                }
                case 1: return want_string(t.name);
                case 2:
                    if (!want_id_or_null(t.parent, "a task id", w)) return false;
                    if (t.parent != kNone) parents.emplace_back(t.parent, w);
                    return true;
                case 3:
                    if (!want_id_or_null(t.spec, "a code index", w)) return false;
                    if (t.spec != kNone) refs_.push_back({Ref::Spec, t.spec, w});
                    return true;
            }
            return true;
        };
        if (!object(kKeys, "a task", 0b11, value)) return false;
        trace_->tasks.push_back(std::move(t));
        return true;
    });
    if (!ok) return false;
    for (const auto& [v, w] : parents)
        if (static_cast<std::uint64_t>(v) >= trace_->tasks.size()) return no_such_task(w, v);
    seen_tasks_ = true;
    return true;
}

bool Loader::code() {
    std::size_t total_lines = 0;
    static constexpr const char* kKeys[] = {"name", "lines"};
    return objects("code bodies", "a code object", [&](std::size_t) {
        TaskCode c;
        auto value = [&](int which) { return which == 0 ? want_string(c.name) : code_lines(c, total_lines); };
        if (!object(kKeys, "a code body", 0b1, value)) return false;
        trace_->meta.code.push_back(std::move(c));
        return true;
    });
}

bool Loader::code_lines(TaskCode& c, std::size_t& total_lines) {
    static constexpr const char* kKeys[] = {"text", "path"};
    auto within_limit = [&](std::size_t) { return count_ok(total_lines++, "code lines"); };
    return objects_limited(within_limit, "a code line object", [&](std::size_t) {
        CodeLine line;
        auto value = [&](int which) { return want_string(which == 0 ? line.text : line.path); };
        if (!object(kKeys, "a code line", 0b1, value)) return false;
        c.lines.push_back(std::move(line));
        return true;
    });
}

bool Loader::nodes() {
    static constexpr const char* kKeys[] = {"path", "kind", "text", "depth"};
    return objects("nodes", "a node object", [&](std::size_t) {
        NodeInfo n;
        auto value = [&](int which) {
            std::int64_t v = 0;
            switch (which) {
                case 0: return want_string(n.path);
                case 1: return want_string(n.kind);
                case 2: return want_string(n.text);
            }
            const bool ok = want_int(v, 0, 1'000'000, "a depth");
            n.depth = static_cast<int>(v);
            return ok;
        };
        if (!object(kKeys, "a node", 0b1, value)) return false;
        trace_->meta.nodes.push_back(std::move(n));
        return true;
    });
}

bool Loader::resources() {
    static constexpr const char* kKeys[] = {"name", "kind", "script"};
    return objects("resources", "a resource object", [&](std::size_t) {
        ResourceInfo res;
        auto value = [&](int which) {
            return which == 0   ? want_string(res.name)
                   : which == 1 ? want_string(res.kind)
                                : string_list(res.script, "script lines");
        };
        if (!object(kKeys, "a resource", 0b1, value)) return false;
        trace_->meta.resources.push_back(std::move(res));
        return true;
    });
}

bool Loader::notes() {
    static constexpr const char* kKeys[] = {"step", "text"};
    return objects("notes", "a note object", [&](std::size_t) {
        NoteInfo n;
        auto value = [&](int which) {
            if (which == 1) return want_string(n.text);
            Where w = here();
            std::int64_t v = 0;
            const bool ok = want_int(v, 0, std::int64_t{kNone} - 1, "a step number");
            n.step = static_cast<std::uint32_t>(v);
            refs_.push_back({Ref::NoteStep, static_cast<std::uint64_t>(v), w});
            return ok;
        };
        if (!object(kKeys, "a note", 0b1, value)) return false;
        if (!raw_notes_.empty() && n.step < raw_notes_.back().step)
            return fail("trace.schema.214", "notes must be in step order");
        raw_notes_.push_back(std::move(n));
        return true;
    });
}

bool Loader::diagnostics() {
    static constexpr const char* kKeys[] = {"step", "kind", "task", "message"};
    return objects("diagnostics", "a diagnostic object", [&](std::size_t) {
        DiagnosticInfo d;
        auto value = [&](int which) {
            Where w = here();
            std::int64_t v = 0;
            std::uint8_t k = 0;
            bool ok = true;
            switch (which) {
                case 0:
                    ok = want_int(v, 0, std::int64_t{kNone} - 1, "a step number");
                    d.step = static_cast<std::uint32_t>(v);
                    refs_.push_back({Ref::DiagStep, static_cast<std::uint64_t>(v), w});
                    return ok;
                case 1:
                    ok = want_detail_name(DetailMeaning::DiagKind, k, "diagnostic kind", false);
                    d.kind = static_cast<DiagKind>(k);
                    return ok;
                case 2: return want_task_ref_or_null(d.task);
            }
            return want_string(d.message);
        };
        if (!object(kKeys, "a diagnostic", 0b11, value)) return false;
        if (!raw_diags_.empty() && d.step < raw_diags_.back().step)
            return fail("trace.schema.214", "diagnostics must be in step order");
        raw_diags_.push_back(std::move(d));
        return true;
    });
}

bool Loader::want_step_ref(std::uint32_t& out) {
    Where w = here();
    std::int64_t v = 0;
    const bool ok = want_int(v, 0, std::int64_t{kNone} - 1, "a step number");
    out = static_cast<std::uint32_t>(v);
    refs_.push_back({Ref::DiagStep, static_cast<std::uint64_t>(v), w});
    return ok;
}

// A task id or null; the id is checked against the task table once every section is read.
bool Loader::want_task_ref_or_null(std::uint32_t& out) {
    Where w = here();
    if (!want_id_or_null(out, "a task id", w)) return false;
    if (out != kNone) refs_.push_back({Ref::DiagTask, out, w});
    return true;
}

bool Loader::console() {
    static constexpr const char* kKeys[] = {"step", "task", "stream", "text"};
    return objects("console lines", "a console line object", [&](std::size_t) {
        ConsoleLine c;
        auto value = [&](int which) {
            Where w = here();
            std::string stream;
            switch (which) {
                case 0: return want_step_ref(c.step);
                case 1: return want_task_ref_or_null(c.task);
                case 2:
                    if (!want_string(stream)) return false;
                    if (stream != "stdout" && stream != "stderr")
                        return fail_at(
                            w, "trace.schema.209",
                            "unknown stream " + json_quoted(stream) + " (expected stdout or stderr)");
                    c.to_stderr = stream == "stderr";
                    return true;
            }
            return want_string(c.text);
        };
        if (!object(kKeys, "a console line", 0b1001, value)) return false;
        if (!raw_console_.empty() && c.step < raw_console_.back().step)
            return fail("trace.schema.214", "console lines must be in step order");
        raw_console_.push_back(std::move(c));
        return true;
    });
}

bool Loader::want_path_or_null(std::uint32_t& out) {
    if (r_.peek() == Type::Null) {
        r_.read_null();
        return true;
    }
    std::string path;
    if (!want_string(path)) return false;
    out = trace_->strings.intern(path);
    return true;
}

bool Loader::frame_member(int which, FrameRecord& f) {
    Where w = here();
    std::int64_t v = 0;
    bool ok = true;
    switch (which) {
        case 0: return want_step_ref(f.step);
        case 1:
            ok = want_int(v, 0, std::int64_t{kNone} - 1, "a task id");
            f.task = static_cast<std::uint32_t>(v);
            refs_.push_back({Ref::DiagTask, f.task, w});
            return ok;
        case 2:
            ok = want_int(v, 0, std::int64_t{kNone} - 1, "a poll number");
            f.poll = static_cast<std::uint32_t>(v);
            return ok;
        case 3: return want_path_or_null(f.node);
        case 4: return want_path_or_null(f.await_node);
        case 9: return string_list(f.locals, "locals");
    }
    static constexpr const char* kWhat[] = {"an await index", "an await count", "a line", "a column"};
    ok = want_int(v, 0, 1'000'000, kWhat[which - 5]);
    const int n = static_cast<int>(v);
    (which == 5 ? f.await_index : which == 6 ? f.await_count : which == 7 ? f.line : f.column) = n;
    return ok;
}

bool Loader::frames() {
    static constexpr const char* kKeys[] = {"step",  "task", "poll", "node",   "await_node",
                                            "await", "of",   "line", "column", "locals"};
    return objects("frames", "a frame object", [&](std::size_t) {
        FrameRecord f;
        if (!object(kKeys, "a frame", 0b11, [&](int which) { return frame_member(which, f); })) return false;
        if (!raw_frames_.empty() && f.step < raw_frames_.back().step)
            return fail("trace.schema.214", "frames must be in step order");
        raw_frames_.push_back(std::move(f));
        return true;
    });
}

bool Loader::events() {
    if (!seen_tasks_) return fail("trace.schema.216", "\"events\" must come after \"tasks\"");
    seen_events_ = true;
    auto within_limit = [&](std::size_t i) {
        return i < limits_.max_events ||
               fail("trace.limit.302", "more than " + std::to_string(limits_.max_events) + " events");
    };
    return objects_limited(within_limit, "an event object", [&](std::size_t i) { return event(i); });
}

// One member of an event object, by its type in kFields (the pointer names it).
bool Loader::event_field(Field f) {
    null_[f] = false;
    const FieldType type = kFields.at[f].type;
    if (type == FieldType::String) return want_string(s_[f]);
    if (type == FieldType::NullableInt && r_.peek() == Type::Null) {
        r_.read_null();
        null_[f] = true;
        return true;
    }
    if (r_.read_int(i_[f])) return true;
    if (r_.failed()) return syntax_or("", "");
    return fail("trace.schema.202", std::string("expected an integer") +
                                        (type == FieldType::NullableInt ? " or null" : "") + ", got " +
                                        r_.describe_next());
}

bool Loader::event(std::size_t index) {
    const Where obj = here();
    std::uint64_t seen = 0;
    while (r_.next_key(key_)) {
        const Field f = kFields.find(key_);
        if (f < 0) return unknown_key(key_, "an event");
        if (seen & bit(f)) return duplicate_key(key_);
        seen |= bit(f);
        line_[f] = r_.line();
        col_[f] = r_.column();
        push(kFields.at[f].name);
        if (!event_field(f)) return false;
        pop();
    }
    if (r_.failed()) return syntax_or("", "");

    EventKind kind{};
    if (!event_kind_and_fields(obj, seen, index, kind)) return false;
    const EventSchema& s = event_schema(kind);
    Event e;
    e.time = i_[F_t];
    e.kind = kind;
    if (!event_ids(seen, e) || !event_detail(s, e) || !event_arg(s, e)) return false;
    last_time_ = e.time;
    trace_->append(e);
    return true;
}

// The step, time and kind, and the fields present against what the kind's row allows.
bool Loader::event_kind_and_fields(const Where& obj, std::uint64_t seen, std::size_t index, EventKind& kind) {
    auto missing = [&](const char* what) {
        return fail_at(obj, "trace.schema.204", std::string("an event needs \"") + what + "\"");
    };
    if (!(seen & bit(F_step))) return missing("step");
    if (!(seen & bit(F_t))) return missing("t");
    if (!(seen & bit(F_kind))) return missing("kind");

    const std::uint64_t expected_step = first_step_ + index;
    if (i_[F_step] < 0 || static_cast<std::uint64_t>(i_[F_step]) != expected_step)
        return fail_at(field_at(F_step), "trace.schema.206",
                       "steps must be consecutive: expected " + std::to_string(expected_step) + ", got " +
                           std::to_string(i_[F_step]));
    if (expected_step > static_cast<std::uint64_t>(max_step()))
        return fail_at(field_at(F_step), "trace.limit.302",
                       "step " + std::to_string(expected_step) + " is above the limit of " +
                           std::to_string(max_step()) + " (one less than the event limit)");
    const Nanos t = i_[F_t];
    if (t < 0)
        return fail_at(field_at(F_t), "trace.schema.207",
                       "time must not be negative, got " + std::to_string(t));
    if (t > kMaxTraceTime)
        return fail_at(field_at(F_t), "trace.limit.303",
                       "time " + std::to_string(t) + " is above the limit of " +
                           std::to_string(kMaxTraceTime) + " ns (about 146 years of virtual time)");
    if (t < last_time_)
        return fail_at(field_at(F_t), "trace.schema.207",
                       "time went backwards: " + std::to_string(t) + " after " + std::to_string(last_time_));
    if (!event_kind_from_name(s_[F_kind], kind))
        return fail_at(field_at(F_kind), "trace.schema.205", "unknown event kind " + json_quoted(s_[F_kind]));

    const KindFields kf = kind_fields(event_schema(kind));
    const std::uint64_t allowed = kCommon | kf.required | kf.optional;
    auto first = [](std::uint64_t mask) {
        Field f = 0;
        while (!(mask & bit(f))) ++f;
        return f;
    };
    if (const std::uint64_t extra = seen & ~allowed) {
        const Field f = first(extra);
        return fail_at(field_at(f), "trace.schema.210",
                       std::string("field \"") + kFields.at[f].name + "\" does not apply to a \"" +
                           event_kind_name(kind) + "\" event");
    }
    if (const std::uint64_t lack = kf.required & ~seen)
        return fail_at(obj, "trace.schema.204",
                       std::string("a \"") + event_kind_name(kind) + "\" event needs \"" +
                           kFields.at[first(lack)].name + "\"");
    return true;
}

// task, path, waker, worker and the raw detail and arg.
bool Loader::event_ids(std::uint64_t seen, Event& e) {
    auto range_err = [&](Field f, const std::string& what) {
        return fail_at(field_at(f), "trace.schema.212", what);
    };
    if ((seen & bit(F_task)) && !null_[F_task]) {
        const std::int64_t v = i_[F_task];
        if (v < 0 || static_cast<std::uint64_t>(v) >= trace_->tasks.size())
            return no_such_task(field_at(F_task), v);
        e.task = static_cast<std::uint32_t>(v);
    }
    if (seen & bit(F_path)) e.node = trace_->strings.intern(s_[F_path]);
    if (seen & bit(F_waker)) {
        const std::int64_t v = i_[F_waker];
        if (v < 0 || v >= static_cast<std::int64_t>(kNone))
            return range_err(F_waker, "expected a waker id from 0 to 4294967294, got " + std::to_string(v));
        e.waker = static_cast<std::uint32_t>(v);
    }
    if (seen & bit(F_worker)) {
        const std::int64_t v = i_[F_worker];
        if (v < 0 || v > 255)
            return range_err(F_worker, "expected a worker from 0 to 255, got " + std::to_string(v));
        e.worker = static_cast<std::uint8_t>(v);
    }
    if (seen & bit(F_detail)) {
        const std::int64_t v = i_[F_detail];
        if (v < 0 || v > 255)
            return range_err(F_detail, "expected a detail from 0 to 255, got " + std::to_string(v));
        e.detail = static_cast<std::uint8_t>(v);
    }
    if (seen & bit(F_arg)) e.arg = i_[F_arg];
    return true;
}

// A named detail, from its name.
bool Loader::event_detail(const EventSchema& s, Event& e) {
    if (!detail_is_named(s.detail)) return true;  // raw: read with the ids
    const Field f = kFields.find(s.detail_key);
    if (detail_value_from_name(s.detail, s_[f], e.detail)) return true;
    return unknown_name(field_at(f), s.detail, detail_noun(s.detail), s_[f], true);
}

// The arg under its key, checked for what it means.
bool Loader::event_arg(const EventSchema& s, Event& e) {
    if (arg_is_raw(s.arg)) return true;  // read with the ids
    const Field f = kFields.find(s.arg_key);
    const std::int64_t v = i_[f];
    switch (s.arg) {
        case ArgMeaning::ParentTask:
            if (null_[f]) {
                e.arg = -1;
                return true;
            }
            if (v < 0 || static_cast<std::uint64_t>(v) >= trace_->tasks.size())
                return no_such_task(field_at(f), v);
            break;
        case ArgMeaning::Text: e.arg = trace_->strings.intern(s_[f]); return true;
        case ArgMeaning::TimeBefore:
            if (v < 0 || v > e.time)
                return fail_at(field_at(f), "trace.schema.212",
                               "expected the time before the jump, from 0 to " + std::to_string(e.time) +
                                   ", got " + std::to_string(v));
            break;
        default:
            if (const char* noun = arg_noun(s.arg); noun && v < 0)
                return fail_at(field_at(f), "trace.schema.212",
                               std::string("expected ") + noun + " of 0 or more, got " + std::to_string(v));
            break;
    }
    e.arg = v;
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
    for (ConsoleLine& c : raw_console_) {
        c.step = static_cast<std::uint32_t>(c.step - first_step_);
        trace_->console.push_back(std::move(c));
    }
    for (FrameRecord& f : raw_frames_) {
        f.step = static_cast<std::uint32_t>(f.step - first_step_);
        trace_->frames.push_back(std::move(f));
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
                            "the trace is " + std::to_string(text.size()) +
                                " bytes, more than the limit of " + std::to_string(limits.max_file_bytes)});
        return r;
    }
    Loader loader(text, display_name, limits);
    return loader.run();
}

TraceLoadResult load_trace_file(const std::string& path, const TraceLoadLimits& limits) {
    using Status = FileRead::Status;
    FileRead file = read_regular_file(path, limits.max_file_bytes);
    if (file.ok()) return load_trace_text(file.text, path, limits);
    std::string limit = std::to_string(limits.max_file_bytes);
    std::string system = std::error_code(file.error, std::generic_category()).message();
    TraceLoadResult r;
    if (file.status == Status::cannot_open)
        r.errors.push_back({"trace.io.001", path, 0, 0, "", "cannot open the trace: " + system});
    else if (file.status == Status::read_error)
        r.errors.push_back({"trace.io.001", path, 0, 0, "", "cannot read the trace: " + system});
    else if (file.status == Status::not_regular)
        r.errors.push_back(
            {"trace.io.002", path, 0, 0, "", std::string("not a regular file (") + file.kind() + ")"});
    else if (file.size > 0)
        r.errors.push_back(
            {"trace.limit.300", path, 0, 0, "",
             "the trace is " + std::to_string(file.size) + " bytes, more than the limit of " + limit});
    else  // it grew past the limit while it was read
        r.errors.push_back({"trace.limit.300", path, 0, 0, "",
                            "the trace grew past the limit of " + limit + " bytes while it was read"});
    return r;
}

}  // namespace ps
