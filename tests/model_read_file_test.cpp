#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/model/read_file.hpp"
#include "tests/temp_dir.hpp"

using namespace ps;
using ps::testing::TempDir;
namespace fs = std::filesystem;

namespace {

void put(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("a regular file within the limit is read whole") {
    TempDir dir("pollscope-read");
    put(dir.file("a.json"), "{\"x\": 1}");
    FileRead r = read_regular_file(dir.file("a.json"), 8);
    REQUIRE(r.ok());
    CHECK(r.text == "{\"x\": 1}");
    CHECK(r.size == 8);
}

TEST_CASE("a regular file over the limit is refused with its size, unread") {
    TempDir dir("pollscope-read");
    put(dir.file("a.json"), "123456789");
    FileRead r = read_regular_file(dir.file("a.json"), 8);
    CHECK(r.status == FileRead::Status::too_large);
    CHECK(r.size == 9);
    CHECK(r.text.empty());
}

TEST_CASE("a missing file cannot be opened, with the system's errno") {
    FileRead r = read_regular_file("/nonexistent/a.json", 100);
    CHECK(r.status == FileRead::Status::cannot_open);
    CHECK(r.error == ENOENT);
}

TEST_CASE("a FIFO with no writer is refused at once instead of waiting for one") {
    TempDir dir("pollscope-read");
    std::string p = dir.file("pipe");
    REQUIRE(::mkfifo(p.c_str(), 0600) == 0);
    FileRead r = read_regular_file(p, 100);  // a blocking open would hang here
    CHECK(r.status == FileRead::Status::not_regular);
    CHECK(std::string(r.kind()) == "a FIFO");
}

TEST_CASE("a FIFO with a writer is refused without reading from it") {
    TempDir dir("pollscope-read");
    std::string p = dir.file("pipe");
    REQUIRE(::mkfifo(p.c_str(), 0600) == 0);
    int writer = ::open(p.c_str(), O_RDWR | O_NONBLOCK);  // keeps the FIFO open for writing
    REQUIRE(writer >= 0);
    REQUIRE(::write(writer, "{}", 2) == 2);
    FileRead r = read_regular_file(p, 100);
    CHECK(r.status == FileRead::Status::not_regular);
    char buf[4] = {};
    CHECK(::read(writer, buf, sizeof buf) == 2);  // what was written is still in the pipe
    ::close(writer);
}

TEST_CASE("a directory is refused as a directory") {
    TempDir dir("pollscope-read");
    FileRead r = read_regular_file(dir.path.string(), 100);
    CHECK(r.status == FileRead::Status::not_regular);
    CHECK(std::string(r.kind()) == "a directory");
}

TEST_CASE("a character device is refused before a byte is read") {
    if (::geteuid() != 0) {
        WARN("skipped: making a device node needs root");
        return;
    }
    TempDir dir("pollscope-read");
    std::string p = dir.file("zero");  // our own node for /dev/zero, endless if read
    if (::mknod(p.c_str(), S_IFCHR | 0666, makedev(1, 5)) != 0) {
        WARN("skipped: mknod is not allowed here");
        return;
    }
    FileRead r = read_regular_file(p, 1 << 20);
    CHECK(r.status == FileRead::Status::not_regular);
    CHECK(std::string(r.kind()) == "a character device");
    CHECK(r.text.empty());
}

TEST_CASE("the head of a file is its first bytes, however long the file") {
    TempDir dir("pollscope-read");
    put(dir.file("long.txt"), std::string(10000, 'a') + "b");
    FileRead r = read_regular_file_head(dir.file("long.txt"), 16);
    REQUIRE(r.ok());
    CHECK(r.text == std::string(16, 'a'));
    FileRead missing = read_regular_file_head("/nonexistent", 16);
    CHECK(missing.status == FileRead::Status::cannot_open);
}
