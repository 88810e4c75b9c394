// Reading a whole input file that may be anything: a scenario or a saved trace named by the
// user. Shared by engine/load/ and engine/export/ (this is the one layer below both).
//
// `read_regular_file` never blocks and never reads much more than asked:
//   - it opens with O_NONBLOCK, so a FIFO with no writer does not hang in open();
//   - it refuses anything fstat does not call a regular file (FIFO, device, socket,
//     directory) before reading a byte, so neither a FIFO with a writer nor /dev/zero is read;
//   - it refuses a file whose fstat size is over the limit before reading, and reads at most
//     limit + 1 bytes in any case (the file may grow while it is read).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace ps {

// A file type, from a stat mode, as a phrase: "a FIFO", "a character device", "a directory", ...
// ("a regular file" for a regular file).
const char* file_kind_name(unsigned mode);

struct FileRead {
    enum class Status { ok, cannot_open, not_regular, too_large, read_error };
    Status status = Status::ok;
    std::string text;        // the whole file when ok
    int error = 0;           // errno, for cannot_open and read_error
    unsigned mode = 0;       // the stat mode, once the file is open
    std::uint64_t size = 0;  // fstat's size; for too_large, 0 if the file grew past the limit while read

    bool ok() const { return status == Status::ok; }
    const char* kind() const { return file_kind_name(mode); }  // for not_regular
};

// Reads `path` whole if it is a regular file of at most `max_bytes` bytes.
FileRead read_regular_file(const std::string& path, std::uint64_t max_bytes);

// The first `bytes` bytes of `path` (fewer if the file is shorter), if it is a regular file:
// to sniff what a file is without reading all of it. Never too_large.
FileRead read_regular_file_head(const std::string& path, std::size_t bytes);

}  // namespace ps
