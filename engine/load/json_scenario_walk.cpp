#include "engine/load/json_scenario_walk.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "engine/load/json_errors.hpp"
#include "engine/model/event_kind.hpp"
#include "engine/model/policies.hpp"
#include "engine/model/read_file.hpp"

namespace ps::json {

namespace {

constexpr std::string_view kFormatName = "pollscope-scenario/1";
constexpr std::int64_t kMaxBytes = 1'000'000'000;  // read/write sizes, socket buffers
constexpr std::int64_t kMaxNth = 1'000'000'000;
constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

// ---- The op table ---------------------------------------------------------------------------

// What the value of an op's kind key is.
enum class OpArg { Integer, Duration, Resource, True, Task, Ops, Repeat, Script };

struct OpInfo {
    std::string_view key;
    FutureKind kind;
    OpArg arg;
    const char* noun;                         // what the kind key's value names
    std::vector<std::string_view> modifiers;  // allowed besides "label"
    std::string_view required;                // a modifier that must be present ("" = none)
};

const std::vector<OpInfo>& op_table() {
    static const std::vector<OpInfo> table = {
        {"ready", FutureKind::Ready, OpArg::Integer, "an integer", {}, ""},
        {"sleep", FutureKind::Sleep, OpArg::Duration, "a duration", {}, ""},
        {"read", FutureKind::Read, OpArg::Resource, "a socket name", {"bytes"}, ""},
        {"write", FutureKind::Write, OpArg::Resource, "a socket name", {"bytes"}, "bytes"},
        {"accept", FutureKind::Accept, OpArg::Resource, "a listener name", {}, ""},
        {"send", FutureKind::Send, OpArg::Resource, "a channel or oneshot name", {"value"}, ""},
        {"recv", FutureKind::Recv, OpArg::Resource, "a channel or oneshot name", {}, ""},
        {"lock", FutureKind::Lock, OpArg::Resource, "a mutex name", {}, ""},
        {"unlock", FutureKind::Unlock, OpArg::Resource, "a mutex name", {}, ""},
        {"notified", FutureKind::Notified, OpArg::Resource, "a notify name", {}, ""},
        {"notify_one", FutureKind::NotifyOne, OpArg::Resource, "a notify name", {}, ""},
        {"notify_waiters", FutureKind::NotifyWaiters, OpArg::Resource, "a notify name", {}, ""},
        {"yield_now", FutureKind::YieldNow, OpArg::True, "true", {}, ""},
        {"compute", FutureKind::Compute, OpArg::Duration, "a duration", {}, ""},
        {"spawn", FutureKind::Spawn, OpArg::Task, "a task name", {}, ""},
        {"join_handle", FutureKind::JoinHandle, OpArg::Task, "a task name", {}, ""},
        {"join", FutureKind::Join, OpArg::Ops, "an array of ops", {}, ""},
        {"select", FutureKind::Select, OpArg::Ops, "an array of ops", {"biased"}, ""},
        {"timeout", FutureKind::Timeout, OpArg::Duration, "a duration", {"future"}, "future"},
        {"async", FutureKind::Block, OpArg::Ops, "an array of ops", {}, ""},
        {"repeat", FutureKind::Repeat, OpArg::Repeat, "\"forever\" or a count", {"body"}, "body"},
        {"scripted", FutureKind::Scripted, OpArg::Script, "an array of steps", {"repeat_last"}, ""},
    };
    return table;
}

const OpInfo* find_op(std::string_view key) {
    for (const OpInfo& op : op_table())
        if (op.key == key) return &op;
    return nullptr;
}

bool is_modifier(std::string_view key) {
    for (const OpInfo& op : op_table())
        for (std::string_view m : op.modifiers)
            if (m == key) return true;
    return false;
}

const Member* find(const std::vector<Member>& members, std::string_view key) {
    for (const Member& m : members)
        if (m.key == key) return &m;
    return nullptr;
}

const std::vector<std::string_view> kResourceKinds = {"socket",  "listener", "channel",
                                                      "oneshot", "mutex",    "notify"};
const std::vector<std::string_view> kWakerActions = {"store", "wake_by_ref", "wake", "forget", "drop_stored"};

// ---- The walker ---------------------------------------------------------------------------

class Walker {
public:
    Walker(const Doc& doc, const LoadLimits& limits, Scenario& out, ScenarioRefs& refs)
        : doc_(doc), limits_(limits), out_(out), refs_(refs) {}

    void top();

private:
    void error(const char* id, const Value& at, std::string message) const {
        doc_.error(id, at, std::move(message));
    }
    void missing(const Value& object, std::string_view key, const std::string& where) const;
    std::optional<std::string> read_name(const Value& x, const char* what, NameDef& def) const;
    std::optional<std::vector<Value>> bounded_items(const Value& v, const char* expected, const char* id,
                                                    const char* things, std::size_t limit) const;

    void runtime(const Value& v);
    void seed(const Value& x, std::uint64_t& out) const;
    void lesson(const Value& v);
    void resources(const Value& v);
    void resource(const Value& v);
    void io_script(const Value& v, ResourceSpec& r);
    void tasks(const Value& v);
    void task(const Value& v);
    void ops(const Value& array, std::vector<FutureSpec>& out);
    std::optional<FutureSpec> op(const Value& v);
    void op_argument(const OpInfo& info, const Member& m, FutureSpec& f);
    void scripted(const Value& array, const Member* repeat_last, FutureSpec& f);
    void notes(const Value& v);
    void program(const Member& m);
    void note(const Value& v);
    void note_when(const Value& v, NoteSpec& n);

    const Doc& doc_;
    const LoadLimits& limits_;
    Scenario& out_;
    ScenarioRefs& refs_;
    std::string current_task_;
    std::size_t ops_ = 0;
    bool ops_full_ = false;
    std::size_t script_events_ = 0;
    bool events_full_ = false;
};

void Walker::missing(const Value& object, std::string_view key, const std::string& where) const {
    error(errid::kMissingKey, object, "missing required key " + in_quotes(key) + where);
}

// A resource's or task's "name": read into `def` with where it stands, and checked.
std::optional<std::string> Walker::read_name(const Value& x, const char* what, NameDef& def) const {
    auto s = doc_.string(x, what);
    if (!s) return std::nullopt;
    def.name = *s;
    def.pointer = x.pointer;
    def.offset = doc_.offset(x);
    if (!valid_name(*s))
        error(errid::kBadName, x,
              "invalid name " + in_quotes(*s) +
                  ": a name starts with a letter or '_' and has at most 64 letters, digits, '_' or '-'");
    return s;
}

// The items of an array of at most `limit` things; nothing (after the error) when `v` is not an
// array or holds more.
std::optional<std::vector<Value>> Walker::bounded_items(const Value& v, const char* expected, const char* id,
                                                        const char* things, std::size_t limit) const {
    if (!doc_.expect_array(v, expected)) return std::nullopt;
    auto items = doc_.items(v);
    if (items.size() > limit) {
        error(id, v,
              std::string("too many ") + things + ": " + std::to_string(items.size()) + " (the limit is " +
                  std::to_string(limit) + ")");
        return std::nullopt;
    }
    return items;
}

void Walker::top() {
    Value root = doc_.root();
    if (!root->is_object()) {
        error(errid::kTopLevel, root,
              "the top level must be an object like {\"format\": \"pollscope-scenario/1\", ...}, got " +
                  doc_.got(root));
        return;
    }
    static const std::vector<std::string_view> known = {"format",    "title", "summary", "lesson", "runtime",
                                                        "resources", "tasks", "notes",   "program"};
    auto members = doc_.members(root);
    for (const Member& m : members) {
        const Value& v = m.value;
        if (m.key == "format") {
            if (auto s = doc_.string(v, "the string \"pollscope-scenario/1\"")) {
                if (*s != kFormatName)
                    error(errid::kFormat, v,
                          "unsupported format " + in_quotes(*s) + "; this version of pollscope reads \"" +
                              std::string(kFormatName) + "\"");
            }
        } else if (m.key == "title") {
            if (auto s = doc_.string(v)) out_.title = *s;
        } else if (m.key == "summary") {
            if (auto s = doc_.string(v)) out_.summary = *s;
        } else if (m.key == "lesson") {
            lesson(v);
        } else if (m.key == "runtime") {
            runtime(v);
        } else if (m.key == "resources") {
            resources(v);
        } else if (m.key == "tasks") {
            tasks(v);
        } else if (m.key == "notes") {
            notes(v);
        } else if (m.key == "program") {
            program(m);
        } else {
            doc_.unknown_key(m, "at the top level", known);
        }
    }
    if (!find(members, "format"))
        missing(root, "format", " (the first line of a scenario is \"format\": \"pollscope-scenario/1\")");
    if (!find(members, "title")) missing(root, "title", "");
    if (const Member* p = find(members, "program")) {
        // The program makes the tasks: attach_program checks the notes' task names.
        auto& uses = refs_.task_uses;
        uses.erase(std::remove_if(uses.begin(), uses.end(), [](const NameUse& u) { return u.op == "task"; }),
                   uses.end());
        for (const char* key : {"tasks", "resources"})
            if (find(members, key))
                doc_.error_at_key(errid::kProgramAndTasks, *p,
                                  std::string("a scenario has either \"program\" or \"") + key +
                                      "\", not both (the program makes its tasks and resources)");
        if (const Member* rt = find(members, "runtime"); rt && rt->value->is_object()) {
            out_.program_ref.policy_given = rt->value->contains("policy");
            out_.program_ref.workers_given = rt->value->contains("workers");
        }
    } else if (!find(members, "tasks")) {
        missing(root, "tasks", "");
    }
}

// "program": "NAME.rs" (a file next to the scenario, at most max_file_bytes) or the program's
// source inline (any other string).
void Walker::program(const Member& m) {
    auto text = doc_.string(m.value, "a Rust program: a file name like \"23-while-let.rs\" or its source");
    if (!text) return;
    ProgramRef& ref = out_.program_ref;
    ref.present = true;
    ref.pos = doc_.pos(m.value);
    const bool is_file = text->size() > 3 && text->compare(text->size() - 3, 3, ".rs") == 0 &&
                         text->find('\n') == std::string::npos;
    if (!is_file) {
        ref.source = *text;
        return;
    }
    const std::size_t slash = out_.path.find_last_of('/');
    ref.path =
        (*text)[0] == '/' || slash == std::string::npos ? *text : out_.path.substr(0, slash + 1) + *text;
    FileRead file = read_regular_file(ref.path, limits_.max_file_bytes);
    if (file.ok()) {
        ref.source = std::move(file.text);
        return;
    }
    std::string why = file.status == FileRead::Status::cannot_open ? std::strerror(file.error)
                      : file.status == FileRead::Status::not_regular
                          ? std::string("not a regular file (") + file.kind() + ")"
                      : file.status == FileRead::Status::too_large
                          ? "larger than " + std::to_string(limits_.max_file_bytes) + " bytes"
                          : std::strerror(file.error);
    doc_.error_at_key(errid::kProgramFile, m, "cannot read the program " + in_quotes(ref.path) + ": " + why);
}

void Walker::lesson(const Value& v) {
    if (v->is_string()) {
        out_.lesson.push_back(v->get<std::string>());
        return;
    }
    if (!doc_.expect_array(v, "a string or an array of strings (paragraphs)")) return;
    for (const Value& item : doc_.items(v))
        if (auto s = doc_.string(item, "a string (one paragraph)")) out_.lesson.push_back(*s);
}

// runtime.seed: an integer from 0 to 2^64 - 1. JSON's -0 is the integer zero, so it is 0; an
// integer literal past 2^64 - 1 is out of range, not of the wrong type.
void Walker::seed(const Value& x, std::uint64_t& out) const {
    std::int64_t unused = 0;
    if (x->is_number_unsigned()) {
        out = x->get<std::uint64_t>();
    } else if (x->is_number_integer() && x->get<std::int64_t>() == 0) {
        out = 0;  // -0
    } else if (x->is_number_integer() ||
               (x->is_number_float() && doc_.read_integer(x, 0, kInt64Max, unused) == IntRead::Below)) {
        error(errid::kRange, x, "expected a non-negative integer, got " + doc_.got(x));
    } else if (x->is_number_float() && doc_.read_integer(x, 0, kInt64Max, unused) == IntRead::Above) {
        error(errid::kRange, x,
              "expected a non-negative integer of at most 18446744073709551615, got " + doc_.got(x));
    } else {
        error(errid::kWrongType, x, "expected a non-negative integer, got " + doc_.got(x));
    }
}

void Walker::runtime(const Value& v) {
    if (!doc_.expect_object(v, "an object")) return;
    static const std::vector<std::string_view> known = {
        "policy",         "seed",    "poll_cost", "max_events", "max_live_tasks", "compute_threshold",
        "busy_threshold", "workers", "main",      "reactor"};
    RuntimeSpec& rt = out_.runtime;
    for (const Member& m : doc_.members(v)) {
        const Value& x = m.value;
        if (m.key == "policy") {
            std::vector<std::string_view> names;
            for (const PolicyInfo& p : policies()) names.push_back(p.name);
            if (auto i = doc_.one_of(x, names)) rt.policy = std::string(names[*i]);
        } else if (m.key == "seed") {
            seed(x, rt.seed);
        } else if (m.key == "poll_cost") {
            if (auto d = doc_.duration(x)) rt.poll_cost = *d;
        } else if (m.key == "max_events") {
            std::int64_t n = 0;
            switch (doc_.read_integer(x, 1, limits_.max_events, n)) {
                case IntRead::Ok: rt.max_events = n; break;
                case IntRead::NotInteger:
                    error(errid::kWrongType, x, "expected an integer, got " + doc_.got(x));
                    break;
                case IntRead::Below:
                    error(errid::kRange, x, doc_.range_message(x, 1, limits_.max_events));
                    break;
                case IntRead::Above:
                    error(errid::kMaxEvents, x,
                          "max_events " + doc_.got(x) + " is above the limit of " +
                              std::to_string(limits_.max_events));
                    break;
            }
        } else if (m.key == "max_live_tasks") {
            if (auto n = doc_.integer(x, 1, kMaxLiveTasksCeiling)) rt.max_live_tasks = *n;
        } else if (m.key == "compute_threshold") {
            if (auto d = doc_.duration(x)) rt.compute_threshold = *d;
        } else if (m.key == "busy_threshold") {
            if (auto n = doc_.integer(x, 2, 1'000'000)) rt.busy_threshold = static_cast<int>(*n);
        } else if (m.key == "workers") {
            if (auto n = doc_.integer(x, 1, 64)) rt.workers = static_cast<int>(*n);
        } else if (m.key == "main") {
            if (auto i = doc_.one_of(x, {"block_on", "spawned"})) rt.main_block_on = *i == 0;
        } else if (m.key == "reactor") {
            if (auto i = doc_.one_of(x, {"tokio", "none"})) rt.tokio_reactor = *i == 0;
        } else {
            doc_.unknown_key(m, "in \"runtime\"", known);
        }
    }
}

// ---- Resources ----------------------------------------------------------------------------

void Walker::resources(const Value& v) {
    auto items =
        bounded_items(v, "an array of resources", errid::kResources, "resources", limits_.max_resources);
    if (!items) return;
    for (const Value& item : *items) resource(item);
}

void Walker::resource(const Value& v) {
    if (!doc_.expect_object(v, "a resource object like {\"name\": \"conn\", \"kind\": \"socket\"}")) return;
    static const std::vector<std::string_view> known = {"name", "kind", "send_buffer", "script", "capacity"};
    auto members = doc_.members(v);
    ResourceSpec r;
    r.pos = doc_.pos(v);
    NameDef def;
    def.pointer = v.pointer;
    def.offset = doc_.offset(v);
    if (const Member* k = find(members, "kind")) {
        if (auto i = doc_.one_of(k->value, kResourceKinds)) {
            r.kind = static_cast<ResourceKind>(*i);
            def.kind = r.kind;
        }
    }
    if (def.kind == ResourceKind::Socket) r.capacity = 65536;
    // "send_buffer" and "script" belong to sockets, "script" also to listeners, "capacity" to channels.
    auto applies = [&](const Member& m, bool ok, const char* only) {
        if (!def.kind) return false;  // the kind is already an error; say nothing more
        if (ok) return true;
        doc_.error_at_key(errid::kNotHere, m,
                          in_quotes(m.key) + " does not apply to " +
                              with_article(std::string(kResourceKinds[static_cast<std::size_t>(*def.kind)])) +
                              " resource (only to " + only + ")");
        return false;
    };
    for (const Member& m : members) {
        const Value& x = m.value;
        if (m.key == "name") {
            if (auto s = read_name(x, "a resource name", def)) r.name = *s;
        } else if (m.key == "kind") {
            // read above
        } else if (m.key == "send_buffer") {
            if (applies(m, r.kind == ResourceKind::Socket, "sockets"))
                if (auto n = doc_.integer(x, 0, kMaxBytes)) r.capacity = *n;
        } else if (m.key == "capacity") {
            if (applies(m, r.kind == ResourceKind::Channel, "channels")) {
                if (auto n = doc_.integer(x, 1, 1'000'000)) r.capacity = *n;
            }
        } else if (m.key == "script") {
            if (applies(m, r.kind == ResourceKind::Socket || r.kind == ResourceKind::Listener,
                        "sockets and listeners"))
                io_script(x, r);
        } else {
            doc_.unknown_key(m, "in a resource", known);
        }
    }
    if (!find(members, "name")) missing(v, "name", " in a resource");
    if (!find(members, "kind"))
        missing(v, "kind", " in a resource (one of socket, listener, channel, oneshot, mutex, notify)");
    if (def.kind == ResourceKind::Channel && !find(members, "capacity"))
        missing(v, "capacity", " in a channel resource (the bound of tokio::sync::mpsc::channel)");
    refs_.resources.push_back(def);
    out_.resources.push_back(std::move(r));
}

void Walker::io_script(const Value& v, ResourceSpec& r) {
    if (!doc_.expect_array(v, "an array of script entries")) return;
    bool socket = r.kind == ResourceKind::Socket;
    const char* where = socket ? "in a socket script entry" : "in a listener script entry";
    static const std::vector<std::string_view> socket_keys = {"at", "readable", "writable", "closed"};
    static const std::vector<std::string_view> listener_keys = {"at", "connect"};
    std::optional<Nanos> previous;
    for (const Value& item : doc_.items(v)) {
        if (events_full_) return;
        if (++script_events_ > limits_.max_script_events) {
            events_full_ = true;
            error(errid::kScriptEvents, item,
                  "too many script events: more than " + std::to_string(limits_.max_script_events) +
                      " (the limit)");
            return;
        }
        if (!doc_.expect_object(item, socket
                                          ? "a script entry like {\"at\": \"10ms\", \"readable\": 100}"
                                          : "a script entry like {\"at\": \"10ms\", \"connect\": \"conn\"}"))
            continue;
        IoScriptEvent e;
        e.pos = doc_.pos(item);
        auto members = doc_.members(item);
        const Member* change = nullptr;
        for (const Member& m : members) {
            const Value& x = m.value;
            bool is_change = socket ? (m.key == "readable" || m.key == "writable" || m.key == "closed")
                                    : m.key == "connect";
            if (m.key == "at") {
                if (auto d = doc_.duration(x)) {
                    if (previous && *d < *previous)
                        error(errid::kScriptOrder, x,
                              "script entries must be in time order: " + format_duration(*d) +
                                  " comes after " + format_duration(*previous));
                    else
                        previous = d;
                    e.at = *d;
                }
                continue;
            }
            if (!is_change) {
                const auto& other = socket ? listener_keys : socket_keys;
                bool elsewhere = false;
                for (std::string_view k : other) elsewhere = elsewhere || k == m.key;
                if (elsewhere)
                    doc_.error_at_key(errid::kNotHere, m,
                                      in_quotes(m.key) + " does not apply to " +
                                          (socket ? "a socket" : "a listener") + " script entry");
                else
                    doc_.unknown_key(m, where, socket ? socket_keys : listener_keys);
                continue;
            }
            if (change) {
                doc_.error_at_key(errid::kScriptEntry, m,
                                  "a script entry changes one thing: found both " + in_quotes(change->key) +
                                      " and " + in_quotes(m.key));
                continue;
            }
            change = &m;
            if (m.key == "readable") {
                if (auto n = doc_.integer(x, 1, kMaxBytes)) e.readable = *n;
            } else if (m.key == "writable") {
                if (auto n = doc_.integer(x, 1, kMaxBytes)) e.writable = *n;
            } else if (m.key == "closed") {
                if (x->is_boolean() && x->get<bool>())
                    e.closed = true;
                else
                    error(errid::kMustBeTrue, x,
                          "\"closed\" takes only true (leave the entry out otherwise), got " + doc_.got(x));
            } else {
                if (auto s = doc_.string(x, "the name of a socket resource")) {
                    e.connect = *s;
                    refs_.resource_uses.push_back({*s, "connect", x.pointer, doc_.offset(x), ""});
                }
            }
        }
        if (!find(members, "at"))
            missing(item, "at", " in a script entry (when the change happens, like \"10ms\")");
        if (!change)
            error(errid::kScriptEntry, item,
                  socket ? "a socket script entry needs one of \"readable\", \"writable\" or \"closed\""
                         : "a listener script entry needs \"connect\": the name of the socket that connects");
        r.script.push_back(std::move(e));
    }
}

// ---- Tasks and ops ------------------------------------------------------------------------

void Walker::tasks(const Value& v) {
    refs_.tasks_offset = doc_.offset(v);
    refs_.tasks_pointer = v.pointer;
    auto items = bounded_items(v, "an array of tasks", errid::kTasks, "tasks", limits_.max_tasks);
    if (!items) return;
    if (items->empty()) error(errid::kEmptyList, v, "\"tasks\" needs at least one task");
    for (const Value& item : *items) task(item);
}

void Walker::task(const Value& v) {
    if (!doc_.expect_object(v, "a task object like {\"name\": \"main\", \"body\": [...]}")) return;
    static const std::vector<std::string_view> known = {"name", "start", "body"};
    TaskSpec t;
    t.pos = doc_.pos(v);
    t.body.kind = FutureKind::Block;
    t.body.pos = t.pos;
    NameDef def;
    def.pointer = v.pointer;
    def.offset = doc_.offset(v);
    auto members = doc_.members(v);
    if (const Member* n = find(members, "name"))
        if (n->value->is_string()) current_task_ = n->value->get<std::string>();
    for (const Member& m : members) {
        const Value& x = m.value;
        if (m.key == "name") {
            if (auto s = read_name(x, "a task name", def)) t.name = *s;
        } else if (m.key == "start") {
            if (auto b = doc_.boolean(x)) def.start = t.start = *b;
        } else if (m.key == "body") {
            t.body.pos = doc_.pos(x);
            if (doc_.expect_array(x, "an array of ops")) ops(x, t.body.children);
        } else {
            doc_.unknown_key(m, "in a task", known);
        }
    }
    if (!find(members, "name")) missing(v, "name", " in a task");
    if (!find(members, "body"))
        missing(v, "body", " in a task (its ops, in order: [{\"sleep\": \"10ms\"}, ...])");
    current_task_.clear();
    refs_.tasks.push_back(def);
    out_.tasks.push_back(std::move(t));
}

void Walker::ops(const Value& array, std::vector<FutureSpec>& out) {
    for (const Value& item : doc_.items(array))
        if (auto f = op(item)) out.push_back(std::move(*f));
}

std::optional<FutureSpec> Walker::op(const Value& v) {
    if (ops_full_) return std::nullopt;
    if (++ops_ > limits_.max_ops) {
        ops_full_ = true;
        error(errid::kOps, v,
              "too many ops: more than " + std::to_string(limits_.max_ops) + " in all tasks (the limit)");
        return std::nullopt;
    }
    if (!doc_.expect_object(v, "an op object like {\"sleep\": \"10ms\"}")) return std::nullopt;
    auto members = doc_.members(v);

    // The kind key first: it decides which other keys are allowed.
    const OpInfo* info = nullptr;
    const Member* kind_member = nullptr;
    for (const Member& m : members) {
        const OpInfo* o = find_op(m.key);
        if (!o) continue;
        if (info) {
            doc_.error_at_key(errid::kOpKind, m,
                              "an op has exactly one kind key, found both " + in_quotes(kind_member->key) +
                                  " and " + in_quotes(m.key) +
                                  " (wrap them in {\"join\": [...]} or write two ops)");
            continue;
        }
        info = o;
        kind_member = &m;
    }

    std::vector<std::string_view> known;
    if (info) {
        known = {info->key, "label"};
        known.insert(known.end(), info->modifiers.begin(), info->modifiers.end());
    } else {
        for (const OpInfo& o : op_table()) known.push_back(o.key);
        known.insert(known.end(), {"label", "bytes", "value", "biased", "future", "body", "repeat_last"});
    }

    FutureSpec f;
    f.pos = doc_.pos(v);
    if (info) f.kind = info->kind;
    bool unknown_keys = false;
    const Member* repeat_last = nullptr;
    for (const Member& m : members) {
        const Value& x = m.value;
        if (&m == kind_member || find_op(m.key)) continue;
        if (m.key == "label") {
            if (auto s = doc_.string(x, "a label (a string)")) f.label = *s;
            continue;
        }
        bool allowed = false;
        if (info)
            for (std::string_view k : info->modifiers) allowed = allowed || k == m.key;
        if (!allowed) {
            unknown_keys = true;
            if (info && is_modifier(m.key))
                doc_.error_at_key(
                    errid::kNotHere, m,
                    in_quotes(m.key) + " does not apply to " + with_article(in_quotes(info->key)) + " op");
            else
                doc_.unknown_key(m, "in an op", known);
            continue;
        }
        if (m.key == "bytes") {
            std::int64_t min = info->kind == FutureKind::Write ? 1 : 0;
            if (auto n = doc_.integer(x, min, kMaxBytes)) f.amount = *n;
        } else if (m.key == "value") {
            if (auto n = doc_.integer(x, kInt64Min, kInt64Max)) f.amount = *n;
        } else if (m.key == "biased") {
            if (auto b = doc_.boolean(x)) f.biased = *b;
        } else if (m.key == "repeat_last") {
            repeat_last = &m;
            if (auto b = doc_.boolean(x)) f.repeat_last = *b;
        } else if (m.key == "future") {
            if (auto child = op(x)) f.children.push_back(std::move(*child));
        } else if (m.key == "body") {
            if (doc_.expect_array(x, "an array of ops")) {
                if (x->empty()) error(errid::kEmptyList, x, "\"body\" of a \"repeat\" needs at least one op");
                ops(x, f.children);
            }
        }
    }
    if (!info) {
        if (!unknown_keys)
            error(errid::kOpKind, v,
                  "an op needs one kind key, such as \"sleep\" or \"read\" (see the op list in "
                  "scenarios/README.md); "
                  "found none");
        return std::nullopt;
    }
    if (!info->required.empty() && !find(members, info->required))
        missing(v, info->required, " in " + with_article(in_quotes(info->key)) + " op");
    if (info->arg == OpArg::Script) {
        if (doc_.expect_array(kind_member->value, "an array of steps"))
            scripted(kind_member->value, repeat_last, f);
    } else {
        op_argument(*info, *kind_member, f);
    }
    return f;
}

void Walker::op_argument(const OpInfo& info, const Member& m, FutureSpec& f) {
    const Value& x = m.value;
    switch (info.arg) {
        case OpArg::Integer:
            if (auto n = doc_.integer(x, kInt64Min, kInt64Max)) f.amount = *n;
            return;
        case OpArg::Duration:
            if (auto d = doc_.duration(x)) f.duration = *d;
            return;
        case OpArg::Resource:
            if (auto s = doc_.string(x, info.noun)) {
                f.resource = *s;
                refs_.resource_uses.push_back(
                    {*s, std::string(info.key), x.pointer, doc_.offset(x), current_task_});
            }
            return;
        case OpArg::Task:
            if (auto s = doc_.string(x, info.noun)) {
                f.task = *s;
                refs_.task_uses.push_back(
                    {*s, std::string(info.key), x.pointer, doc_.offset(x), current_task_});
            }
            return;
        case OpArg::True:
            if (!x->is_boolean() || !x->get<bool>())
                error(errid::kMustBeTrue, x, in_quotes(info.key) + " takes only true, got " + doc_.got(x));
            return;
        case OpArg::Ops:
            if (doc_.expect_array(x, info.noun)) {
                if (x->empty()) error(errid::kEmptyList, x, in_quotes(info.key) + " needs at least one op");
                ops(x, f.children);
            }
            return;
        case OpArg::Repeat: {
            if (x->is_string() && x->get_ref<const std::string&>() == "forever") {
                f.count = -1;
                return;
            }
            std::int64_t n = 0;
            std::string expected = "expected \"forever\" or an integer from 1 to " +
                                   std::to_string(limits_.max_repeat) + ", got " + doc_.got(x);
            switch (doc_.read_integer(x, 1, limits_.max_repeat, n)) {
                case IntRead::Ok: f.count = n; break;
                case IntRead::NotInteger:
                    error(x->is_string() ? errid::kNotOneOf : errid::kWrongType, x, expected);
                    break;
                case IntRead::Below: error(errid::kRange, x, expected); break;
                case IntRead::Above:
                    error(errid::kRepeatCount, x,
                          "repeat count " + doc_.got(x) + " is above the limit of " +
                              std::to_string(limits_.max_repeat) + " (use \"forever\" for an endless loop)");
                    break;
            }
            return;
        }
        case OpArg::Script: return;  // read by scripted()
    }
}

void Walker::scripted(const Value& array, const Member* repeat_last, FutureSpec& f) {
    auto items = doc_.items(array);
    if (items.empty()) {
        error(errid::kEmptyList, array, "\"scripted\" needs at least one step");
        return;
    }
    static const std::vector<std::string_view> known = {"pending", "ready", "wake_after"};
    bool complete = true;  // every step read without error: the whole-script rules apply
    for (const Value& item : items) {
        if (!doc_.expect_object(item, "a step like {\"pending\": \"store\"} or {\"ready\": 1}")) {
            complete = false;
            continue;
        }
        ScriptStep s;
        s.pos = doc_.pos(item);
        auto members = doc_.members(item);
        const Member* pending = nullptr;
        const Member* ready = nullptr;
        const Member* wake_after = nullptr;
        for (const Member& m : members) {
            if (m.key == "pending" || m.key == "ready") {
                const Member*& slot = m.key == "pending" ? pending : ready;
                if (pending || ready) {
                    doc_.error_at_key(errid::kStepKind, m,
                                      "a step is either \"pending\" or \"ready\", not both");
                    complete = false;
                    continue;
                }
                slot = &m;
            } else if (m.key == "wake_after") {
                wake_after = &m;
            } else {
                doc_.unknown_key(m, "in a scripted step", known);
            }
        }
        if (pending) {
            if (auto i = doc_.one_of(pending->value, kWakerActions))
                s.action = static_cast<WakerAction>(*i);
            else
                complete = false;
        } else if (ready) {
            s.ready = true;
            if (auto n = doc_.integer(ready->value, kInt64Min, kInt64Max)) s.value = *n;
        } else {
            error(errid::kStepKind, item,
                  "a step needs \"pending\" (with what it does to the waker) or \"ready\"");
            complete = false;
        }
        if (wake_after) {
            if (pending && s.action == WakerAction::Store) {
                if (auto d = doc_.duration(wake_after->value)) s.wake_after = *d;
            } else if (pending || ready) {
                doc_.error_at_key(
                    errid::kWakeAfter, *wake_after,
                    "\"wake_after\" only goes with \"pending\": \"store\" (only a stored waker can be "
                    "woken later)");
            }
        }
        f.script.push_back(s);
    }
    if (!complete || f.script.size() != items.size()) return;
    for (std::size_t i = 0; i + 1 < f.script.size(); ++i) {
        if (f.script[i].ready) {
            error(errid::kUnreachableStep, items[i + 1],
                  "unreachable step: step " + std::to_string(i) +
                      " already returns Ready, and a completed future is never polled again (steps count "
                      "from 0)");
            return;
        }
    }
    bool last_ready = f.script.back().ready;
    if (f.repeat_last && last_ready && repeat_last)
        error(errid::kRepeatLast, repeat_last->value,
              "\"repeat_last\" repeats the last step forever, so the last step must be \"pending\"");
    else if (!f.repeat_last && !last_ready)
        error(errid::kScriptEnd, items.back(),
              "the script ends with a pending step: add a {\"ready\": N} step after it, or set "
              "\"repeat_last\": true "
              "to repeat it forever");
}

// ---- Notes --------------------------------------------------------------------------------

void Walker::notes(const Value& v) {
    auto items = bounded_items(v, "an array of notes", errid::kNotes, "notes", limits_.max_notes);
    if (!items) return;
    for (const Value& item : *items) note(item);
}

void Walker::note(const Value& v) {
    if (!doc_.expect_object(v, "a note like {\"text\": \"...\", \"step\": 3}")) return;
    static const std::vector<std::string_view> known = {"text", "step", "when"};
    NoteSpec n;
    n.pos = doc_.pos(v);
    auto members = doc_.members(v);
    const Member* anchor = nullptr;
    for (const Member& m : members) {
        const Value& x = m.value;
        if (m.key == "text") {
            if (auto s = doc_.string(x)) n.text = *s;
        } else if (m.key == "step" || m.key == "when") {
            if (anchor) {
                doc_.error_at_key(errid::kNoteAnchor, m, "a note takes \"step\" or \"when\", not both");
                continue;
            }
            anchor = &m;
            if (m.key == "step") {
                if (auto s = doc_.integer(x, 0, kInt64Max)) n.step = *s;
            } else {
                note_when(x, n);
            }
        } else {
            doc_.unknown_key(m, "in a note", known);
        }
    }
    if (!find(members, "text")) missing(v, "text", " in a note");
    if (!anchor)
        error(errid::kNoteAnchor, v,
              "a note needs \"step\" (an event index) or \"when\" (an event to look for)");
    out_.notes.push_back(std::move(n));
}

void Walker::note_when(const Value& v, NoteSpec& n) {
    if (!doc_.expect_object(v, "an object like {\"event\": \"poll_end\", \"task\": \"main\"}")) return;
    static const std::vector<std::string_view> known = {"event", "task", "result", "nth"};
    std::vector<std::string_view> kinds;
    for (int i = 0; i < kEventKindCount; ++i) kinds.emplace_back(event_kind_name(static_cast<EventKind>(i)));
    auto members = doc_.members(v);
    const Member* event = find(members, "event");
    std::optional<EventKind> kind;
    if (event) {
        if (auto i = doc_.one_of(event->value, kinds)) {
            kind = static_cast<EventKind>(*i);
            n.event = std::string(kinds[*i]);
        }
    } else {
        missing(v, "event", " in \"when\" (a trace event kind such as \"poll_end\")");
    }
    for (const Member& m : members) {
        const Value& x = m.value;
        if (m.key == "event") {
            // read above
        } else if (m.key == "task") {
            if (auto s = doc_.string(x, "a task name")) {
                n.task = *s;
                refs_.task_uses.push_back({*s, "task", x.pointer, doc_.offset(x), ""});
            }
        } else if (m.key == "result") {
            if (auto i = doc_.one_of(x, {"pending", "ready"})) {
                n.result = *i == 0 ? "pending" : "ready";
                if (kind && *kind != EventKind::PollEnd)
                    doc_.error_at_key(errid::kNotHere, m, "\"result\" only applies to \"poll_end\" events");
            }
        } else if (m.key == "nth") {
            if (auto k = doc_.integer(x, 1, kMaxNth)) n.nth = static_cast<int>(*k);
        } else {
            doc_.unknown_key(m, "in \"when\"", known);
        }
    }
}

}  // namespace

void walk_scenario(const Doc& doc, const LoadLimits& limits, Scenario& out, ScenarioRefs& refs) {
    Walker(doc, limits, out, refs).top();
}

}  // namespace ps::json
