#!/usr/bin/env bash
# Includes in engine/ go one way, down the layers (engine/README.md):
#   engine/model    includes nothing of the engine
#   engine/load     engine/model
#   engine/rust     engine/model, engine/load (the Rust front end: lexer, parser, syntax tree)
#   engine/trace    engine/model, and engine/runtime/task.hpp (the task state machine) only
#   engine/runtime  engine/model, engine/trace, engine/rust (runtime/futures is part of runtime)
#   engine/export   engine/model, engine/trace
# Every folder may include its own files. Nothing in engine/ includes app/, GL, GLFW, glad or
# ImGui. Prints each offending file:line with the rule it breaks and fails if there is one.
#
# Usage (from anywhere): bash tests/include_direction.sh [ROOT]   (default: this checkout)
set -u
root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$root" || exit 2

# rule LAYER: the folders (and single files) of engine/ that LAYER may include, besides itself.
allowed() {
    case $1 in
        model) echo "" ;;
        load) echo "model" ;;
        rust) echo "model load" ;;
        trace) echo "model runtime/task.hpp" ;;
        runtime) echo "model trace rust" ;;
        export) echo "model trace" ;;
        *) return 1 ;;
    esac
}

# layer PATH: the first folder under engine/ (engine/runtime/futures/time.cpp -> runtime).
layer() { local p=${1#engine/}; [ "$p" != "${p%%/*}" ] && echo "${p%%/*}"; }

# may_include LAYER TARGET_UNDER_ENGINE: whether the rule lets LAYER include TARGET.
may_include() {
    local from=$1 target=$2 ok
    [ "$(layer "engine/$target")" = "$from" ] && return 0
    for ok in $(allowed "$from"); do
        case $ok in
            *.hpp) [ "$target" = "$ok" ] && return 0 ;;
            *) [ "$(layer "engine/$target")" = "$ok" ] && return 0 ;;
        esac
    done
    return 1
}

rule_text() {
    local list
    list=$(allowed "$1" | sed -E 's#([^ ]+)#engine/\1#g; s# #, #g')
    echo "engine/$1 may include its own files${list:+ and $list}"
}

files=$(find engine -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.h' \) | LC_ALL=C sort)
[ -n "$files" ] || { echo "FAIL: no sources found under $root/engine"; exit 1; }

failures=0
checked=0
report() {   # report FILE:LINE WHAT RULE
    echo "$1: $2"
    echo "    rule: $3"
    failures=$((failures + 1))
}

for file in $files; do
    from=$(layer "$file")
    if [ -z "$from" ] || ! allowed "$from" >/dev/null; then
        report "$file:1" "is in no layer folder" "engine/ sources live in model/, load/, rust/, trace/, runtime/ or export/"
        continue
    fi
    while IFS=: read -r line text; do
        target=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]*)[>"].*/\1/' <<<"$text")
        checked=$((checked + 1))
        case $target in
            GL/* | GLFW/* | glad/* | OpenGL/* | imgui* | */imgui* | backends/imgui*)
                report "$file:$line" "includes <$target>" "nothing in engine/ includes GL, GLFW, glad or ImGui"
                continue ;;
            app/*)
                report "$file:$line" "includes $target" "nothing in engine/ includes app/"
                continue ;;
        esac
        # A quoted include not written from the project root is read relative to the file.
        if [[ $target != engine/* && $text == *\"* && -f "$(dirname "$file")/$target" ]]; then
            target=$(realpath --relative-to=. "$(dirname "$file")/$target")
        fi
        [[ $target == engine/* ]] || continue
        if ! may_include "$from" "${target#engine/}"; then
            report "$file:$line" "includes $target" "$(rule_text "$from")"
        fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$file")
done

if [ "$failures" -gt 0 ]; then
    echo "FAIL: $failures include(s) go the wrong way ($checked includes read)"
    exit 1
fi
echo "include_direction: $checked includes in $(wc -w <<<"$files") files go the right way"
