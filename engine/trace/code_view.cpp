#include "engine/trace/code_view.hpp"

#include "engine/model/time.hpp"

namespace ps {

namespace {

std::string rust_duration(Nanos d) {
    if (d % kSecond == 0) return "Duration::from_secs(" + std::to_string(d / kSecond) + ")";
    if (d % kMilli == 0) return "Duration::from_millis(" + std::to_string(d / kMilli) + ")";
    if (d % kMicro == 0) return "Duration::from_micros(" + std::to_string(d / kMicro) + ")";
    return "Duration::from_nanos(" + std::to_string(d) + ")";
}

std::string scripted_summary(const FutureSpec& s) {
    std::string out;
    for (std::size_t i = 0; i < s.script.size() && i < 6; ++i) {
        if (i) out += ", ";
        const ScriptStep& st = s.script[i];
        out += st.ready ? "Ready" : std::string("Pending+") + waker_action_name(st.action);
    }
    if (s.script.size() > 6) out += ", ...";
    if (s.repeat_last) out += " (last repeats)";
    return out;
}

// The expression, without `.await` and without the trailing `;`.
std::string expression(const FutureSpec& s) {
    switch (s.kind) {
        case FutureKind::Ready: return "ready(" + std::to_string(s.amount) + ")";
        case FutureKind::Sleep: return "sleep(" + rust_duration(s.duration) + ")";
        case FutureKind::Read:
            return s.amount > 0 ? s.resource + ".read(&mut buf[.." + std::to_string(s.amount) + "])"
                                : s.resource + ".read(&mut buf)";
        case FutureKind::Write: return s.resource + ".write_all(&[0u8; " + std::to_string(s.amount) + "])";
        case FutureKind::Accept: return s.resource + ".accept()";
        case FutureKind::Send: return s.resource + ".send(" + std::to_string(s.amount) + ")";
        case FutureKind::Recv: return s.resource + ".recv()";
        case FutureKind::Lock: return s.resource + ".lock()";
        case FutureKind::Unlock: return "drop(" + s.resource + "_guard)";
        case FutureKind::Notified: return s.resource + ".notified()";
        case FutureKind::NotifyOne: return s.resource + ".notify_one()";
        case FutureKind::NotifyWaiters: return s.resource + ".notify_waiters()";
        case FutureKind::YieldNow: return "tokio::task::yield_now()";
        case FutureKind::Compute:
            return "std::thread::sleep(" + rust_duration(s.duration) + ") /* blocking! */";
        case FutureKind::Spawn: return "tokio::spawn(" + s.task + "())";
        case FutureKind::JoinHandle: return s.task + "_handle";
        case FutureKind::Scripted: return "HandWritten { " + scripted_summary(s) + " }";
        case FutureKind::AsyncFn: return s.label;
        default: return future_kind_name(s.kind);
    }
}

bool awaits(FutureKind k) {
    switch (k) {
        case FutureKind::Unlock:
        case FutureKind::NotifyOne:
        case FutureKind::NotifyWaiters:
        case FutureKind::Spawn: return false;
        default: return true;
    }
}

struct Renderer {
    TaskCode& code;
    std::vector<NodeInfo>& nodes;

    void line(int indent, std::string text, const std::string& path) {
        code.lines.push_back({std::string(static_cast<std::size_t>(indent) * 4, ' ') + text, path});
    }

    void node(const FutureSpec& s, const std::string& path, int depth) {
        nodes.push_back({path, future_kind_name(s.kind), describe_future(s), depth});
    }

    // Renders `s` as a statement at `indent`; `lead` is put before it ("_ = " in select arms).
    void statement(const FutureSpec& s, const std::string& path, int indent, int depth,
                   const std::string& lead, const std::string& tail) {
        node(s, path, depth);
        std::string label = s.label.empty() ? "" : "  // " + s.label;
        const bool in_macro = lead == "~" || lead == "_ = ";
        const std::string l = lead == "~" ? "" : lead;
        const std::string end = tail.empty() ? ";" : tail;
        switch (s.kind) {
            case FutureKind::Block:
                line(indent, l + "async {" + label, path);
                children(s, path, indent + 1, depth + 1);
                line(indent, in_macro ? "}" + tail : "}.await;", "");
                return;
            case FutureKind::Repeat:
                line(indent,
                     (s.count < 0 ? std::string("loop {") : "for _ in 0.." + std::to_string(s.count) + " {") +
                         label,
                     path);
                children(s, path, indent + 1, depth + 1);
                line(indent, "}", "");
                return;
            case FutureKind::Join:
                line(indent, l + "tokio::join!(" + label, path);
                for (std::size_t i = 0; i < s.children.size(); ++i)
                    statement(s.children[i], path + "/" + std::to_string(i), indent + 1, depth + 1, "~", ",");
                line(indent, ")" + end, "");
                return;
            case FutureKind::Select:
                line(indent, l + "tokio::select! {" + label, path);
                if (s.biased) line(indent + 1, "biased;", path);
                for (std::size_t i = 0; i < s.children.size(); ++i)
                    statement(s.children[i], path + "/" + std::to_string(i), indent + 1, depth + 1,
                              "_ = ", " => {}");
                line(indent, "}" + (in_macro ? tail : std::string()), "");
                return;
            case FutureKind::Timeout:
                line(indent, l + "timeout(" + rust_duration(s.duration) + "," + label, path);
                if (!s.children.empty())
                    statement(s.children[0], path + "/0", indent + 1, depth + 1, "~", "");
                line(indent, ")" + std::string(in_macro ? "" : ".await") + end, "");
                return;
            default: {
                std::string expr = expression(s);
                std::string head = l;
                std::string aw = (awaits(s.kind) && !in_macro) ? ".await" : "";
                if (s.kind == FutureKind::Lock && !in_macro) head = "let " + s.resource + "_guard = ";
                if (s.kind == FutureKind::Spawn && !in_macro) head = "let " + s.task + "_handle = ";
                line(indent, head + expr + aw + end + label, path);
                return;
            }
        }
    }

    void children(const FutureSpec& s, const std::string& path, int indent, int depth) {
        for (std::size_t i = 0; i < s.children.size(); ++i)
            statement(s.children[i], path + "/" + std::to_string(i), indent, depth, "", "");
    }
};

}  // namespace

std::string describe_future(const FutureSpec& s) {
    switch (s.kind) {
        case FutureKind::Block: return "async block of " + std::to_string(s.children.size()) + " awaits";
        case FutureKind::Repeat:
            return s.count < 0 ? "loop" : "for loop of " + std::to_string(s.count) + " iterations";
        case FutureKind::Join: return "join! of " + std::to_string(s.children.size()) + " futures";
        case FutureKind::Select: return "select! of " + std::to_string(s.children.size()) + " branches";
        case FutureKind::Timeout: return "timeout(" + format_duration(s.duration) + ")";
        case FutureKind::Sleep: return "sleep(" + format_duration(s.duration) + ")";
        case FutureKind::Compute: return "blocking compute of " + format_duration(s.duration);
        case FutureKind::Read: return "read on socket '" + s.resource + "'";
        case FutureKind::Write:
            return "write of " + std::to_string(s.amount) + " bytes on socket '" + s.resource + "'";
        case FutureKind::Accept: return "accept on listener '" + s.resource + "'";
        case FutureKind::Send: return "send on channel '" + s.resource + "'";
        case FutureKind::Recv: return "recv on channel '" + s.resource + "'";
        case FutureKind::Lock: return "lock of mutex '" + s.resource + "'";
        case FutureKind::Unlock: return "unlock of mutex '" + s.resource + "'";
        case FutureKind::Notified: return "notified() on '" + s.resource + "'";
        case FutureKind::NotifyOne: return "notify_one() on '" + s.resource + "'";
        case FutureKind::NotifyWaiters: return "notify_waiters() on '" + s.resource + "'";
        case FutureKind::YieldNow: return "yield_now()";
        case FutureKind::Spawn: return "spawn of task '" + s.task + "'";
        case FutureKind::JoinHandle: return "join handle of task '" + s.task + "'";
        case FutureKind::Scripted:
            return s.label.empty() ? "hand-written future" : "hand-written future '" + s.label + "'";
        case FutureKind::Ready: return "ready(" + std::to_string(s.amount) + ")";
        case FutureKind::AsyncFn: return s.label.empty() ? "async fn body" : s.label;
    }
    return future_kind_name(s.kind);
}

void render_task_code(const TaskSpec& task, TaskCode& code, std::vector<NodeInfo>& nodes) {
    code.name = task.name;
    Renderer r{code, nodes};
    r.node(task.body, task.name, 0);
    nodes.back().text = "task '" + task.name + "'";
    r.line(0, "async fn " + task.name + "() {", task.name);
    r.children(task.body, task.name, 1, 1);
    r.line(0, "}", "");
}

}  // namespace ps
