// The waker table: one record per waker clone, by id, and the RawWakerVTable whose four
// entries (clone, wake, wake_by_ref, drop) land here.
//
// Rules (each a test in tests/waker_test.cpp):
//   W1. every clone gets a new record and a new id; ids are never reused;
//   W2. wake() consumes its clone: the record is dead afterwards, with no separate drop;
//   W3. wake_by_ref() leaves the clone alive; drop kills it;
//   W4. the borrowed poll waker (id kNone, one per task, in its Task) is never cloned into a
//       record of its own and never dropped through the vtable;
//   W5. an annotation (who will hold the next clone, why the next wake or drop happens) is
//       taken by the very next vtable call and then cleared;
//   W6. once the table is torn down, calls only update the records: the owner is not told.
//   W7. the teacher's hand (intervention.cpp) may wake a live clone by reference where it is
//       held, or drop it there: the holder's handle then does nothing (its wake, drop and
//       will_wake are inert), as if the holder had lost it.
//
// The table keeps records; what a clone, wake or drop *means* for the run (a trace event, a
// task scheduled, a reference count) is the owner's business, told through `WakerEvents`.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime/waker.hpp"

namespace ps {

// What the owner of the table (the Runtime) does on each vtable call. Not called after
// tear_down().
class WakerEvents {
public:
    // A clone was made for `r.task`; returns the interned holder text to keep in the record.
    virtual std::uint32_t on_clone(const WakerRecord& r, HolderKind kind, const std::string& holder) = 0;
    // `r` woke its task, by wake() or by wake_by_ref() (`by_ref`).
    virtual void on_wake(const WakerRecord& r, bool by_ref, HolderKind kind, const std::string& cause) = 0;
    virtual void on_drop(const WakerRecord& r, HolderKind kind, const std::string& why) = 0;

protected:
    ~WakerEvents() = default;
};

class WakerTable {
public:
    explicit WakerTable(WakerEvents& owner) : owner_(owner) {}
    WakerTable(const WakerTable&) = delete;
    WakerTable& operator=(const WakerTable&) = delete;

    // The record behind a task's borrowed poll waker (W4).
    [[nodiscard]] WakerRecord poll_record(std::uint32_t task) { return {this, kNone, task, kNone, false}; }
    // The borrowed waker for `r` (a poll record): polling with it makes no clone.
    [[nodiscard]] static RawWaker borrow(WakerRecord& poll_record);

    // Says who will hold the next clone, or why the next wake/drop happens (W5).
    // The text is copied into a buffer the table keeps, so annotating allocates nothing.
    void annotate(HolderKind kind, std::string_view text) {
        annot_kind_ = kind;
        annot_text_.assign(text);
    }
    [[nodiscard]] Waker clone_for(const Waker& w, HolderKind kind, std::string_view holder) {
        annotate(kind, holder);
        return w.clone();
    }
    void drop_with(Waker& w, HolderKind kind, std::string_view why) {
        if (!w) return;
        annotate(kind, why);
        w.reset();
    }
    void wake_with(Waker& w, HolderKind kind, std::string_view cause) {
        if (!w) return;
        annotate(kind, cause);
        w.wake();
    }
    void wake_by_ref_with(const Waker& w, HolderKind kind, std::string_view cause) {
        if (!w) return;
        annotate(kind, cause);
        w.wake_by_ref();
    }

    const WakerRecord* record(std::uint32_t id) const {
        return id < records_.size() ? &records_[id] : nullptr;
    }
    // W7: false when `id` is not a live clone.
    // W7: true when `w` is a clone the teacher dropped (its holder's handle does nothing).
    static bool inert(const Waker& w) {
        const auto* r = static_cast<const WakerRecord*>(w.raw().data);
        return r && r->taken;
    }
    bool wake_by_id(std::uint32_t id, std::string_view cause);
    bool drop_by_id(std::uint32_t id, std::string_view why);

    // The live clones of `task`, oldest first.
    std::vector<const WakerRecord*> live_clones(std::uint32_t task) const;

    // From now on vtable calls only update records (W6): the run is being dropped.
    void tear_down() { tearing_down_ = true; }
    bool tearing_down() const { return tearing_down_; }

    // vtable entry points (the static trampolines in waker_table.cpp call these)
    RawWaker vt_clone(const WakerRecord& from);
    void vt_wake(WakerRecord& r, bool by_ref);
    void vt_drop(WakerRecord& r);

private:
    // Takes the annotation (W5) into `text`, which hands its buffer back with give_back().
    HolderKind take_annotation(std::string& text);
    void give_back(std::string& text);

    WakerEvents& owner_;
    std::deque<WakerRecord> records_;  // by waker id; ids never reused (W1)
    HolderKind annot_kind_ = HolderKind::None;
    std::string annot_text_;
    bool tearing_down_ = false;
};

}  // namespace ps
