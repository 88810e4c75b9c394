#include "engine/export/svg_timeline.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/model/time.hpp"
#include "engine/trace/causality.hpp"
#include "engine/trace/narrate.hpp"

namespace ps {

namespace {

// ==== [SECTION] look ===========================================================================
constexpr const char* kFont = "Inter, 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";
constexpr const char* kText = "#1f2328";
constexpr const char* kMuted = "#5f6670";
constexpr const char* kGrid = "#e6e8ec";
constexpr const char* kLaneAlt = "#f6f7f9";
constexpr const char* kPendingFill = "#f2b134";  // amber: not done yet, parked
constexpr const char* kPendingStroke = "#9c6500";
constexpr const char* kReadyFill = "#3f9f5f";  // green: finished
constexpr const char* kReadyStroke = "#1f5f35";
constexpr const char* kOpenFill = "#c9ced6";  // still running when the picture ends
constexpr const char* kOpenStroke = "#7b838d";
constexpr const char* kWake = "#2f6fdf";  // blue: wakers and wakes
constexpr const char* kDrop = "#6b6b6b";
constexpr const char* kTimer = "#7e57c2";
constexpr const char* kIo = "#00897b";
constexpr const char* kDiag = "#c62828";
constexpr const char* kQueueFill = "#dbe6fb";

constexpr double kMargin = 24;
constexpr double kLabelW = 200;
constexpr double kCharW = 0.6;  // average glyph width / font size, for truncation
constexpr double kRootY = 16;   // task lane: root poll rect top, height
constexpr double kRootH = 20;
constexpr double kNestedH = 7;
constexpr double kNestedStep = 9;
constexpr std::uint32_t kMaxNestedRows = 6;
constexpr double kLegendY = 84;

// Cut text to about `px` pixels at `font` size, at a UTF-8 boundary, with an ellipsis.
std::string fit(std::string_view s, double px, double font) {
    auto max_chars = static_cast<std::size_t>(std::max(1.0, px / (font * kCharW)));
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
        if (chars == max_chars) {
            std::size_t cut = i;
            // step back one more character for the ellipsis
            do {
                --cut;
            } while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80);
            return std::string(s.substr(0, cut)) + "\xE2\x80\xA6";
        }
        ++chars;
    }
    return std::string(s);
}

// Round tick spacing (1, 2, 5 x 10^k ns) giving at most `max_ticks` ticks over `span`.
Nanos tick_step(Nanos span, int max_ticks) {
    Nanos step = 1;
    while (true) {
        for (Nanos m : {1, 2, 5}) {
            if (span / (step * m) <= max_ticks) return step * m;
        }
        if (step > kMaxDuration) return step;
        step *= 10;
    }
}

struct Unit {
    Nanos scale;
    const char* name;
};
Unit unit_for(Nanos step) {
    if (step >= kSecond) return {kSecond, "s"};
    if (step >= kMilli) return {kMilli, "ms"};
    if (step >= kMicro) return {kMicro, "us"};
    return {1, "ns"};
}
// "0ms", "2.5ms", "250us"; a tick on a whole larger unit says so ("1ms", not "1000us").
std::string tick_label(Nanos t, Unit u) {
    if (t > 0 && u.scale < kSecond && t % kSecond == 0)
        u = {kSecond, "s"};
    else if (t > 0 && u.scale < kMilli && t % kMilli == 0)
        u = {kMilli, "ms"};
    Nanos whole = t / u.scale, frac = t % u.scale;
    std::string s = std::to_string(whole);
    if (frac != 0) {
        std::string f = std::to_string(frac + u.scale).substr(1);  // zero-padded
        while (!f.empty() && f.back() == '0') f.pop_back();
        s += "." + f;
    }
    return s + u.name;
}

// Legend entries: a swatch drawn in a 20x12 box, then the label.
struct LegendItem {
    int kind;
    const char* label;
};
constexpr LegendItem kLegend[] = {
    {0, "poll returned Pending"},
    {1, "poll returned Ready"},
    {2, "nested future polled"},
    {3, "wake \xE2\x86\x92 the poll it caused"},
    {4, "waker cloned"},
    {5, "waker dropped"},
    {6, "wake absorbed (already queued)"},
    {7, "timer fired"},
    {8, "IO ready"},
    {9, "diagnostic"},
};
double legend_item_width(const LegendItem& it) {
    // the arrow is one glyph in three bytes
    std::size_t chars = 0;
    for (const char* p = it.label; *p; ++p) chars += (static_cast<unsigned char>(*p) & 0xC0) != 0x80;
    return 26 + static_cast<double>(chars) * 12 * kCharW + 18;
}
// Baseline of the last legend row when the legend starts at `y` in a picture `width` wide.
double legend_last_row(double y, double width) {
    double x = kMargin, row = y;
    for (const LegendItem& it : kLegend) {
        double wl = legend_item_width(it);
        if (x + wl > width - kMargin && x > kMargin) {
            x = kMargin;
            row += 20;
        }
        x += wl;
    }
    return row;
}

// ==== [SECTION] writer =========================================================================

class SvgWriter {
public:
    SvgWriter(const Trace& trace, Writer& w, StepRange range, const SvgOptions& o)
        : tr_(trace), w_(w), span_(resolve_range(range, trace.size())), opt_(o) {}
    void run();

private:
    struct Lane {
        std::uint32_t task = kNone;  // kNone for executor / reactor / worker lanes
        double top = 0, height = 0;
        std::uint32_t rows = 0;   // nested rows shown
        std::uint32_t polls = 0;  // task-level polls in view
    };

    // -- geometry -------------------------------------------------------------------------------
    double xs(std::size_t step) const {  // left edge of a step's column
        if (step <= span_.begin) return x0_;
        if (step >= span_.end) return x0_ + cols_.back();
        return x0_ + cols_[step - span_.begin];
    }
    double x_time(Nanos t) const;
    double lane_y(std::uint32_t task) const {
        return task < lane_of_task_.size() && lane_of_task_[task] != kNone ? lanes_[lane_of_task_[task]].top
                                                                           : -1;
    }

    // -- output helpers ---------------------------------------------------------------------------
    void num(double v) { w_.fixed(v, 1); }
    void attr(const char* name, double v) {
        w_ << ' ' << name << "=\"";
        num(v);
        w_ << '"';
    }
    void text(double x, double y, double size, const char* fill, std::string_view s, const char* extra = "") {
        w_ << "<text x=\"";
        num(x);
        w_ << "\" y=\"";
        num(y);
        w_ << "\" font-size=\"";
        num(size);
        w_ << "\" fill=\"" << fill << '"' << extra << '>';
        w_.xml_text(s);
        w_ << "</text>\n";
    }

    void layout();
    void header();
    void legend(double y);
    void axes_and_grid();
    void executor_lane(const Lane& l);
    void worker_lanes();
    void reactor_lane(const Lane& l);
    void task_lanes();
    void wakes();
    void footer();

    const Trace& tr_;
    Writer& w_;
    StepSpan span_;
    SvgOptions opt_;
    Causality c_;
    std::vector<double> cols_;  // per step in range (+1): offset of its column from x0_
    double a_ = 0;              // column width
    double bt_ = 0;             // px per ns of time between steps
    double x0_ = 0, wc_ = 0;    // plot left and width
    double width_ = 0, height_ = 0;
    double plot_top_ = 0, plot_bottom_ = 0;
    std::vector<Lane> lanes_;
    int workers_ = 0;  // worker lanes after the reactor lane (0 for single-threaded policies)
    std::vector<std::uint32_t> lane_of_task_;
};

double SvgWriter::x_time(Nanos t) const {
    if (span_.empty()) return x0_;
    // first step in range at or after t
    std::size_t lo = span_.begin, hi = span_.end;
    while (lo < hi) {
        std::size_t mid = lo + (hi - lo) / 2;
        if (tr_[mid].time < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == span_.begin) return x0_;
    std::size_t prev = lo - 1;
    if (lo == span_.end) return xs(prev) + a_;
    return xs(prev) + a_ + bt_ * static_cast<double>(t - tr_[prev].time);
}

void SvgWriter::layout() {
    const std::size_t n = span_.end - span_.begin;
    wc_ = opt_.width > 0 ? opt_.width : std::clamp(static_cast<double>(n) * 12.0, 900.0, 3000.0);
    double share = std::clamp(opt_.time_share, 0.0, 1.0);
    Nanos tspan = n > 0 ? tr_[span_.end - 1].time - tr_[span_.begin].time : 0;
    if (tspan <= 0) share = 0;
    // n columns, plus one after the last so the last poll_end has a column to end in
    a_ = n > 0 ? (1.0 - share) * wc_ / static_cast<double>(n) : wc_;
    bt_ = tspan > 0 ? share * wc_ / static_cast<double>(tspan) : 0;
    cols_.assign(n + 1, 0.0);
    for (std::size_t k = 1; k <= n; ++k) {
        double gap =
            k < n ? static_cast<double>(tr_[span_.begin + k].time - tr_[span_.begin + k - 1].time) : 0;
        cols_[k] = cols_[k - 1] + a_ + bt_ * gap;
    }
    x0_ = kMargin + kLabelW;
    width_ = x0_ + wc_ + kMargin;

    // Lanes: executor, reactor, then each task alive somewhere in the range.
    std::vector<std::uint32_t> spawn(tr_.tasks.size(), kNone), done(tr_.tasks.size(), kNone);
    for (std::size_t i = 0; i < span_.end; ++i) {
        const Event& e = tr_[i];
        if (e.task >= tr_.tasks.size()) continue;
        if (e.kind == EventKind::Spawn && spawn[e.task] == kNone)
            spawn[e.task] = static_cast<std::uint32_t>(i);
        if (e.kind == EventKind::TaskComplete) done[e.task] = static_cast<std::uint32_t>(i);
    }
    std::vector<std::uint32_t> depth(tr_.tasks.size(), 0), polls(tr_.tasks.size(), 0);
    std::vector<bool> has_poll(tr_.tasks.size(), false);
    for (const PollSlice& s : c_.slices) {
        std::size_t end = s.open() ? tr_.size() : s.end_step;
        if (s.begin_step >= span_.end || end < span_.begin || s.task >= tr_.tasks.size()) continue;
        has_poll[s.task] = true;
        depth[s.task] = std::max(depth[s.task], std::min(s.depth, kMaxNestedRows));
        if (s.depth == 0) ++polls[s.task];
    }
    double y = plot_top_;
    lanes_.push_back({kNone, y, 44, 0, 0});
    y += 44;
    lanes_.push_back({kNone, y, 44, 0, 0});
    y += 44;
    // Multi-worker policies: one lane per worker, showing which task it runs when.
    workers_ = tr_.meta.workers > 1 ? tr_.meta.workers : 0;
    for (int w = 0; w < workers_; ++w) {
        lanes_.push_back({kNone, y, 30, 0, 0});
        y += 30;
    }
    lane_of_task_.assign(tr_.tasks.size(), kNone);
    for (std::uint32_t t = 0; t < tr_.tasks.size(); ++t) {
        bool spawned_in_time = spawn[t] != kNone || has_poll[t];
        bool gone = done[t] != kNone && done[t] < span_.begin && !has_poll[t];
        if (!spawned_in_time || gone) continue;
        Lane l{t, y, kRootY + kRootH + 8 + kNestedStep * depth[t], depth[t], polls[t]};
        lane_of_task_[t] = static_cast<std::uint32_t>(lanes_.size());
        lanes_.push_back(l);
        y += l.height;
    }
    plot_bottom_ = y;
    height_ = plot_bottom_ + 104;
}

void SvgWriter::header() {
    const TraceMeta& m = tr_.meta;
    w_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"";
    attr("width", width_);
    attr("height", height_);
    w_ << " viewBox=\"0 0 ";
    num(width_);
    w_ << ' ';
    num(height_);
    w_ << "\" font-family=\"" << kFont << "\">\n<title>";
    w_.xml_text(m.title.empty() ? std::string("pollscope timeline") : m.title);
    w_ << "</title>\n<desc>pollscope timeline, steps " << std::to_string(span_.begin) << " to "
       << (span_.empty() ? std::string("(none)") : std::to_string(span_.end - 1)) << "</desc>\n";
    w_ << "<defs>\n"
          "<marker id=\"ps-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
          "markerHeight=\"7\" "
          "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\""
       << kWake
       << "\"/></marker>\n"
          "<marker id=\"ps-arrow-grey\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" "
          "markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\""
       << kMuted << "\"/></marker>\n</defs>\n";
    w_ << "<rect x=\"0\" y=\"0\"";
    attr("width", width_);
    attr("height", height_);
    w_ << " fill=\"#ffffff\" stroke=\"none\"/>\n";

    text(kMargin, 36, 20, kText,
         fit(m.title.empty() ? "pollscope timeline" : m.title, width_ - 2 * kMargin, 20),
         " font-weight=\"700\"");
    std::string sub = m.summary;
    if (!span_.empty() && (span_.begin > 0 || span_.end < tr_.size()))
        sub = "Steps " + std::to_string(span_.begin) + " to " + std::to_string(span_.end - 1) + " of " +
              std::to_string(tr_.size()) + ". " + sub;
    if (!sub.empty()) text(kMargin, 58, 13, kMuted, fit(sub, width_ - 2 * kMargin, 13));
    legend(kLegendY);
}

void SvgWriter::legend(double y) {
    double x = kMargin;
    double row = y;
    for (const LegendItem& it : kLegend) {
        double wlabel = legend_item_width(it);
        if (x + wlabel > width_ - kMargin && x > kMargin) {
            x = kMargin;
            row += 20;
        }
        double cx = x + 10, cy = row - 4;
        w_ << "<g class=\"legend\">";
        switch (it.kind) {
            case 0:
            case 1:
                w_ << "<rect";
                attr("x", x);
                attr("y", row - 11);
                w_ << " width=\"20\" height=\"13\" rx=\"2\" fill=\""
                   << (it.kind == 0 ? kPendingFill : kReadyFill) << "\" stroke=\""
                   << (it.kind == 0 ? kPendingStroke : kReadyStroke) << "\" stroke-width=\"1\"/>";
                break;
            case 2:
                w_ << "<rect";
                attr("x", x + 3);
                attr("y", row - 7);
                w_ << " width=\"14\" height=\""
                   << "7"
                   << "\" fill=\"" << kPendingFill << "\" fill-opacity=\"0.7\" stroke=\"" << kPendingStroke
                   << "\" stroke-width=\"0.5\"/>";
                break;
            case 3:
                w_ << "<path d=\"M";
                num(x);
                w_ << ',';
                num(cy + 3);
                w_ << " C";
                num(x + 8);
                w_ << ',';
                num(cy - 6);
                w_ << ' ';
                num(x + 14);
                w_ << ',';
                num(cy - 6);
                w_ << ' ';
                num(x + 20);
                w_ << ',';
                num(cy);
                w_ << "\" fill=\"none\" stroke=\"" << kWake
                   << "\" stroke-width=\"1.5\" marker-end=\"url(#ps-arrow)\"/>";
                break;
            case 4:
                w_ << "<circle";
                attr("cx", cx);
                attr("cy", cy);
                w_ << " r=\"3.5\" fill=\"" << kWake << "\"/>";
                break;
            case 5:
                w_ << "<path d=\"M";
                num(cx - 3.5);
                w_ << ',';
                num(cy - 3.5);
                w_ << " l7,7 m0,-7 l-7,7\" stroke=\"" << kDrop << "\" stroke-width=\"1.5\" fill=\"none\"/>";
                break;
            case 6:
                w_ << "<circle";
                attr("cx", cx);
                attr("cy", cy);
                w_ << " r=\"4\" fill=\"#ffffff\" stroke=\"" << kWake << "\" stroke-width=\"1.5\"/>";
                break;
            case 7:
            case 8:
                w_ << "<path d=\"M";
                num(cx);
                w_ << ',';
                num(cy - 5);
                w_ << " l5,5 l-5,5 l-5,-5 z\" fill=\"" << (it.kind == 7 ? kTimer : kIo) << "\"/>";
                break;
            case 9:
                w_ << "<circle";
                attr("cx", cx);
                attr("cy", cy);
                w_ << " r=\"6\" fill=\"" << kDiag << "\"/><text";
                attr("x", cx);
                attr("y", cy + 4);
                w_ << " font-size=\"10\" font-weight=\"700\" fill=\"#ffffff\" "
                      "text-anchor=\"middle\">!</text>";
                break;
        }
        w_ << "</g>\n";
        text(x + 26, row, 12, kText, it.label);
        x += wlabel;
    }
}

void SvgWriter::axes_and_grid() {
    // Lane backgrounds and names.
    for (std::size_t k = 0; k < lanes_.size(); ++k) {
        const Lane& l = lanes_[k];
        if (k % 2 == 1) {
            w_ << "<rect";
            attr("x", kMargin);
            attr("y", l.top);
            attr("width", width_ - 2 * kMargin);
            attr("height", l.height);
            w_ << " fill=\"" << kLaneAlt << "\" stroke=\"none\"/>\n";
        }
    }
    w_ << "<line";
    attr("x1", kMargin);
    attr("y1", plot_top_);
    attr("x2", width_ - kMargin);
    attr("y2", plot_top_);
    w_ << " stroke=\"" << kGrid << "\" stroke-width=\"1\"/>\n";

    // Time ticks: grid lines through the lanes, labels under them.
    const double axis_y = plot_bottom_ + 10;
    w_ << "<line";
    attr("x1", x0_);
    attr("y1", axis_y);
    attr("x2", x0_ + wc_);
    attr("y2", axis_y);
    w_ << " stroke=\"" << kText << "\" stroke-width=\"1\"/>\n";
    if (!span_.empty()) {
        Nanos t0 = tr_[span_.begin].time, t1 = tr_[span_.end - 1].time;
        Nanos step = tick_step(std::max<Nanos>(t1 - t0, 1), 10);
        Unit u = unit_for(t1 > t0 ? step : kMilli);
        // Every tick gets a grid line; labels need 46 px, and the first and last always get one
        // (the last is often where the action is, after a long sleep).
        struct Tick {
            double x;
            Nanos t;
        };
        std::vector<Tick> ticks;
        // The first multiple of step at or after t0, then every step up to t1; checked, so a
        // time near the largest Nanos ends the ticks instead of overflowing.
        Nanos t = t0 / step * step;
        bool past_end = t < t0 && __builtin_add_overflow(t, step, &t);
        while (!past_end && t <= t1 && ticks.size() < 1000) {
            ticks.push_back({x_time(t), t});
            past_end = __builtin_add_overflow(t, step, &t);
        }
        if (t1 == t0) ticks.assign(1, {x0_, t0});
        for (const Tick& k : ticks) {
            w_ << "<line";
            attr("x1", k.x);
            attr("y1", plot_top_);
            attr("x2", k.x);
            attr("y2", plot_bottom_);
            w_ << " stroke=\"" << kGrid << "\" stroke-width=\"1\"/>\n<line";
            attr("x1", k.x);
            attr("y1", axis_y);
            attr("x2", k.x);
            attr("y2", axis_y + 5);
            w_ << " stroke=\"" << kText << "\" stroke-width=\"1\"/>\n";
        }
        double last_label = -1e9;
        for (std::size_t k = 0; k < ticks.size(); ++k) {
            bool edge = k == 0 || k + 1 == ticks.size();
            if (!edge && (ticks[k].x - last_label < 46 || ticks.back().x - ticks[k].x < 46)) continue;
            if (edge && k > 0 && ticks[k].x - last_label < 30) continue;
            text(ticks[k].x, axis_y + 18, 11, kText, tick_label(ticks[k].t, u), " text-anchor=\"middle\"");
            last_label = ticks[k].x;
        }
        if (t1 == t0) text(x0_ + 24, axis_y + 18, 11, kMuted, "(every step in view happens at this instant)");
    }
    text(kMargin + 6, axis_y + 18, 11, kMuted, "virtual time");

    // Step ticks along the top.
    if (!span_.empty()) {
        std::size_t n = span_.end - span_.begin;
        double px_per_step = wc_ / static_cast<double>(std::max<std::size_t>(n, 1));
        std::size_t every = 1;
        while (static_cast<double>(every) * px_per_step * (1 - std::clamp(opt_.time_share, 0.0, 1.0)) < 40 &&
               every < n) {
            std::size_t base = 1;
            while (base * 10 <= every) base *= 10;
            every = every / base == 1 ? 2 * base : every / base == 2 ? 5 * base : 10 * base;
        }
        double last = -1e9;
        for (std::size_t s = (span_.begin + every - 1) / every * every; s < span_.end; s += every) {
            double x = xs(s) + a_ / 2;
            if (x - last < 36) continue;
            text(x, plot_top_ - 5, 10, kMuted, std::to_string(s), " text-anchor=\"middle\"");
            last = x;
        }
        text(kMargin + 6, plot_top_ - 5, 10, kMuted, "step");
    }
    // Lesson notes on the step axis.
    int note_no = 0;
    for (const NoteInfo& note : tr_.meta.notes) {
        ++note_no;
        if (!span_.contains(note.step)) continue;
        double x = xs(note.step) + a_ / 2;
        w_ << "<g class=\"note\"><title>";
        w_.xml_text("note " + std::to_string(note_no) + " (step " + std::to_string(note.step) +
                    "): " + note.text);
        w_ << "</title><rect";
        attr("x", x - 6);
        attr("y", plot_top_ - 30);
        w_ << " width=\"12\" height=\"12\" rx=\"2\" fill=\"#fff3c4\" stroke=\"#b8962e\" "
              "stroke-width=\"1\"/><text";
        attr("x", x);
        attr("y", plot_top_ - 20.5);
        w_ << " font-size=\"9\" text-anchor=\"middle\" fill=\"" << kText << "\">" << std::to_string(note_no)
           << "</text></g>\n";
    }
}

void SvgWriter::executor_lane(const Lane& l) {
    text(kMargin + 6, l.top + 19, 13, kText, "executor", " font-weight=\"700\"");
    if (span_.empty()) return;
    // Run-queue length: +1 per schedule, -1 per task-level poll.
    std::int64_t q = 0;
    for (std::size_t i = 0; i < span_.begin; ++i) {
        const Event& e = tr_[i];
        if (e.kind == EventKind::Schedule)
            ++q;
        else if (e.kind == EventKind::PollBegin && e.arg > 0 && q > 0)
            --q;
    }
    std::int64_t qmax = std::max<std::int64_t>(q, 1);
    {
        std::int64_t qq = q;
        for (std::size_t i = span_.begin; i < span_.end; ++i) {
            const Event& e = tr_[i];
            if (e.kind == EventKind::Schedule)
                qmax = std::max(qmax, ++qq);
            else if (e.kind == EventKind::PollBegin && e.arg > 0 && qq > 0)
                --qq;
        }
    }
    text(kMargin + 6, l.top + 34, 11, kMuted, "run queue, up to " + std::to_string(qmax));
    const double base = l.top + l.height - 6, h = l.height - 14;
    auto yq = [&](std::int64_t v) { return base - h * static_cast<double>(v) / static_cast<double>(qmax); };
    w_ << "<path class=\"run-queue\" d=\"M";
    num(x0_);
    w_ << ',';
    num(base);
    w_ << " V";
    num(yq(q));
    for (std::size_t i = span_.begin; i < span_.end; ++i) {
        const Event& e = tr_[i];
        std::int64_t before = q;
        if (e.kind == EventKind::Schedule)
            ++q;
        else if (e.kind == EventKind::PollBegin && e.arg > 0 && q > 0)
            --q;
        if (q == before) continue;
        w_ << " H";
        num(xs(i) + a_ / 2);
        w_ << " V";
        num(yq(q));
    }
    w_ << " H";
    num(x0_ + wc_);
    w_ << " V";
    num(base);
    w_ << " Z\" fill=\"" << kQueueFill << "\" stroke=\"" << kWake << "\" stroke-width=\"1\"/>\n";
}

void SvgWriter::worker_lanes() {
    if (workers_ == 0) return;
    for (int w = 0; w < workers_; ++w) {
        const Lane& l = lanes_[2 + static_cast<std::size_t>(w)];
        text(kMargin + 6, l.top + 19, 12, kText, "worker " + std::to_string(w), " font-weight=\"700\"");
        if (w == 0) text(kMargin + 70, l.top + 19, 10, kMuted, "S steals, z parks");
    }
    // Which task each worker polls: a bar per task-level poll (class worker-run, not "poll").
    for (const PollSlice& s : c_.slices) {
        if (s.depth != 0 || s.begin_step >= span_.end) continue;
        std::size_t end = s.open() ? span_.end - 1 : s.end_step;
        if (end < span_.begin || static_cast<int>(s.worker) >= workers_) continue;
        const Lane& l = lanes_[2 + s.worker];
        std::size_t b = std::max<std::size_t>(s.begin_step, span_.begin);
        std::size_t e = std::min<std::size_t>(end, span_.end - 1);
        double x1 = xs(b), x2 = xs(e) + a_;
        w_ << "<rect class=\"worker-run\"";
        attr("x", x1);
        attr("y", l.top + 6);
        attr("width", std::max(1.0, x2 - x1));
        attr("height", 18);
        w_ << " rx=\"2\" fill=\"" << kQueueFill << "\" stroke=\"" << kWake
           << "\" stroke-width=\"0.8\"><title>";
        w_.xml_text(tr_.task_name(s.task));
        w_ << " on worker " << std::to_string(s.worker) << "</title></rect>\n";
        if (x2 - x1 > 40) text(x1 + 3, l.top + 19, 10, kText, tr_.task_name(s.task));
    }
    // Steals and parks as marks on the worker's lane.
    for (std::size_t i = span_.begin; i < span_.end; ++i) {
        const Event& e = tr_[i];
        if (e.kind != EventKind::Steal && e.kind != EventKind::WorkerPark) continue;
        if (static_cast<int>(e.worker) >= workers_) continue;
        const Lane& l = lanes_[2 + e.worker];
        double cx = xs(i) + a_ / 2;
        bool steal = e.kind == EventKind::Steal;
        w_ << "<g class=\"" << (steal ? "steal" : "park") << "\"><title>step " << std::to_string(i) << ": ";
        w_.xml_text(narrate(tr_, static_cast<std::uint32_t>(i)));
        w_ << "</title>";
        text(cx - 4, l.top + 28, 9, steal ? kDiag : kMuted, steal ? "S" : "z");
        w_ << "</g>\n";
    }
}

void SvgWriter::reactor_lane(const Lane& l) {
    text(kMargin + 6, l.top + 19, 13, kText, "reactor", " font-weight=\"700\"");
    text(kMargin + 6, l.top + 34, 11, kMuted, "timers, IO, the clock");
    const double mid = l.top + l.height / 2;
    for (std::size_t i = span_.begin; i < span_.end; ++i) {
        const Event& e = tr_[i];
        double cx = xs(i) + a_ / 2;
        switch (e.kind) {
            case EventKind::TimerFire:
            case EventKind::IoReady: {
                bool timer = e.kind == EventKind::TimerFire;
                w_ << "<path class=\"" << (timer ? "timer-fire" : "io-ready") << "\" d=\"M";
                num(cx);
                w_ << ',';
                num(mid - 6);
                w_ << " l6,6 l-6,6 l-6,-6 z\" fill=\"" << (timer ? kTimer : kIo) << "\"><title>";
                if (timer) {
                    w_ << "timer #" << std::to_string(e.arg) << " fired";
                } else {
                    w_.xml_text(tr_.strings.get(
                        e.arg >= 0 && e.arg < kNone ? static_cast<std::uint32_t>(e.arg) : kNone));
                    w_ << ' ' << io_readiness_name(static_cast<IoReadiness>(e.detail <= 3 ? e.detail : 0));
                }
                w_ << " (step " << std::to_string(i) << ", " << format_time(e.time) << ")</title></path>\n";
                break;
            }
            case EventKind::TimeAdvance: {
                double x1 = xs(i), xa = i > span_.begin ? xs(i - 1) + a_ : x0_;
                if (x1 - xa < 8) break;
                w_ << "<line class=\"time-advance\"";
                attr("x1", xa + 2);
                attr("y1", mid + 12);
                attr("x2", x1 - 2);
                attr("y2", mid + 12);
                w_ << " stroke=\"" << kMuted
                   << "\" stroke-width=\"1\" stroke-dasharray=\"3 2\" "
                      "marker-end=\"url(#ps-arrow-grey)\"/>\n";
                if (x1 - xa >= 48)
                    text((xa + x1) / 2, mid + 8, 10, kMuted, "+" + format_duration(e.time - e.arg),
                         " text-anchor=\"middle\"");
                break;
            }
            default: break;
        }
    }
}

void SvgWriter::task_lanes() {
    // Labels and lifetime lines.
    std::vector<double> life_from(tr_.tasks.size(), -1), life_to(tr_.tasks.size(), -1);
    for (std::size_t i = 0; i < span_.end; ++i) {
        const Event& e = tr_[i];
        if (e.task >= tr_.tasks.size()) continue;
        if (e.kind == EventKind::Spawn) life_from[e.task] = i < span_.begin ? x0_ : xs(i) + a_ / 2;
        if (e.kind == EventKind::TaskComplete) life_to[e.task] = i < span_.begin ? -2 : xs(i) + a_ / 2;
    }
    for (const Lane& l : lanes_) {
        if (l.task == kNone) continue;
        const std::string& name = tr_.tasks[l.task].name;
        text(kMargin + 6, l.top + 19, 13, kText, fit(name, kLabelW - 16, 13), " font-weight=\"700\"");
        std::string sub = "task " + std::to_string(l.task) + " \xC2\xB7 " + std::to_string(l.polls) +
                          (l.polls == 1 ? " poll" : " polls");
        text(kMargin + 6, l.top + 34, 11, kMuted, fit(sub, kLabelW - 16, 11));
        double from = life_from[l.task] < 0 ? x0_ : life_from[l.task];
        double to = life_to[l.task] == -1 ? x0_ + wc_ : life_to[l.task];
        if (to > from) {
            w_ << "<line class=\"lifetime\"";
            attr("x1", from);
            attr("y1", l.top + kRootY + kRootH / 2);
            attr("x2", to);
            attr("y2", l.top + kRootY + kRootH / 2);
            w_ << " stroke=\"#9aa0a6\" stroke-width=\"1.5\"/>\n";
        }
    }
    // Polls: one rect each.
    for (const PollSlice& s : c_.slices) {
        std::size_t end = s.open() ? tr_.size() : s.end_step;
        if (s.begin_step >= span_.end || end < span_.begin) continue;
        double top = lane_y(s.task);
        if (top < 0) continue;
        bool open_here = s.open() || s.end_step >= span_.end;
        double x1 = s.begin_step < span_.begin ? x0_ : xs(s.begin_step);
        double x2 = open_here ? x0_ + wc_ : xs(s.end_step) + a_;
        double wdt = std::max(x2 - x1, 1.0);
        const char* cls = open_here ? "pending open" : s.result == PollResult::Ready ? "ready" : "pending";
        const char* fill = open_here ? kOpenFill : s.result == PollResult::Ready ? kReadyFill : kPendingFill;
        const char* stroke = open_here                       ? kOpenStroke
                             : s.result == PollResult::Ready ? kReadyStroke
                                                             : kPendingStroke;
        bool nested = s.depth > 0;
        std::uint32_t row = std::min(s.depth, kMaxNestedRows);
        double y = nested ? top + kRootY + kRootH + 3 + (row - 1) * kNestedStep : top + kRootY;
        w_ << "<rect class=\"poll " << cls << (nested ? " nested\"" : "\"");
        attr("x", x1);
        attr("y", y);
        attr("width", wdt);
        attr("height", nested ? kNestedH : kRootH);
        if (!nested && wdt > 6) w_ << " rx=\"2\"";
        w_ << " fill=\"" << fill << '"' << (nested ? " fill-opacity=\"0.7\"" : "") << " stroke=\"" << stroke
           << "\" stroke-width=\"" << (nested ? "0.5" : "1") << "\"><title>";
        const NodeInfo* info = tr_.node_info(s.path);
        std::string what =
            nested ? (info && !info->text.empty() ? info->text : std::string(tr_.strings.get(s.path)))
                   : tr_.tasks[s.task].name + " poll #" + std::to_string(s.poll_number);
        w_.xml_text(what);
        w_ << ": " << (open_here ? "still running" : s.result == PollResult::Ready ? "Ready" : "Pending");
        w_ << " (steps " << std::to_string(s.begin_step) << "\xE2\x80\x93"
           << (s.open() ? std::string("end") : std::to_string(s.end_step)) << ", "
           << format_time(s.begin_time) << ")</title></rect>\n";
        if (!nested && wdt >= 20 && s.poll_number > 0) {
            std::string label = "#" + std::to_string(s.poll_number);
            if (static_cast<double>(label.size()) * 10 * kCharW + 6 <= wdt)
                text(x1 + wdt / 2, y + 13.5, 10,
                     s.result == PollResult::Ready && !open_here ? "#ffffff" : kText, label,
                     " text-anchor=\"middle\"");
        }
    }
    // Waker clone / drop markers and diagnostics on the lane of the task they belong to.
    for (std::size_t i = span_.begin; i < span_.end; ++i) {
        const Event& e = tr_[i];
        if (e.kind != EventKind::WakerClone && e.kind != EventKind::WakerDrop &&
            e.kind != EventKind::Diagnostic)
            continue;
        double top = e.task != kNone ? lane_y(e.task) : lanes_[0].top;
        if (top < 0) continue;
        double cx = xs(i) + a_ / 2, cy = top + 8;
        std::string_view s =
            tr_.strings.get(e.arg >= 0 && e.arg < kNone ? static_cast<std::uint32_t>(e.arg) : kNone);
        if (e.kind == EventKind::WakerClone) {
            w_ << "<g class=\"waker-clone\"><title>waker #" << std::to_string(e.waker) << " cloned, held by ";
            w_.xml_text(s);
            w_ << " (step " << std::to_string(i) << ")</title><circle";
            attr("cx", cx);
            attr("cy", cy);
            w_ << " r=\"3.5\" fill=\"" << kWake << "\" stroke=\"#ffffff\" stroke-width=\"0.75\"/></g>\n";
        } else if (e.kind == EventKind::WakerDrop) {
            w_ << "<path class=\"waker-drop\" d=\"M";
            num(cx - 3.5);
            w_ << ',';
            num(cy - 3.5);
            w_ << " l7,7 m0,-7 l-7,7\" stroke=\"" << kDrop
               << "\" stroke-width=\"1.5\" fill=\"none\"><title>waker #" << std::to_string(e.waker)
               << " dropped: ";
            w_.xml_text(s);
            w_ << " (step " << std::to_string(i) << ")</title></path>\n";
        } else {
            w_ << "<g class=\"diagnostic\"><title>";
            w_ << diag_kind_name(static_cast<DiagKind>(e.detail)) << " at step " << std::to_string(i) << ": ";
            w_.xml_text(s);
            w_ << "</title><circle";
            attr("cx", cx);
            attr("cy", cy + 1);
            w_ << " r=\"6.5\" fill=\"" << kDiag << "\"/><text";
            attr("x", cx);
            attr("y", cy + 5);
            w_ << " font-size=\"11\" font-weight=\"700\" fill=\"#ffffff\" "
                  "text-anchor=\"middle\">!</text></g>\n";
        }
    }
}

void SvgWriter::wakes() {
    const double reactor_mid = lanes_[1].top + lanes_[1].height / 2;
    for (const WakeFlow& f : c_.wakes) {
        if (!span_.contains(f.wake_step)) continue;
        double target_top = lane_y(f.task);
        double x0 = xs(f.wake_step) + a_ / 2;
        if (f.outcome != WakeOutcome::Polled || !span_.contains(f.poll_step)) {
            // An absorbed, late or unserved wake: a hollow circle on the woken task's lane.
            if (target_top < 0) continue;
            const char* colour = f.outcome == WakeOutcome::AfterComplete ? kDiag
                                 : f.outcome == WakeOutcome::Coalesced   ? kWake
                                                                         : kMuted;
            w_ << "<g class=\"wake " << wake_outcome_name(f.outcome) << "\"><title>wake of waker #"
               << (f.waker == kNone ? std::string("(borrowed)") : std::to_string(f.waker)) << " at step "
               << std::to_string(f.wake_step) << ": "
               << (f.outcome == WakeOutcome::Coalesced ? "the task was already queued, so it adds no poll"
                   : f.outcome == WakeOutcome::AfterComplete ? "the task had already finished"
                   : f.outcome == WakeOutcome::Polled        ? "its poll is outside this picture"
                                                             : "the task was never polled again")
               << "</title><circle";
            attr("cx", x0);
            attr("cy", target_top + 8);
            w_ << " r=\"4\" fill=\"#ffffff\" stroke=\"" << colour << "\" stroke-width=\"1.5\"/></g>\n";
            continue;
        }
        if (target_top < 0) continue;
        double from_top = f.from_task != kNone ? lane_y(f.from_task) : -1;
        double y0 = from_top >= 0 ? from_top + 8 : reactor_mid;
        double x1 = xs(f.poll_step) + std::min(a_ / 2, 5.0);
        bool from_below = y0 > target_top + kRootY + kRootH;
        double y1 = from_below ? target_top + kRootY + kRootH + 1 : target_top + kRootY - 1;
        w_ << "<path class=\"wake-arrow\" d=\"M";
        num(x0);
        w_ << ',';
        num(y0);
        w_ << " C";
        if (from_top >= 0 && f.from_task == f.task) {  // a task waking itself: loop over the lane
            num(x0);
            w_ << ',';
            num(y0 - 16);
            w_ << ' ';
            num(x1);
            w_ << ',';
            num(y1 - 16);
        } else {
            double ym = (y0 + y1) / 2;
            num(x0);
            w_ << ',';
            num(ym);
            w_ << ' ';
            num(x1);
            w_ << ',';
            num(ym);
        }
        w_ << ' ';
        num(x1);
        w_ << ',';
        num(y1);
        w_ << "\" fill=\"none\" stroke=\"" << kWake
           << "\" stroke-width=\"1.5\" stroke-opacity=\"0.85\" marker-end=\"url(#ps-arrow)\"><title>waker #"
           << (f.waker == kNone ? std::string("(borrowed)") : std::to_string(f.waker)) << " woken at step "
           << std::to_string(f.wake_step) << " \xE2\x86\x92 poll at step " << std::to_string(f.poll_step)
           << "</title></path>\n<circle class=\"wake-origin\"";
        attr("cx", x0);
        attr("cy", y0);
        w_ << " r=\"2.5\" fill=\"" << kWake << "\"/>\n";
    }
}

void SvgWriter::footer() {
    double y = plot_bottom_ + 52;
    std::string note =
        "Horizontal axis: every step gets an equal column and the time between steps shares the rest of the "
        "width, "
        "so polls that take no virtual time stay visible and nested polls sit inside their parent. Time "
        "ticks are "
        "exact, the spacing between them is not linear.";
    if (std::clamp(opt_.time_share, 0.0, 1.0) >= 1.0) note = "Horizontal axis: virtual time.";
    if (!tr_.meta.end_message.empty() && span_.end == tr_.size()) note += " Outcome: " + tr_.meta.end_message;
    // Greedy word wrap at the estimated text width.
    const auto per_line = static_cast<std::size_t>((width_ - 2 * kMargin) / (11 * kCharW));
    std::size_t lines = 0;
    while (!note.empty() && lines < 3) {
        std::size_t cut = note.size();
        if (cut > per_line) {
            cut = note.rfind(' ', per_line);
            if (cut == std::string::npos || cut == 0) cut = per_line;
        }
        text(kMargin, y + 15 * static_cast<double>(lines), 11, kMuted,
             lines == 2 ? fit(note, width_ - 2 * kMargin, 11) : note.substr(0, cut));
        note = cut < note.size() ? note.substr(cut + (note[cut] == ' ' ? 1 : 0)) : std::string();
        ++lines;
    }
}

void SvgWriter::run() {
    c_ = analyze_causality(tr_);
    // The plot starts under the legend, which wraps to the picture's width.
    plot_top_ = 0;
    layout();
    plot_top_ = legend_last_row(kLegendY, width_) + 40;
    for (Lane& l : lanes_) l.top += plot_top_;
    plot_bottom_ += plot_top_;
    height_ += plot_top_;

    header();
    axes_and_grid();
    executor_lane(lanes_[0]);
    reactor_lane(lanes_[1]);
    worker_lanes();
    task_lanes();
    wakes();
    footer();
    w_ << "</svg>\n";
}

}  // namespace

void write_svg_timeline(const Trace& trace, Writer& out, StepRange range, const SvgOptions& options) {
    SvgWriter sw(trace, out, range, options);
    sw.run();
}

std::string svg_timeline_string(const Trace& trace, StepRange range, const SvgOptions& options) {
    std::string out;
    {
        Writer w(out, 1 << 16);
        write_svg_timeline(trace, w, range, options);
    }
    return out;
}

ExportResult write_svg_timeline(const Trace& trace, const std::string& path, StepRange range,
                                const SvgOptions& options) {
    return write_file_atomically(path, [&](Writer& w, ExportResult&) {
        write_svg_timeline(trace, w, range, options);
        return true;
    });
}

}  // namespace ps
