// Atomic file writing and the buffered text writer every exporter streams through.
//
// An export either replaces its target completely or leaves it exactly as it was:
//   1. create a temporary file in the target's directory ("out.json.tmp.<pid>.<n>"), so the
//      final rename never crosses a file system;
//   2. stream the text through `Writer` (1 MiB buffer, std::to_chars for numbers);
//   3. flush, fsync, close: any error so far (cannot create, disk full, quota, file too
//      large, permission) removes the temporary and reports it;
//   4. rename the temporary over the target (atomic on POSIX), then fsync the directory.
// If the process dies between 1 and 4, only a "*.tmp.*" file can be left behind, never a
// truncated target.
//
// What is replaced: an existing target that is not a regular file (device, FIFO, socket,
// directory) is refused, before and again just before the rename. A symbolic link is followed
// (at most 40 links) and the file it ends at is replaced, with the temporary in that file's
// directory; the link stays a link. The new file keeps the old one's mode and, where the
// system allows it (root, or the file's owner), its owner and group. A file with several hard
// links: the rename replaces this name only; its other names keep the old content.
//
// Errors read `cannot write "out.json": No space left on device`: the path as the caller gave
// it, then the system's own words for the first error.
#pragma once
#include <charconv>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "engine/export/export.hpp"

namespace ps {

// Buffered writer over a file descriptor or a std::string.
//
// After the first failed write the writer stops writing (later calls are cheap no-ops) and
// remembers the errno; the owner checks `failed()` once at the end. Text helpers:
//   json_string  "..." with JSON escapes; invalid UTF-8 becomes U+FFFD
//   xml_text     & < > " ' escaped; invalid UTF-8 and XML-illegal control bytes become U+FFFD
//   md_cell      Markdown table cell: | escaped, line breaks become spaces
class Writer {
public:
    static constexpr std::size_t kBufferSize = std::size_t{1} << 20;  // 1 MiB

    explicit Writer(int fd, std::size_t buffer = kBufferSize);     // does not own or close fd
    explicit Writer(std::string& out, std::size_t buffer = 4096);  // appends to `out` on flush
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    ~Writer();  // flushes a string sink; a file sink must be flushed by its owner

    void put(char c) {
        if (pos_ == cap_) drain();
        buf_[pos_++] = c;
    }
    void write(std::string_view s) {
        if (s.size() <= cap_ - pos_) {
            std::memcpy(buf_.get() + pos_, s.data(), s.size());
            pos_ += s.size();
        } else {
            write_slow(s);
        }
    }
    Writer& operator<<(std::string_view s) {
        write(s);
        return *this;
    }
    Writer& operator<<(const char* s) {
        write(std::string_view(s));
        return *this;
    }
    Writer& operator<<(char c) {
        put(c);
        return *this;
    }

    void u64(std::uint64_t v) {
        char* p = room(24);
        pos_ = static_cast<std::size_t>(std::to_chars(p, p + 24, v).ptr - buf_.get());
    }
    void i64(std::int64_t v) {
        char* p = room(24);
        pos_ = static_cast<std::size_t>(std::to_chars(p, p + 24, v).ptr - buf_.get());
    }
    // Nanoseconds as microseconds with exactly three decimals: 1234567 -> "1234.567".
    void micros3(std::int64_t ns);
    // Fixed-point decimal with `decimals` digits, trailing zeros (and a bare '.') trimmed:
    // fixed(12.50, 2) -> "12.5", fixed(3.0, 1) -> "3". For SVG coordinates.
    void fixed(double v, int decimals = 1);

    void json_string(std::string_view s);  // with the surrounding quotes
    void xml_text(std::string_view s);     // no quotes
    void md_cell(std::string_view s);

    // Pushes the buffer to the sink. False once any write has failed.
    bool flush();
    bool failed() const { return error_ != 0; }
    int error() const { return error_; }  // errno of the first failure, 0 if none
    std::uint64_t bytes() const { return flushed_ + pos_; }

private:
    char* room(std::size_t n) {
        if (cap_ - pos_ < n) drain();
        return buf_.get() + pos_;
    }
    void drain();  // flush, and on failure discard the buffer
    void write_slow(std::string_view s);

    std::unique_ptr<char[]> buf_;
    std::size_t pos_ = 0;
    std::size_t cap_ = kBufferSize;
    int fd_ = -1;
    std::string* str_ = nullptr;
    int error_ = 0;
    std::uint64_t flushed_ = 0;
};

namespace detail {
// Length of the well-formed UTF-8 sequence at s[i] (1..4), or 0 if there is none.
std::size_t utf8_length(std::string_view s, std::size_t i);
}  // namespace detail

// Text escapes as plain functions, for the few places that build strings.
std::string json_quoted(std::string_view s);  // "\"a\\\"b\""
std::string xml_escaped(std::string_view s);

// A file being written atomically. Destroying it without commit() removes the temporary.
class AtomicFile {
public:
    AtomicFile() = default;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    // Creates the temporary next to `path`. False (and error() set) if it cannot.
    bool open(const std::string& path);
    Writer& writer() { return *writer_; }
    // Flush, fsync, close, rename over the target. False (and error() set) on any failure,
    // in which case the temporary is gone and the target untouched.
    bool commit();
    void abort();  // remove the temporary, keep the target

    const std::string& error() const { return error_; }
    const std::string& temp_path() const { return temp_; }
    std::uint64_t bytes() const { return bytes_; }

private:
    void fail(int err);
    bool create_temp();

    std::string path_;    // as the caller gave it, for messages
    std::string target_;  // the name replaced: path_, or where its symbolic links end
    std::string temp_;
    int fd_ = -1;
    std::unique_ptr<Writer> writer_;
    std::string error_;
    std::uint64_t bytes_ = 0;
};

// Opens `path` atomically, lets `body` stream the content, commits. The usual entry point.
// `body` returns false to abandon the write (the temporary is removed and `error` is kept
// from what body put in `ExportResult::error`).
ExportResult write_file_atomically(const std::string& path,
                                   const std::function<bool(Writer&, ExportResult&)>& body);

// `body(w)` streamed atomically to `path`, for exporters whose writing cannot fail.
template <typename Body>
ExportResult write_text_atomically(const std::string& path, Body&& body) {
    return write_file_atomically(path, [&](Writer& w, ExportResult&) {
        body(w);
        return true;
    });
}

// What `body(w)` writes, as a string (for tests and the GUI).
template <typename Body>
std::string text_written_by(Body&& body) {
    std::string out;
    {
        Writer w(out, 1 << 16);
        body(w);
    }
    return out;
}

// The error text for a path and an errno: `cannot write "out.json": No such file or directory`.
std::string write_error_text(const std::string& path, int err);

}  // namespace ps
