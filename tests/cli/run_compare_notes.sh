#!/usr/bin/env bash
# run --notes, --compare and --compare-seed, as a user types them.
set -u
bin=$1
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }

out=$("$bin" run scenarios/02-sleep.json --notes)
check "--notes prints the notes under their steps" \
  'grep -q "^    note: The sleep clones the Context" <<<"$out"'
check "--notes keeps the narrated lines" 'grep -q "^t=0.000ms step 4: waker #0" <<<"$out"'

out=$("$bin" run scenarios/20-tokio-deferred-yield.json --compare fifo); rc=$?
check "--compare exits 0" '[ $rc -eq 0 ]'
check "--compare names both runs" 'grep -q "^A: tokio-current-thread (seed 1)" <<<"$out" && grep -q "^B: fifo (seed 1)" <<<"$out"'
check "--compare finds the first divergence" \
  'grep -q "The runs agree on the first 3 task polls, then diverge at task poll #4:" <<<"$out"'
check "--compare shows both sides" \
  'grep -q "A:    t=0.030ms step 26: consumer polled, returned Ready" <<<"$out" && grep -q "B:    t=0.030ms step 25: yielder polled, returned Ready" <<<"$out"'

out=$("$bin" run scenarios/02-sleep.json --compare tokio-current-thread)
check "identical orders are reported as such" 'grep -q "^Same order:" <<<"$out"'

out=$("$bin" run scenarios/02-sleep.json --compare nope 2>&1); rc=$?
check "an unknown policy for --compare is refused" '[ $rc -eq 1 ] && grep -q "unknown policy .nope." <<<"$out"'

out=$("$bin" run scenarios/21-multi-thread-lifo.json --compare-seed 2); rc=$?
check "--compare-seed runs" '[ $rc -eq 0 ] && grep -q "^B: tokio-multi-thread (seed 2)" <<<"$out"'

[ $fail -eq 0 ] && echo "run_compare_notes: all checks passed"
exit $fail
