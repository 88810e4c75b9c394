#include "engine/model/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

namespace ps {

const char* file_kind_name(unsigned mode) {
    struct Kind {
        unsigned type;
        const char* name;
    };
    static constexpr Kind kKinds[] = {
        {S_IFREG, "a regular file"},  {S_IFDIR, "a directory"}, {S_IFCHR, "a character device"},
        {S_IFBLK, "a block device"},  {S_IFIFO, "a FIFO"},      {S_IFSOCK, "a socket"},
        {S_IFLNK, "a symbolic link"},
    };
    for (const Kind& k : kKinds)
        if ((mode & S_IFMT) == k.type) return k.name;
    return "an unknown kind of file";
}

namespace {

// Reads at most `cap` bytes of `fd` into `r.text` (starting with room for fstat's size + 1, so
// a regular file is read in one go); read_error on failure.
void read_at_most(int fd, std::uint64_t cap, FileRead& r) {
    std::uint64_t first = std::min(cap, std::max<std::uint64_t>(r.size + 1, 4096));
    r.text.resize(static_cast<std::size_t>(first));
    std::size_t len = 0;
    while (len < cap) {
        if (len == r.text.size()) {
            std::uint64_t grown = std::uint64_t{r.text.size()} * 2;
            r.text.resize(static_cast<std::size_t>(grown < cap ? grown : cap));
        }
        ssize_t got = ::read(fd, r.text.data() + len, r.text.size() - len);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            r.status = FileRead::Status::read_error;
            r.error = errno;
            r.text.clear();
            return;
        }
        if (got == 0) break;
        len += static_cast<std::size_t>(got);
    }
    r.text.resize(len);
}

// Opens `path` without blocking and checks that it is a regular file: the descriptor, in
// blocking mode again, or -1 with `r` saying why not.
int open_regular(const std::string& path, FileRead& r) {
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        r.status = FileRead::Status::cannot_open;
        r.error = errno;
        return -1;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        r.status = FileRead::Status::read_error;
        r.error = errno;
    } else if (r.mode = st.st_mode; !S_ISREG(st.st_mode)) {
        r.status = FileRead::Status::not_regular;
    } else {
        r.size = static_cast<std::uint64_t>(st.st_size);
        int flags = ::fcntl(fd, F_GETFL);
        if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        return fd;
    }
    ::close(fd);
    return -1;
}

}  // namespace

FileRead read_regular_file(const std::string& path, std::uint64_t max_bytes) {
    FileRead r;
    int fd = open_regular(path, r);
    if (fd < 0) return r;
    if (r.size > max_bytes) {
        r.status = FileRead::Status::too_large;
    } else {
        read_at_most(fd, max_bytes < UINT64_MAX ? max_bytes + 1 : max_bytes, r);
        if (r.ok() && r.text.size() > max_bytes) {  // it grew while we read it
            r.status = FileRead::Status::too_large;
            r.size = 0;
            r.text.clear();
        }
    }
    ::close(fd);
    return r;
}

FileRead read_regular_file_head(const std::string& path, std::size_t bytes) {
    FileRead r;
    int fd = open_regular(path, r);
    if (fd < 0) return r;
    read_at_most(fd, bytes, r);
    ::close(fd);
    return r;
}

}  // namespace ps
