#!/usr/bin/env python3
"""Checks that PNG screenshots are real pictures, with nothing but the standard library.

Usage: png_check.py FILE.png [WIDTH HEIGHT]
Prints "WxH, N colours" and exits 1 if the file is not a PNG, has the wrong size, or has
fewer than 16 distinct colours (a blank or single-colour frame).
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        raise ValueError("no IHDR chunk")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError("unexpected PNG format (depth %d, colour type %d)" % (depth, colour))
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        ftype = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def main():
    if len(sys.argv) not in (2, 4):
        print(__doc__)
        return 2
    try:
        width, height, bpp, rows = read_png(sys.argv[1])
    except (OSError, ValueError, zlib.error, struct.error) as e:
        print("%s: %s" % (sys.argv[1], e))
        return 1
    colours = set()
    for line in rows[::3]:
        for x in range(0, len(line), bpp * 3):
            colours.add(bytes(line[x:x + 3]))
    print("%dx%d, %d colours" % (width, height, len(colours)))
    if len(sys.argv) == 4 and (width, height) != (int(sys.argv[2]), int(sys.argv[3])):
        print("%s: expected %sx%s" % (sys.argv[1], sys.argv[2], sys.argv[3]))
        return 1
    if len(colours) < 16:
        print("%s: looks blank (%d colours)" % (sys.argv[1], len(colours)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
