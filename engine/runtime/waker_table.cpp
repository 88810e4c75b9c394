#include "engine/runtime/waker_table.hpp"

namespace ps {

// ---- the vtable: every call lands in the table that owns the record ------------------------

namespace {

WakerRecord& rec(const void* data) {
    return *const_cast<WakerRecord*>(static_cast<const WakerRecord*>(data));
}

RawWaker vt_clone_fn(const void* data) {
    return rec(data).table->vt_clone(rec(data));
}
void vt_wake_fn(const void* data) {
    rec(data).table->vt_wake(rec(data), false);
}
void vt_wake_by_ref_fn(const void* data) {
    rec(data).table->vt_wake(rec(data), true);
}
void vt_drop_fn(const void* data) {
    rec(data).table->vt_drop(rec(data));
}

constexpr RawWakerVTable kVTable{vt_clone_fn, vt_wake_fn, vt_wake_by_ref_fn, vt_drop_fn};

const WakerRecord* record_of(const RawWaker& raw) {
    return static_cast<const WakerRecord*>(raw.data);
}

}  // namespace

bool Waker::will_wake(const Waker& other) const {
    if (!raw_.vtable || !other.raw_.vtable) return false;
    if (raw_.vtable != other.raw_.vtable) return false;
    if (record_of(raw_)->taken || record_of(other.raw_)->taken) return false;  // W7
    return record_of(raw_)->task == record_of(other.raw_)->task;
}

std::uint32_t Waker::id() const {
    return raw_.data ? record_of(raw_)->id : kNone;
}

std::uint32_t Waker::task() const {
    return raw_.data ? record_of(raw_)->task : kNone;
}

RawWaker WakerTable::borrow(WakerRecord& poll_record) {
    return RawWaker{&poll_record, &kVTable};
}

// ---- records -------------------------------------------------------------------------------

HolderKind WakerTable::take_annotation(std::string& text) {
    HolderKind kind = annot_kind_;
    annot_kind_ = HolderKind::None;
    text.clear();
    text.swap(annot_text_);
    return kind;
}

void WakerTable::give_back(std::string& text) {
    // Unless a call made meanwhile left an annotation waiting, keep the larger buffer.
    if (!annot_text_.empty() || annot_text_.capacity() >= text.capacity()) return;
    text.clear();
    annot_text_.swap(text);
}

RawWaker WakerTable::vt_clone(const WakerRecord& from) {
    std::string text;
    HolderKind kind = take_annotation(text);
    WakerRecord& r = records_.emplace_back();
    r.table = this;
    r.id = static_cast<std::uint32_t>(records_.size() - 1);
    r.task = from.task;
    r.live = true;
    if (!tearing_down_) r.holder = owner_.on_clone(r, kind, text);
    give_back(text);
    return RawWaker{&r, &kVTable};
}

void WakerTable::vt_wake(WakerRecord& r, bool by_ref) {
    std::string cause;
    HolderKind kind = take_annotation(cause);
    if (r.taken) {  // W7: the teacher dropped this clone; its holder's wake does nothing
        give_back(cause);
        return;
    }
    if (!tearing_down_) owner_.on_wake(r, by_ref, kind, cause);
    if (!by_ref) r.live = false;
    give_back(cause);
}

void WakerTable::vt_drop(WakerRecord& r) {
    std::string why;
    HolderKind kind = take_annotation(why);
    if (r.id == kNone) {  // W4: the borrowed poll waker is never dropped through the vtable
        give_back(why);
        return;
    }
    const bool taken = r.taken;  // W7: a clone the teacher dropped is already gone
    r.live = false;
    if (!tearing_down_ && !taken) owner_.on_drop(r, kind, why);
    give_back(why);
}

bool WakerTable::wake_by_id(std::uint32_t id, std::string_view cause) {
    if (id >= records_.size() || !records_[id].live) return false;
    annotate(HolderKind::Executor, cause);
    vt_wake(records_[id], true);
    return true;
}

bool WakerTable::drop_by_id(std::uint32_t id, std::string_view why) {
    if (id >= records_.size() || !records_[id].live) return false;
    annotate(HolderKind::Executor, why);
    vt_drop(records_[id]);
    records_[id].taken = true;
    return true;
}

std::vector<const WakerRecord*> WakerTable::live_clones(std::uint32_t task) const {
    std::vector<const WakerRecord*> out;
    for (const WakerRecord& r : records_)
        if (r.live && r.task == task && r.id != kNone) out.push_back(&r);
    return out;
}

}  // namespace ps
