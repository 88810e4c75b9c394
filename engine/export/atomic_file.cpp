#include "engine/export/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <system_error>

#include "engine/export/fixed_chars.hpp"
#include "engine/model/read_file.hpp"

namespace ps {

namespace detail {

// Length of the well-formed UTF-8 sequence starting at s[i] (1..4), or 0 if it is not one.
// Rejects overlong forms, surrogates and code points above U+10FFFF.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned c = b(i);
    if (c < 0x80) return 1;
    std::size_t n = s.size() - i;
    auto cont = [&](std::size_t k) { return (b(i + k) & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) return n >= 2 && cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || !cont(1) || !cont(2)) return 0;
        unsigned c1 = b(i + 1);
        if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
        if (c == 0xED && c1 > 0x9F) return 0;  // surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
        unsigned c1 = b(i + 1);
        if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
        if (c == 0xF4 && c1 > 0x8F) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

}  // namespace detail

namespace {
using detail::utf8_length;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool write_all(int fd, const char* p, std::size_t n, int& err) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            err = errno;
            return false;
        }
        if (w == 0) {  // should not happen for regular files; avoid spinning
            err = EIO;
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

std::atomic<unsigned> g_temp_counter{0};

constexpr int kMaxSymlinks = 40;  // as the kernel's own limit for one lookup

// "dir/" for "dir/name", "" for "name".
std::string dir_part(const std::string& path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// The name an export of `path` replaces: `path` itself, or the end of the chain of symbolic
// links it starts. `st` is that name's lstat and `exists` says whether there is one.
// Returns 0, or the errno that stopped the walk (ELOOP past kMaxSymlinks links).
int resolve_target(const std::string& path, std::string& target, struct stat& st, bool& exists) {
    target = path;
    exists = false;
    for (int hop = 0; hop <= kMaxSymlinks; ++hop) {
        if (::lstat(target.c_str(), &st) != 0) return errno == ENOENT ? 0 : errno;
        if (!S_ISLNK(st.st_mode)) {
            exists = true;
            return 0;
        }
        std::string link(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 255) + 1, '\0');
        ssize_t n = ::readlink(target.c_str(), link.data(), link.size());
        if (n < 0) return errno;
        if (static_cast<std::size_t>(n) >= link.size()) return ENAMETOOLONG;  // changed under us
        link.resize(static_cast<std::size_t>(n));
        target = !link.empty() && link[0] == '/' ? link : dir_part(target) + link;
    }
    return ELOOP;
}

// `cannot write "out": it is a FIFO, not a regular file` (or `it links to "t", a FIFO, ...`).
std::string not_regular_text(const std::string& path, const std::string& target, unsigned mode) {
    std::string what = target == path ? std::string("it is ") : "it links to \"" + target + "\", ";
    return "cannot write \"" + path + "\": " + what + file_kind_name(mode) + ", not a regular file";
}

// Gives the new file at `fd` the mode, and where the system lets us (root, or the file's own
// owner) the owner and group, of the file `st` it replaces. Best effort, like an editor.
void keep_attributes(int fd, const struct stat& st) {
    uid_t me = ::geteuid();
    if ((me == 0 || st.st_uid == me) && ::fchown(fd, st.st_uid, st.st_gid) != 0) {
        // not allowed (e.g. a group we are not in): the new file keeps ours
    }
    (void)::fchmod(fd, st.st_mode & 07777);
}

}  // namespace

// ---- Writer ---------------------------------------------------------------------------------

// Every helper asks room() for at most 64 bytes at once, so the buffer is never smaller.
Writer::Writer(int fd, std::size_t buffer)
    : buf_(new char[std::max<std::size_t>(buffer, 64)]), cap_(std::max<std::size_t>(buffer, 64)), fd_(fd) {}
Writer::Writer(std::string& out, std::size_t buffer)
    : buf_(new char[std::max<std::size_t>(buffer, 64)]),
      cap_(std::max<std::size_t>(buffer, 64)),
      str_(&out) {}
Writer::~Writer() {
    if (str_) flush();
}

bool Writer::flush() {
    if (error_ != 0) {
        pos_ = 0;
        return false;
    }
    if (pos_ == 0) return true;
    if (str_) {
        str_->append(buf_.get(), pos_);
    } else if (!write_all(fd_, buf_.get(), pos_, error_)) {
        pos_ = 0;
        return false;
    }
    flushed_ += pos_;
    pos_ = 0;
    return true;
}

void Writer::drain() {
    flush();  // on failure the buffer is dropped and error_ kept; later output is discarded
}

void Writer::write_slow(std::string_view s) {
    while (!s.empty()) {
        if (pos_ == cap_) drain();
        std::size_t n = std::min(s.size(), cap_ - pos_);
        std::memcpy(buf_.get() + pos_, s.data(), n);
        pos_ += n;
        s.remove_prefix(n);
    }
}

void Writer::micros3(std::int64_t ns) {
    char* p = room(32);
    char* start = p;
    std::uint64_t a;
    if (ns < 0) {
        *p++ = '-';
        a = static_cast<std::uint64_t>(-(ns + 1)) + 1;
    } else {
        a = static_cast<std::uint64_t>(ns);
    }
    p = std::to_chars(p, p + 24, a / 1000).ptr;
    unsigned frac = static_cast<unsigned>(a % 1000);
    p[0] = '.';
    p[1] = static_cast<char>('0' + frac / 100);
    p[2] = static_cast<char>('0' + frac / 10 % 10);
    p[3] = static_cast<char>('0' + frac % 10);
    pos_ += static_cast<std::size_t>(p + 4 - start);
}

void Writer::fixed(double v, int decimals) {
    if (!std::isfinite(v)) v = 0;
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;
    char* p = room(64);
    char* end = to_chars_fixed(p, p + 64, v, decimals);
    if (decimals > 0) {
        while (end > p && end[-1] == '0') --end;
        if (end > p && end[-1] == '.') --end;
    }
    if (end - p == 2 && p[0] == '-' && p[1] == '0') {  // "-0" -> "0"
        p[0] = '0';
        end = p + 1;
    }
    pos_ += static_cast<std::size_t>(end - p);
}

void Writer::json_string(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    put('"');
    std::size_t run = 0;  // start of the pending run of bytes that need no escaping
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            std::size_t n = utf8_length(s, i);
            if (n > 0) {
                i += n;
                continue;
            }
        }
        write(s.substr(run, i - run));
        switch (c) {
            case '"': write("\\\""); break;
            case '\\': write("\\\\"); break;
            case '\n': write("\\n"); break;
            case '\r': write("\\r"); break;
            case '\t': write("\\t"); break;
            case '\b': write("\\b"); break;
            case '\f': write("\\f"); break;
            default:
                if (c < 0x20) {
                    char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                    write(std::string_view(esc, 6));
                } else {
                    write(kReplacement);  // a byte that starts no valid UTF-8 sequence
                }
        }
        ++i;
        run = i;
    }
    write(s.substr(run));
    put('"');
}

void Writer::xml_text(std::string_view s) {
    std::size_t run = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            std::size_t n = utf8_length(s, i);
            if (n > 0) {
                i += n;
                continue;
            }
        } else if (c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'') {
            ++i;
            continue;
        } else if (c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        write(s.substr(run, i - run));
        switch (c) {
            case '&': write("&amp;"); break;
            case '<': write("&lt;"); break;
            case '>': write("&gt;"); break;
            case '"': write("&quot;"); break;
            case '\'': write("&#39;"); break;
            default: write(kReplacement);  // XML 1.0 forbids other control bytes, even escaped
        }
        ++i;
        run = i;
    }
    write(s.substr(run));
}

void Writer::md_cell(std::string_view s) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c != '|' && c != '\n' && c != '\r' && c != '\\') continue;
        write(s.substr(run, i - run));
        if (c == '|')
            write("\\|");
        else if (c == '\\')
            write("\\\\");
        else
            put(' ');
        run = i + 1;
    }
    write(s.substr(run));
}

std::string json_quoted(std::string_view s) {
    std::string out;
    {
        Writer w(out);
        w.json_string(s);
    }
    return out;
}

std::string xml_escaped(std::string_view s) {
    std::string out;
    {
        Writer w(out);
        w.xml_text(s);
    }
    return out;
}

// ---- AtomicFile ----------------------------------------------------------------------------

std::string write_error_text(const std::string& path, int err) {
    return "cannot write \"" + path + "\": " + std::error_code(err, std::generic_category()).message();
}

AtomicFile::~AtomicFile() {
    abort();
}

void AtomicFile::fail(int err) {
    if (error_.empty()) error_ = write_error_text(path_, err);
    abort();
}

bool AtomicFile::open(const std::string& path) {
    abort();
    path_ = path;
    error_.clear();
    bytes_ = 0;
    if (path.empty() || path.back() == '/') {
        error_ = write_error_text(path, path.empty() ? ENOENT : EISDIR);
        return false;
    }
    struct stat st {};
    bool exists = false;
    if (int err = resolve_target(path, target_, st, exists); err != 0) {
        error_ = write_error_text(path, err);
        return false;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        error_ = not_regular_text(path, target_, st.st_mode);
        return false;
    }
    if (!create_temp()) return false;
    if (exists) keep_attributes(fd_, st);
    writer_ = std::make_unique<Writer>(fd_);
    return true;
}

// The temporary next to the target: "out.json.tmp.<pid>.<n>", new files 0666 minus the umask.
bool AtomicFile::create_temp() {
    std::string dir = dir_part(target_);
    std::size_t base_size = target_.size() - dir.size();
    int err = EEXIST;
    for (int attempt = 0; attempt < 100 && err == EEXIST; ++attempt) {
        std::string suffix =
            ".tmp." + std::to_string(::getpid()) + "." + std::to_string(g_temp_counter.fetch_add(1));
        // A long name plus the suffix could pass NAME_MAX even when the target itself fits.
        temp_ = base_size + suffix.size() > 250 ? dir + ".pollscope" + suffix : target_ + suffix;
        fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd_ >= 0) return true;
        err = errno;
    }
    temp_.clear();
    error_ = write_error_text(path_, err);
    return false;
}

bool AtomicFile::commit() {
    if (fd_ < 0) {
        if (error_.empty()) error_ = write_error_text(path_, EBADF);
        return false;
    }
    if (!writer_->flush()) {
        fail(writer_->error());
        return false;
    }
    std::uint64_t written = writer_->bytes();
    if (::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS) {
        fail(errno);
        return false;
    }
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
        fail(errno);
        return false;
    }
    // The target may have been replaced by something else while we wrote: check again.
    struct stat st {};
    if (::lstat(target_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        error_ = not_regular_text(path_, target_, st.st_mode);
        abort();
        return false;
    }
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        fail(errno);
        return false;
    }
    temp_.clear();
    writer_.reset();
    // Make the rename itself durable. Best effort: some file systems refuse fsync on a directory.
    std::string dir = dir_part(target_);
    if (dir.empty()) dir = ".";
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)::fsync(dfd);
        ::close(dfd);
    }
    bytes_ = written;
    return true;
}

void AtomicFile::abort() {
    writer_.reset();
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!temp_.empty()) {
        ::unlink(temp_.c_str());
        temp_.clear();
    }
}

ExportResult write_file_atomically(const std::string& path,
                                   const std::function<bool(Writer&, ExportResult&)>& body) {
    ExportResult result;
    AtomicFile file;
    if (!file.open(path)) {
        result.error = file.error();
        return result;
    }
    if (!body(file.writer(), result)) {
        file.abort();
        if (result.error.empty()) result.error = "cannot write \"" + path + "\": export abandoned";
        result.ok = false;
        result.bytes = 0;
        return result;
    }
    if (!file.commit()) {
        result.error = file.error();
        result.ok = false;
        result.bytes = 0;
        return result;
    }
    result.ok = true;
    result.error.clear();
    result.bytes = file.bytes();
    return result;
}

}  // namespace ps
