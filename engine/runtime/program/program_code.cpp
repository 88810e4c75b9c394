#include "engine/runtime/program/program_code.hpp"

#include <set>
#include <utility>

#include "engine/runtime/program/ast_names.hpp"
#include "engine/rust/errors.hpp"

namespace ps {

using namespace rust;

namespace {

struct Refusal {
    ProgramError error;
};

[[noreturn]] void refuse(const Span& at, const std::string& what,
                         const char* id = rust::errid::kUnsupported) {
    throw Refusal{{id, static_cast<int>(at.line), static_cast<int>(at.column), "not supported: " + what}};
}

const Path* path_of_expr(const Expr& e) {
    const auto* p = e.get_if<PathExpr>();
    return p ? &p->path : nullptr;
}

const Path* callee_path(const Expr& e) {
    const auto* c = e.get_if<CallExpr>();
    return c ? path_of_expr(*c->callee) : nullptr;
}

bool is_spawn_path(const Path& p) {
    std::string j = p.joined();
    return j == "tokio::spawn" || j == "spawn" || j == "tokio::task::spawn" || j == "task::spawn";
}

class Builder {
public:
    Builder(ProgramCode& code, Scenario& sc) : code_(code), sc_(sc) {}

    void build() {
        const FnItem* main = nullptr;
        for (const Item& item : code_.ast->items) {
            if (item.kind() == ItemKind::Fn) {
                const FnItem& fn = item.as<FnItem>();
                code_.fns[fn.name] = &fn;
                if (fn.name == "main") main = &fn;
            } else if (item.kind() == ItemKind::Const) {
                code_.consts[item.as<ConstItem>().name] = &item.as<ConstItem>();
            }
        }
        if (!main || !main->tokio_main)
            throw Refusal{{"rust.run.501", 1, 1, "expected `#[tokio::main] async fn main() { .. }`"}};
        if (!main->is_async) refuse(main->name_span, "a `main` that is not `async fn`");
        runtime_options(*main->tokio_main);
        TaskSpec t;
        t.name = "main";
        t.start = true;
        t.body = body_node(fn_body(*main), main->body.span, "async fn main()");
        t.pos = pos(main->name_span);
        sc_.tasks.insert(sc_.tasks.begin(), std::move(t));
    }

private:
    static SourcePos pos(const Span& s) { return {static_cast<int>(s.line), static_cast<int>(s.column)}; }

    void runtime_options(const TokioMainAttr& attr) {
        if (attr.flavor == RuntimeFlavor::CurrentThread) {
            sc_.runtime.policy = "tokio-current-thread";
            if (attr.worker_threads) refuse(attr.span, "worker_threads with flavor = \"current_thread\"");
        } else {
            sc_.runtime.policy = "tokio-multi-thread";
            if (attr.worker_threads) {
                if (*attr.worker_threads < 1 || *attr.worker_threads > 64)
                    refuse(attr.span, "worker_threads outside 1..=64");
                sc_.runtime.workers = static_cast<int>(*attr.worker_threads);
            }
        }
    }

    std::string label(const Expr& e) const {
        std::string raw = code_.text_of(e.span), out;
        for (char c : raw) {
            bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
            if (space && (out.empty() || out.back() == ' ')) continue;
            out += space ? ' ' : c;
        }
        if (out.size() > 60) out = out.substr(0, 57) + "...";
        return out;
    }

    FutureSpec body_node(std::size_t body, const Span& at, std::string text) {
        FutureSpec n;
        n.kind = FutureKind::AsyncFn;
        n.count = static_cast<std::int64_t>(body);
        n.children = children_[body];
        n.label = std::move(text);
        n.pos = pos(at);
        return n;
    }

    // Builds a body: its await points become the children of its nodes.
    std::size_t new_body(ProgramCode::Body b) {
        const std::size_t index = code_.bodies.size();
        code_.bodies.push_back(b);
        children_.emplace_back();
        std::vector<FutureSpec> kids;
        std::vector<FutureSpec>* saved = current_;
        current_ = &kids;
        walk_block(*b.block);
        current_ = saved;
        code_.bodies[index].awaits = static_cast<int>(kids.size());
        children_[index] = std::move(kids);
        return index;
    }

    std::size_t fn_body(const FnItem& fn) {
        auto it = fn_bodies_.find(&fn);
        if (it != fn_bodies_.end()) return it->second;
        if (!in_progress_.insert(&fn).second)
            refuse(fn.name_span, "a recursive async fn (`" + fn.name + "`)");
        ProgramCode::Body b;
        b.block = &fn.body;
        b.fn = &fn;
        b.name = fn.name;
        std::size_t index = new_body(b);
        in_progress_.erase(&fn);
        fn_bodies_[&fn] = index;
        return index;
    }

    const FnItem* async_fn_called(const Expr& e) const {
        const Path* p = callee_path(e);
        if (!p || p->segments.size() != 1) return nullptr;
        auto it = code_.fns.find(p->segments[0].name);
        return it != code_.fns.end() && it->second->is_async ? it->second : nullptr;
    }

    // The body an async block or async fn call runs, as a node.
    FutureSpec future_body(const Expr& e) {
        std::size_t index;
        if (const auto* ab = e.get_if<AsyncBlockExpr>()) {
            ProgramCode::Body b;
            b.block = &ab->block;
            b.is_move = ab->is_move;
            b.name = "async block";
            index = new_body(b);
        } else {
            index = fn_body(*async_fn_called(e));
        }
        code_.body_of[&e] = index;
        return body_node(index, e.span, label(e));
    }

    // The node a future expression makes when it is awaited (or joined, selected, timed).
    FutureSpec operand_node(const Expr& e) {
        if (e.kind() == ExprKind::AsyncBlock || async_fn_called(e)) return future_body(e);
        FutureSpec n;
        n.label = label(e);
        n.pos = pos(e.span);
        if (const Path* p = callee_path(e)) {
            const std::string last = p->segments.back().name;
            const auto& args = e.as<CallExpr>().args;
            if (last == "sleep" || last == "sleep_until") {
                n.kind = FutureKind::Sleep;
            } else if (last == "yield_now") {
                n.kind = FutureKind::YieldNow;
            } else if (last == "ready") {
                n.kind = FutureKind::Ready;
            } else if (last == "timeout") {
                if (args.size() != 2) refuse(e.span, "timeout(..) without (duration, future)");
                n.kind = FutureKind::Timeout;
                n.children.push_back(operand_node(*args[1]));
            } else {
                refuse(e.span, "awaiting `" + p->joined() + "(..)`");
            }
            return n;
        }
        if (prelude_chain_root(e, "Scripted")) {
            n.kind = FutureKind::Scripted;
            return n;
        }
        if (const auto* m = e.get_if<MethodCallExpr>()) {
            const std::string& name = m->method.name;
            if (name == "read_bytes")
                n.kind = FutureKind::Read;
            else if (name == "write_bytes")
                n.kind = FutureKind::Write;
            else if (name == "accept")
                n.kind = FutureKind::Accept;
            else if (name == "recv" || name == "next")  // next: StreamExt on a ReceiverStream
                n.kind = FutureKind::Recv;
            else if (name == "send" || name == "reserve")
                n.kind = FutureKind::Send;
            else if (name == "lock")
                n.kind = FutureKind::Lock;
            else if (name == "notified")
                n.kind = FutureKind::Notified;
            else if (name == "tick")
                n.kind = FutureKind::Sleep;
            else
                refuse(m->method.span, "awaiting `." + name + "()`");
            return n;
        }
        n.kind = FutureKind::JoinHandle;  // a handle, or a oneshot receiver: the run decides
        return n;
    }

    // What a future expression evaluates before it is polled: receivers, arguments.
    void operand_parts(const Expr& e) {
        if (e.kind() == ExprKind::AsyncBlock) return;
        if (const auto* c = e.get_if<CallExpr>()) {
            const Path* p = path_of_expr(*c->callee);
            if (p && p->segments.back().name == "timeout" && c->args.size() == 2) {
                walk(*c->args[0]);
                operand_parts(*c->args[1]);
                return;
            }
            for (const auto& a : c->args) walk(*a);
            return;
        }
        if (const auto* m = e.get_if<MethodCallExpr>()) {
            walk(*m->receiver);
            for (const auto& a : m->args) walk(*a);
            return;
        }
        walk(e);
    }

    void add_await_point(const Expr& e, FutureSpec node) {
        code_.await_index[&e] = current_->size();
        current_->push_back(std::move(node));
    }

    void spawn_site(const Expr& call, const std::string* binding) {
        const auto& args = call.as<CallExpr>().args;
        if (args.size() != 1) refuse(call.span, "tokio::spawn without one future argument");
        const Expr& fut = *args[0];
        const FnItem* fn = async_fn_called(fut);
        if (fut.kind() != ExprKind::AsyncBlock && !fn)
            refuse(fut.span, "spawning something other than an async block or an async fn call");
        operand_parts(fut);
        std::string name = binding ? *binding : fn ? fn->name : "task-" + std::to_string(++unnamed_);
        std::string unique = name;
        for (int k = 2; !names_.insert(unique).second; ++k) unique = name + "-" + std::to_string(k);
        TaskSpec t;
        t.name = unique;
        t.start = false;
        t.body = future_body(fut);
        t.pos = pos(call.span);
        sc_.tasks.push_back(std::move(t));
        code_.spawn_task[&call] = unique;
    }

    void walk_block(const Block& b) {
        for (const Stmt& s : b.stmts) {
            if (s.kind() == StmtKind::Let) {
                const LetStmt& let = s.as<LetStmt>();
                if (!let.init) continue;
                const IdentPat* id = std::get_if<IdentPat>(&let.pattern.node);
                walk(*let.init, id ? &id->name : nullptr);
            } else if (s.kind() == StmtKind::Expr) {
                walk(*s.as<ExprStmt>().expr);
            }
        }
        if (b.tail) walk(*b.tail);
    }

    void walk_opt(const ExprPtr& e) {
        if (e) walk(*e);
    }

    void walk(const Expr& e, const std::string* binding = nullptr);
    void walk_select(const Expr& e);

    ProgramCode& code_;
    Scenario& sc_;
    std::vector<std::vector<FutureSpec>> children_;  // by body
    std::vector<FutureSpec>* current_ = nullptr;
    std::map<const FnItem*, std::size_t> fn_bodies_;
    std::set<const FnItem*> in_progress_;
    std::set<std::string> names_{"main"};
    int unnamed_ = 0;
};

void Builder::walk_select(const Expr& e) {
    const SelectMacro& s = e.as<SelectMacro>();
    FutureSpec node;
    node.kind = FutureKind::Select;
    node.biased = s.biased;
    node.label = "tokio::select!";
    node.pos = pos(e.span);
    for (const SelectBranch& b : s.branches) {
        operand_parts(*b.future);
        walk_opt(b.guard);
        node.children.push_back(operand_node(*b.future));
    }
    add_await_point(e, std::move(node));
    for (const SelectBranch& b : s.branches) walk(*b.body);
    walk_opt(s.else_body);
}

void Builder::walk(const Expr& e, const std::string* binding) {
    switch (e.kind()) {
        case ExprKind::Await: {
            const Expr& operand = *e.as<AwaitExpr>().future;
            operand_parts(operand);
            add_await_point(e, operand_node(operand));
            return;
        }
        case ExprKind::JoinMacro: {
            FutureSpec node;
            node.kind = FutureKind::Join;
            node.label = "tokio::join!";
            node.pos = pos(e.span);
            for (const auto& f : e.as<JoinMacro>().futures) operand_parts(*f);
            for (const auto& f : e.as<JoinMacro>().futures) node.children.push_back(operand_node(*f));
            add_await_point(e, std::move(node));
            return;
        }
        case ExprKind::SelectMacro: walk_select(e); return;
        case ExprKind::AsyncBlock:
            refuse(e.span,
                   "an async block that is not awaited, spawned, joined or selected where it is written");
        case ExprKind::Call: {
            const CallExpr& c = e.as<CallExpr>();
            const Path* p = path_of_expr(*c.callee);
            if (p && is_spawn_path(*p)) return spawn_site(e, binding);
            if (async_fn_called(e))
                refuse(e.span,
                       "keeping the future of `" + p->joined() +
                           "(..)`: await it, spawn it or pass it to join!/select!/timeout where it is made");
            walk(*c.callee);
            for (const auto& a : c.args) walk(*a);
            if (p && is_compute_path(*p) && code_.fns.count(p->joined()) == 0) {
                FutureSpec n;  // blocking work: a leaf that burns the poll's time
                n.kind = FutureKind::Compute;
                n.label = label(e);
                n.pos = pos(e.span);
                add_await_point(e, std::move(n));
            }
            return;
        }
        case ExprKind::MethodCall: {
            const MethodCallExpr& m = e.as<MethodCallExpr>();
            walk(*m.receiver);
            for (const auto& a : m.args) walk(*a);
            return;
        }
        case ExprKind::Tuple:
            for (const auto& x : e.as<TupleExpr>().elems) walk(*x);
            return;
        case ExprKind::Array:
            for (const auto& x : e.as<ArrayExpr>().elems) walk(*x);
            return;
        case ExprKind::VecMacro:
            for (const auto& x : e.as<VecMacro>().elems) walk(*x);
            return;
        case ExprKind::Field: walk(*e.as<FieldExpr>().base); return;
        case ExprKind::TupleIndex: walk(*e.as<TupleIndexExpr>().base); return;
        case ExprKind::Index:
            walk(*e.as<IndexExpr>().base);
            walk(*e.as<IndexExpr>().index);
            return;
        case ExprKind::Unary: walk(*e.as<UnaryExpr>().operand); return;
        case ExprKind::Binary:
            walk(*e.as<BinaryExpr>().lhs);
            walk(*e.as<BinaryExpr>().rhs);
            return;
        case ExprKind::Assign:
            walk(*e.as<AssignExpr>().target);
            walk(*e.as<AssignExpr>().value);
            return;
        case ExprKind::Cast: walk(*e.as<CastExpr>().value); return;
        case ExprKind::Range:
            walk_opt(e.as<RangeExpr>().lo);
            walk_opt(e.as<RangeExpr>().hi);
            return;
        case ExprKind::Try: walk(*e.as<TryExpr>().value); return;
        case ExprKind::Block: walk_block(e.as<BlockExpr>().block); return;
        case ExprKind::If: {
            const IfExpr& x = e.as<IfExpr>();
            walk(*x.cond);
            walk_block(x.then_block);
            walk_opt(x.else_branch);
            return;
        }
        case ExprKind::While:
            walk(*e.as<WhileExpr>().cond);
            walk_block(e.as<WhileExpr>().body);
            return;
        case ExprKind::Loop: walk_block(e.as<LoopExpr>().body); return;
        case ExprKind::For:
            walk(*e.as<ForExpr>().iter);
            walk_block(e.as<ForExpr>().body);
            return;
        case ExprKind::Match:
            walk(*e.as<MatchExpr>().scrutinee);
            for (const MatchArm& a : e.as<MatchExpr>().arms) {
                walk_opt(a.guard);
                walk(*a.body);
            }
            return;
        case ExprKind::Break: walk_opt(e.as<BreakExpr>().value); return;
        case ExprKind::Return: walk_opt(e.as<ReturnExpr>().value); return;
        case ExprKind::FormatMacro:
            for (const auto& a : e.as<FormatMacro>().args) walk(*a);
            return;
        case ExprKind::AssertMacro:
            for (const auto& a : e.as<AssertMacro>().operands) walk(*a);
            for (const auto& a : e.as<AssertMacro>().message.args) walk(*a);
            return;
        default: return;  // literals, paths, continue
    }
}

void describe(const Program& p, Scenario& sc) {
    std::string stem = p.path;
    if (auto slash = stem.find_last_of('/'); slash != std::string::npos) stem = stem.substr(slash + 1);
    sc.title = stem;
    std::vector<std::string> doc;
    std::string para;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= p.doc.size(); ++i) {
        if (i < p.doc.size() && p.doc[i] != '\n') continue;
        std::string line = p.doc.substr(start, i - start);
        start = i + 1;
        if (sc.title == stem && !line.empty() && doc.empty() && para.empty()) {
            sc.title = line;
            continue;
        }
        if (line.empty()) {
            if (!para.empty()) sc.lesson.push_back(std::exchange(para, {}));
        } else {
            para += (para.empty() ? "" : " ") + line;
        }
    }
    if (!para.empty()) sc.lesson.push_back(para);
    // The first paragraph is the summary (shown above the lesson), the others the lesson.
    if (!sc.lesson.empty()) {
        sc.summary = sc.lesson.front();
        sc.lesson.erase(sc.lesson.begin());
    }
}

}  // namespace

std::string ProgramCode::text_of(const Span& s) const {
    const std::string& src = ast->source;
    if (s.begin >= s.end || s.end > src.size()) return {};
    return src.substr(s.begin, s.end - s.begin);
}

ProgramBuild build_program_scenario(std::shared_ptr<const Program> program) {
    ProgramBuild out;
    auto code = std::make_shared<ProgramCode>();
    code->ast = std::move(program);
    std::size_t start = 0;
    const std::string& src = code->ast->source;
    for (std::size_t i = 0; i <= src.size(); ++i) {
        if (i < src.size() && src[i] != '\n') continue;
        std::string line = src.substr(start, i - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        code->source_lines.push_back(std::move(line));
        start = i + 1;
    }
    Scenario sc;
    sc.path = code->ast->path;
    describe(*code->ast, sc);
    try {
        Builder(*code, sc).build();
    } catch (const Refusal& r) {
        out.error = r.error;
        return out;
    }
    sc.program = code;
    out.scenario = std::move(sc);
    return out;
}

}  // namespace ps
