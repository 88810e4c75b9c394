# The README's commands. Everything else is CMake (see CMakePresets.json).
#   make run    install what is missing, build, open the GUI on the first lesson
#   make test   install what is missing, build, run every test
#   make build  leaves the program at build/pollscope

BUILD   ?= build
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
LESSON  ?= scenarios/01-ready.json

# Debian 12 packages the build and the tests need.
PACKAGES := g++ make cmake pkg-config ca-certificates \
            libimgui-dev libglfw3-dev python3-glad nlohmann-json3-dev catch2 libstb-dev \
            libgl-dev xvfb xauth fonts-inter fonts-jetbrains-mono fonts-dejavu-core \
            libxml2-utils libbenchmark-dev \
            cargo rustc librust-tokio-dev librust-tokio-macros-dev librust-serde-json-dev \
            librust-futures-dev

.PHONY: all deps configure build run test clean sanitize fuzz

all: build

deps:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing || exit 1; \
	  else \
	    echo "pollscope needs these Debian packages. Install them with:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

configure: deps
	@if [ ! -f $(BUILD)/CMakeCache.txt ]; then cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo; fi

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@if [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ]; then \
	  ./$(BUILD)/pollscope gui $(LESSON); \
	else \
	  echo "No display found: running the first lesson on the command line instead."; \
	  echo "(Start pollscope in a desktop session, or try: xvfb-run -a $(BUILD)/pollscope gui $(LESSON) --screenshot out.png)"; \
	  ./$(BUILD)/pollscope run $(LESSON); \
	fi

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The suite under AddressSanitizer + UndefinedBehaviorSanitizer (leaks from the system's GL and
# X libraries are suppressed in tests/lsan.supp; our own are not). Two slow tests that add no
# sanitizer coverage of their own are left to `make test`: the screenshots of every lesson
# (the GUI still runs under the sanitizers in gui.stepping and gui.open_errors) and the
# differential test against tokio (the engine paths it drives run in the golden tests).
sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPOLLSCOPE_SANITIZE=ON -DPOLLSCOPE_BENCH=OFF
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) \
	  -E 'gui\.screenshots|cli\.differential'

# libFuzzer on the scenario loader for FUZZ_SECONDS (needs clang; installed when missing).
FUZZ_SECONDS ?= 60
fuzz: deps
	@dpkg-query -W -f='$${Status}\n' clang 2>/dev/null | grep -q '^install ok installed' || \
	  { if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang; \
	    else echo "the fuzzer needs clang: sudo apt-get install -y clang"; exit 1; fi; }
	bash tests/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) build-asan build-fuzz
