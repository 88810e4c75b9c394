// The teacher's hand on the reactor, from the window: AppState::inject and undo_inject.
#include <algorithm>

#include "app/gui/model/app_state.hpp"
#include "engine/runtime/intervention.hpp"

namespace ps::gui {

namespace {

// The first inject event at or after `from` (the step the intervention asked for), else `from`.
std::int64_t inject_event_at(const Trace& t, std::uint32_t from) {
    for (std::size_t i = from; i < t.size(); ++i)
        if (t[i].kind == EventKind::Inject) return static_cast<std::int64_t>(i);
    return from;
}

}  // namespace

bool AppState::inject(const std::string& action) {
    if (!doc || doc->is_trace || doc->path.empty()) {
        status = "Interventions need the scenario: open it rather than a saved trace";
        return false;
    }
    InjectAction parsed;
    std::string why;
    if (!parse_inject_action(action, parsed, why)) {
        status = "Cannot inject '" + action + "': " + why;
        return false;
    }
    const Injection in{static_cast<std::uint32_t>(step + 1), action};
    run_options.injections.push_back(in);
    auto d = run_open_scenario(run_options);
    if (!d) {
        run_options.injections.pop_back();
        status = error.text;
        return false;
    }
    set_document(std::move(d), true);
    seek(inject_event_at(*doc->trace, in.step));
    status = "Injected " + action + " at step " + std::to_string(in.step) + " (undo takes it back)";
    return true;
}

bool AppState::undo_inject() {
    if (!doc || doc->is_trace || run_options.injections.empty()) return false;
    const Injection last = run_options.injections.back();
    run_options.injections.pop_back();
    auto d = run_open_scenario(run_options);
    if (!d) {
        run_options.injections.push_back(last);
        return false;
    }
    set_document(std::move(d), true);
    seek(static_cast<std::int64_t>(last.step) - 1);
    status = "Took back " + last.action + " at step " + std::to_string(last.step);
    return true;
}

std::vector<std::string> AppState::inject_choices() const {
    std::vector<std::string> out;
    const Snapshot* s = snapshot();
    if (!s || !doc || doc->is_trace) return out;
    const Trace& t = *trace();
    for (const RegistrationSnapshot& r : s->registrations)
        if ((r.kind == HolderKind::Timer || r.kind == HolderKind::Scripted) && r.task < t.tasks.size()) {
            std::string a = "fire-timer:" + t.tasks[r.task].name;
            if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(std::move(a));
        }
    for (const auto& [id, w] : s->wakers) {
        out.push_back("wake:" + std::to_string(id));
        out.push_back("drop-waker:" + std::to_string(id));
    }
    for (const ResourceInfo& r : t.meta.resources) {
        if (r.kind == "socket")
            for (const char* form : {"readable:", "writable:", "close:"})
                out.push_back(form + r.name + (std::string(form) == "close:" ? "" : ":64"));
        if (r.kind == "channel" || r.kind == "oneshot") out.push_back("send:" + r.name + ":1");
    }
    return out;
}

}  // namespace ps::gui
