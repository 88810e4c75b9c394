#!/usr/bin/env python3
"""Checks that PNG screenshots are real pictures, with nothing but the standard library.

Decoding uses ImageMagick's `convert FILE ppm:-` when it is there (fast), else a pure-Python
PNG decoder (zlib + the five row filters; a second or two per 1600x900 frame).

Usage: png_check.py FILE.png [WIDTH HEIGHT]
Prints "WxH, N colours" and exits 1 if the file is not a PNG, has the wrong size, or has
fewer than 16 distinct colours (a blank or single-colour frame).
"""
import shutil
import struct
import subprocess
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


def read_with_convert(path):
    """(width, height, 3, rows) via ImageMagick, or None when it is not available."""
    if not shutil.which("convert"):
        return None
    try:
        out = subprocess.run(["convert", path, "ppm:-"], capture_output=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    # P6 header: magic, width, height, maxval, each separated by whitespace.
    fields, pos = [], 0
    while len(fields) < 4 and pos < len(out):
        while pos < len(out) and out[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while pos < len(out) and not out[pos:pos + 1].isspace():
            pos += 1
        fields.append(out[start:pos])
    if len(fields) < 4 or fields[0] != b"P6" or fields[3] != b"255":
        return None
    width, height = int(fields[1]), int(fields[2])
    data = out[pos + 1:]
    if len(data) < width * height * 3:
        return None
    stride = width * 3
    return width, height, 3, [data[y * stride:(y + 1) * stride] for y in range(height)]


def main():
    if len(sys.argv) not in (2, 4):
        print(__doc__)
        return 2
    try:
        with open(sys.argv[1], "rb") as f:
            if f.read(8) != b"\x89PNG\r\n\x1a\n":
                raise ValueError("not a PNG file")
        decoded = read_with_convert(sys.argv[1])
        width, height, bpp, rows = decoded if decoded else read_png(sys.argv[1])
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
