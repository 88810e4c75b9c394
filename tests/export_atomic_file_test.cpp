#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/export/atomic_file.hpp"
#include "tests/temp_dir.hpp"

using namespace ps;
using ps::testing::slurp;
using ps::testing::TempDir;
namespace fs = std::filesystem;

namespace {

ExportResult write_text(const std::string& path, const std::string& text) {
    return write_file_atomically(path, [&](Writer& w, ExportResult&) {
        w.write(text);
        return true;
    });
}

}  // namespace

TEST_CASE("an atomic write creates the file with exactly what was written") {
    TempDir dir("pollscope-atomic");
    auto r = write_text(dir.file("out.json"), "{\"a\": 1}\n");
    REQUIRE(r.ok);
    CHECK(r.error.empty());
    CHECK(r.bytes == 9);
    CHECK(slurp(dir.file("out.json")) == "{\"a\": 1}\n");
    CHECK(dir.entries() == 1);  // no temporary left
}

TEST_CASE("an atomic write replaces an existing file and keeps its mode") {
    TempDir dir("pollscope-atomic");
    std::string p = dir.file("out.txt");
    REQUIRE(write_text(p, "old").ok);
    ::chmod(p.c_str(), 0640);
    REQUIRE(write_text(p, "new content").ok);
    CHECK(slurp(p) == "new content");
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);
    CHECK(dir.entries() == 1);
}

TEST_CASE("writing into a missing directory reports the error and leaves nothing behind") {
    TempDir dir("pollscope-atomic");
    std::string p = dir.file("missing/out.json");
    auto r = write_text(p, "x");
    CHECK_FALSE(r.ok);
    CHECK(r.error == "cannot write \"" + p + "\": No such file or directory");
    CHECK(r.bytes == 0);
    CHECK(dir.entries() == 0);
}

TEST_CASE("writing into a read-only location reports the error and leaves the target unchanged") {
    TempDir dir("pollscope-atomic");
    if (::geteuid() == 0 && !fs::exists("/sys/kernel")) {
        // root in a chroot or container without sysfs: no location refuses root here.
        WARN("skipped: running as root without a mounted /sys, nothing here is read-only to root");
    } else if (::geteuid() == 0) {
        // root ignores directory permissions; /sys refuses new files even to root.
        auto r = write_text("/sys/pollscope-export-test.json", "x");
        CHECK_FALSE(r.ok);
        CHECK(r.error == "cannot write \"/sys/pollscope-export-test.json\": Permission denied");
        CHECK_FALSE(fs::exists("/sys/pollscope-export-test.json"));
    } else {
        std::string p = dir.file("out.json");
        REQUIRE(write_text(p, "precious").ok);
        fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
        auto r = write_text(p, "replacement");
        fs::permissions(dir.path, fs::perms::owner_all);
        CHECK_FALSE(r.ok);
        CHECK(r.error == "cannot write \"" + p + "\": Permission denied");
        CHECK(slurp(p) == "precious");
        CHECK(dir.entries() == 1);
    }
}

TEST_CASE("a write that fails half way removes the temporary and keeps the old file") {
    // RLIMIT_FSIZE makes write() fail with EFBIG past the limit, like a full disk would
    // (with ENOSPC) in the middle of a large export.
    TempDir dir("pollscope-atomic");
    std::string p = dir.file("big.json");
    REQUIRE(write_text(p, "the old version").ok);

    struct rlimit old {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old;
    small.rlim_cur = 1 << 20;  // 1 MiB
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);

    auto r = write_file_atomically(p, [](Writer& w, ExportResult&) {
        std::string line(1000, 'x');
        for (int i = 0; i < 5000; ++i) w.write(line);  // 5 MB
        return true;
    });

    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, old_handler);

    CHECK_FALSE(r.ok);
    CHECK(r.error == "cannot write \"" + p + "\": File too large");
    CHECK(slurp(p) == "the old version");
    CHECK(dir.entries() == 1);
}

TEST_CASE("writing over a directory is refused") {
    TempDir dir("pollscope-atomic");
    fs::create_directories(dir.path / "sub");
    auto r = write_text(dir.file("sub"), "x");
    CHECK_FALSE(r.ok);
    CHECK(r.error == "cannot write \"" + dir.file("sub") + "\": it is a directory, not a regular file");
    CHECK(fs::is_directory(dir.path / "sub"));
    CHECK(dir.entries() == 1);
}

TEST_CASE("writing over a FIFO is refused without blocking and the FIFO stays") {
    TempDir dir("pollscope-atomic");
    std::string p = dir.file("pipe");
    REQUIRE(::mkfifo(p.c_str(), 0600) == 0);
    auto r = write_text(p, "x");
    CHECK_FALSE(r.ok);
    CHECK(r.error == "cannot write \"" + p + "\": it is a FIFO, not a regular file");
    CHECK(fs::is_fifo(fs::symlink_status(p)));
    CHECK(dir.entries() == 1);
}

TEST_CASE("writing through a symbolic link replaces the file it points to and keeps the link") {
    TempDir dir("pollscope-atomic");
    fs::create_directories(dir.path / "real");
    std::string target = dir.file("real/out.json");
    REQUIRE(write_text(target, "old").ok);
    fs::create_symlink("real/out.json", dir.path / "link.json");          // relative, from the link's folder
    fs::create_symlink(dir.path / "link.json", dir.path / "link2.json");  // a chain of two
    auto r = write_text(dir.file("link2.json"), "new");
    REQUIRE(r.ok);
    CHECK(slurp(target) == "new");
    CHECK(fs::is_symlink(dir.path / "link.json"));
    CHECK(fs::is_symlink(dir.path / "link2.json"));
    CHECK(dir.entries() == 3);  // no temporary left next to the links
    std::size_t in_real = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path / "real")) ++in_real;
    CHECK(in_real == 1);
}

TEST_CASE("a symbolic link to a missing file creates that file") {
    TempDir dir("pollscope-atomic");
    fs::create_symlink("made.json", dir.path / "link.json");
    REQUIRE(write_text(dir.file("link.json"), "x").ok);
    CHECK(fs::is_symlink(dir.path / "link.json"));
    CHECK(slurp(dir.file("made.json")) == "x");
}

TEST_CASE("a loop of symbolic links is refused") {
    TempDir dir("pollscope-atomic");
    fs::create_symlink("b", dir.path / "a");
    fs::create_symlink("a", dir.path / "b");
    auto r = write_text(dir.file("a"), "x");
    CHECK_FALSE(r.ok);
    CHECK(r.error == "cannot write \"" + dir.file("a") + "\": Too many levels of symbolic links");
    CHECK(dir.entries() == 2);
}

TEST_CASE("a symbolic link to a FIFO is refused and names where it links") {
    TempDir dir("pollscope-atomic");
    std::string fifo = dir.file("pipe");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    fs::create_symlink(fifo, dir.path / "link");
    auto r = write_text(dir.file("link"), "x");
    CHECK_FALSE(r.ok);
    CHECK(r.error == "cannot write \"" + dir.file("link") + "\": it links to \"" + fifo +
                         "\", a FIFO, not a regular file");
    CHECK(fs::is_fifo(fs::symlink_status(fifo)));
}

TEST_CASE("a file with two hard links: the export replaces this name only") {
    TempDir dir("pollscope-atomic");
    std::string p = dir.file("out.json");
    REQUIRE(write_text(p, "old").ok);
    fs::create_hard_link(p, dir.path / "other.json");
    REQUIRE(write_text(p, "new").ok);
    CHECK(slurp(p) == "new");
    CHECK(slurp(dir.file("other.json")) == "old");
}

TEST_CASE("replacing a file keeps its owner and group when running as root") {
    TempDir dir("pollscope-atomic");
    std::string p = dir.file("owned.json");
    REQUIRE(write_text(p, "old").ok);
    if (::geteuid() != 0) {
        WARN("skipped: only root can give a file to another owner");
        return;
    }
    REQUIRE(::chown(p.c_str(), 12345, 23456) == 0);
    REQUIRE(write_text(p, "new").ok);
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    CHECK(st.st_uid == 12345u);
    CHECK(st.st_gid == 23456u);
}

TEST_CASE("writing over a character device is refused and the device stays") {
    if (::geteuid() != 0) {
        WARN("skipped: making a device node needs root");
        return;
    }
    // Our own node for the null device in a temporary folder: a real system device is never a
    // target here, so a broken check cannot replace one.
    TempDir dir("pollscope-atomic");
    std::string p = dir.file("null");
    if (::mknod(p.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
        WARN("skipped: mknod is not allowed here");
        return;
    }
    auto r = write_text(p, "x");
    CHECK_FALSE(r.ok);
    CHECK(r.error == "cannot write \"" + p + "\": it is a character device, not a regular file");
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    CHECK(dir.entries() == 1);
}

TEST_CASE("an abandoned export removes its temporary and reports the reason") {
    TempDir dir("pollscope-atomic");
    std::string p = dir.file("out.svg");
    auto r = write_file_atomically(p, [](Writer& w, ExportResult& res) {
        w.write("partial");
        res.error = "the step range selects nothing";
        return false;
    });
    CHECK_FALSE(r.ok);
    CHECK(r.error == "the step range selects nothing");
    CHECK(dir.entries() == 0);
}

TEST_CASE("the writer escapes JSON strings and replaces invalid UTF-8") {
    CHECK(json_quoted("plain") == "\"plain\"");
    CHECK(json_quoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(json_quoted("line\nnext\ttab") == "\"line\\nnext\\ttab\"");
    CHECK(json_quoted(std::string("nul\0x", 5)) == "\"nul\\u0000x\"");
    CHECK(json_quoted("caf\xC3\xA9 \xE2\x9C\x93") == "\"caf\xC3\xA9 \xE2\x9C\x93\"");
    CHECK(json_quoted("bad \xFF byte") == "\"bad \xEF\xBF\xBD byte\"");
    CHECK(json_quoted("cut \xE2\x9C") == "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST_CASE("the writer escapes XML text and drops characters XML cannot hold") {
    CHECK(xml_escaped("a < b && c > \"d\" 'e'") == "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;");
    CHECK(xml_escaped("bell\x07") == "bell\xEF\xBF\xBD");
    CHECK(xml_escaped("tab\tok") == "tab\tok");
}

TEST_CASE("the writer formats numbers without locale or rounding surprises") {
    std::string out;
    {
        Writer w(out);
        w.i64(-42);
        w.put(' ');
        w.u64(18446744073709551615ULL);
        w.put(' ');
        w.micros3(1234567);
        w.put(' ');
        w.micros3(5);
        w.put(' ');
        w.micros3(-1500);
        w.put(' ');
        w.fixed(12.5, 2);
        w.put(' ');
        w.fixed(3.0, 1);
        w.put(' ');
        w.fixed(-0.01, 1);
        w.put(' ');
        w.md_cell("a|b\nc\\");
    }
    CHECK(out == "-42 18446744073709551615 1234.567 0.005 -1.500 12.5 3 0 a\\|b c\\\\");
}

TEST_CASE("the writer streams more than its buffer to a string") {
    std::string out;
    {
        Writer w(out, 64);
        for (int i = 0; i < 1000; ++i) w.write("0123456789");
        w.write(std::string(5000, 'z'));
    }
    CHECK(out.size() == 15000);
    CHECK(out.substr(0, 10) == "0123456789");
    CHECK(out.back() == 'z');
}
