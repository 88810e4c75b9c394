#!/usr/bin/env python3
"""Lists the functions in C++ sources whose bodies are longer than a limit.

Usage: function_size.py LIMIT FILE...
Prints `file:line: function NAME is N lines (limit LIMIT)` for each one and exits 1 if there
is any. N counts like clang-tidy's readability-function-size: the line of the closing brace
minus the line of the opening one.

The scan blanks out comments, string and character literals (raw strings too) and
preprocessor lines, then matches braces. A brace opens a function body when it is not inside
another function and what precedes it ends a parameter list: `)`, a qualifier after one
(`const`, `noexcept`, `override`, ...) or a trailing return type. Lambdas and blocks inside a
function count toward that function.
"""
import re
import sys

QUALIFIERS = {"const", "noexcept", "override", "final", "mutable", "volatile", "try"}


def blank(text):
    """The text with comments, literals and preprocessor lines replaced by spaces
    (newlines kept, so offsets and line numbers stay the same)."""
    out = list(text)
    i, n = 0, len(text)
    line_start = True

    def wipe(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if line_start and c == "#":
            j = i
            while j < n and not (text[j] == "\n" and text[j - 1] != "\\"):
                j += 1
            wipe(i, j)
            i = j
            continue
        if c == "\n":
            line_start = True
            i += 1
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            wipe(i, j)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            wipe(i, j)
            i = j
        elif c == "R" and i + 1 < n and text[i + 1] == '"' and not _ident_before(text, i, "uU8L"):
            m = re.compile(r'R"([^()\\ ]{0,16})\(').match(text, i)
            if not m:
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', m.end())
            j = n if end < 0 else end + len(m.group(1)) + 2
            wipe(i, j)
            i = j
        elif c == '"' or (c == "'" and not _digit_separator(text, i)):
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            wipe(i, min(j + 1, n))
            i = j + 1
        else:
            i += 1
    return "".join(out)


def _ident_before(text, i, prefixes):
    """True when text[i] continues an identifier (so `R"` is not a raw string's start)."""
    j = i - 1
    while j >= 0 and text[j] in prefixes:
        j -= 1
    return j >= 0 and (text[j].isalnum() or text[j] == "_")


def _digit_separator(text, i):
    """True when the quote at i is inside a number such as 200'000."""
    j = i - 1
    while j >= 0 and (text[j].isalnum() or text[j] in "'."):
        j -= 1
    return i > 0 and text[i - 1].isalnum() and text[j + 1].isdigit()


def opens_function(header):
    """Whether a brace after `header` (the code since the previous `;`, `{` or `}`) opens a
    function body."""
    h = header.rstrip()
    if re.search(r"\b(namespace|class|struct|union|enum)\b[^()]*$", h) or h.endswith("="):
        return False
    while True:
        m = re.search(r"\b(\w+)$", h)
        if m and m.group(1) in QUALIFIERS:
            h = h[: m.start()].rstrip()
            continue
        if h.endswith(")"):
            # noexcept(...) or a parameter list: either way a parameter list is before.
            return "(" in h
        break
    # a trailing return type: `auto f(int x) -> std::string {`
    return re.search(r"\)\s*(\w+\s*)*->\s*[\w:<>,\s*&]+$", h) is not None


def function_name(header):
    """The name before the parameter list, for the report."""
    h = re.sub(r"\s+", " ", header)
    depth, k = 0, None
    for idx, ch in enumerate(h):
        if ch == "(":
            if depth == 0 and k is None:
                k = idx
            depth += 1
        elif ch == ")":
            depth -= 1
    if k is None:
        return "?"
    m = re.search(r"([\w:~]+(?:operator\s*\S+)?)\s*$", h[:k])
    return m.group(1) if m else "(lambda)"


def functions(text):
    """(name, first line, lines) of every function body at namespace or class scope."""
    code = blank(text)
    stack = []  # per open brace: "fn", "in" (inside a function), "init" or "scope"
    header_start = 0
    found = []
    line = 1
    for i, c in enumerate(code):
        if c == "\n":
            line += 1
        elif c == "{":
            inside = any(kind in ("fn", "in") for kind, _, _, _ in stack)
            header = code[header_start:i]
            if inside:
                stack.append(("in", line, "", i))
            elif opens_function(header):
                stack.append(("fn", line, function_name(header), i))
            elif "(" in header and re.search(r"[\w>]\s*$", header):
                # a member's brace initializer in a constructor's list: `: x_{1}, y_(2) {`
                stack.append(("init", line, "", i))
                continue
            else:
                stack.append(("scope", line, "", i))
            header_start = i + 1
        elif c == "}":
            kind, first, name, _ = stack.pop() if stack else ("scope", line, "", i)
            if kind == "fn":
                found.append((name, first, line - first))
            if kind != "init":
                header_start = i + 1
        elif c == ";":
            header_start = i + 1
    return found


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    limit = int(argv[0])
    over = 0
    count = 0
    for path in argv[1:]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for name, first, lines in functions(text):
            count += 1
            if lines > limit:
                print(f"{path}:{first}: function {name} is {lines} lines (limit {limit})")
                over += 1
    if over:
        print(f"FAIL: {over} of {count} functions are longer than {limit} lines")
        return 1
    print(f"function_size: all {count} functions in {len(argv) - 1} files are at most {limit} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
