// An event's fields in JSON, laid out by event_schema.hpp; shared by the trace JSON and Chrome
// writers (internal to exporters).
#pragma once
#include "engine/export/atomic_file.hpp"
#include "engine/export/string_cache.hpp"
#include "engine/trace/event_schema.hpp"

namespace ps::detail {

// ,"task":2,"path":"w/0","waker":7: the ids the event has (each left out when kNone).
inline void write_event_ids(Writer& w, EscapedStrings& strings, const Event& e) {
    if (e.task != kNone) {
        w << ",\"task\":";
        w.u64(e.task);
    }
    if (e.node != kNone) {
        w << ",\"path\":";
        w << strings.get(e.node);
    }
    if (e.waker != kNone) {
        w << ",\"waker\":";
        w.u64(e.waker);
    }
}

// ,"reason":"woken": a named detail under its key.
inline void write_detail_name(Writer& w, const Event& e) {
    const EventSchema& s = event_schema(e.kind);
    w << ",\"" << s.detail_key << "\":\"" << detail_value_name(s.detail, e.detail) << '"';
}

// ,"cause":"...": the event's interned text under its key ("" when it has none).
inline void write_event_text(Writer& w, EscapedStrings& strings, const Event& e) {
    w << ",\"" << event_schema(e.kind).arg_key << "\":";
    w << strings.get(event_text_id(e));
}

// ,"queue_len":3: the arg as a number under its key.
inline void write_arg_number(Writer& w, const Event& e) {
    w << ",\"" << event_schema(e.kind).arg_key << "\":";
    w.i64(e.arg);
}

}  // namespace ps::detail
