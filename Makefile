# The README's commands. Everything else is CMake (see CMakePresets.json).
#   make run    install what running needs, build the program, open the GUI on the first lesson
#   make test   install what testing needs too, build everything, run every test
#   make build  leaves the program at build/pollscope
# WERROR=ON turns compiler warnings into errors (.ci/run passes it).

BUILD   ?= build
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
LESSON  ?= scenarios/01-ready.json
WERROR  ?= OFF

# Debian 12 packages. Running needs the compiler, CMake, the GUI libraries and the fonts.
RUN_PACKAGES := g++ make cmake pkg-config ca-certificates \
                libimgui-dev libglfw3-dev python3-glad nlohmann-json3-dev libstb-dev libgl-dev \
                fonts-inter fonts-jetbrains-mono fonts-dejavu-core
# Testing needs these as well: Catch2 (unit tests), Xvfb (GUI tests), xmllint (SVG exports),
# python3 (notes goldens, PNG checks, the source checks), clang-format 14 (the format check),
# Google Benchmark (the benchmarks are built with the tests) and Debian's Rust toolchain and
# crates (the differential test vs tokio).
TEST_PACKAGES := $(RUN_PACKAGES) \
                 catch2 xvfb xauth xdotool libxml2-utils python3 clang-format-14 libbenchmark-dev \
                 cargo rustc librust-tokio-dev librust-tokio-macros-dev librust-serde-json-dev \
                 librust-futures-dev librust-tokio-stream-dev

# The web build (make web; web/README.md): emscripten, the headers and fonts the page ships, and
# Chromium for its test (make test-web). Dear ImGui's sources come from Debian's source package
# (an .orig.tar.xz: xz-utils unpacks it; a minimal Debian has no xz).
WEB_PACKAGES := emscripten cmake make ca-certificates nlohmann-json3-dev libstb-dev xz-utils \
                fonts-inter fonts-jetbrains-mono
WEB_TEST_PACKAGES := $(WEB_PACKAGES) chromium python3
WEB_OUT  ?= build-web
WEB_WORK ?= build-web-work

.PHONY: all deps deps-run deps-test build run test clean sanitize fuzz web test-web

all: build

# $(call install,PACKAGES): installs the missing ones when root, else prints the sudo line.
define install
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing || exit 1; \
	  else \
	    echo "pollscope needs these Debian packages. Install them with:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi
endef

deps-run:
	$(call install,$(RUN_PACKAGES))

deps-test:
	$(call install,$(TEST_PACKAGES))

deps: deps-test

# $(call configure,TESTS): creates $(BUILD) the first time (with the tests ON or OFF); later
# runs CMake again only when WERROR changed or the tests are wanted but were left out.
define configure
	@if [ ! -f $(BUILD)/CMakeCache.txt ]; then \
	  cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPOLLSCOPE_TESTS=$(1) -DPOLLSCOPE_WERROR=$(WERROR); \
	elif ! grep -q '^POLLSCOPE_WERROR:BOOL=$(WERROR)$$' $(BUILD)/CMakeCache.txt || \
	     { [ "$(1)" = ON ] && ! grep -q '^POLLSCOPE_TESTS:BOOL=ON$$' $(BUILD)/CMakeCache.txt; }; then \
	  cmake -S . -B $(BUILD) -DPOLLSCOPE_WERROR=$(WERROR) $(if $(filter ON,$(1)),-DPOLLSCOPE_TESTS=ON); \
	fi
endef

build: deps-run
	$(call configure,OFF)
	cmake --build $(BUILD) -j $(JOBS) --target pollscope

run: build
	@if [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ]; then \
	  ./$(BUILD)/pollscope gui $(LESSON); \
	else \
	  echo "No display found: running the first lesson on the command line instead."; \
	  echo "(Start pollscope in a desktop session, or try: xvfb-run -a $(BUILD)/pollscope gui $(LESSON) --screenshot out.png)"; \
	  ./$(BUILD)/pollscope run $(LESSON); \
	fi

test: deps-test
	$(call configure,ON)
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The suite under AddressSanitizer + UndefinedBehaviorSanitizer (leaks from the system's GL and
# X libraries are suppressed in tests/lsan.supp; our own are not). Two slow tests that add no
# sanitizer coverage of their own are left to `make test`: the screenshots of every lesson
# (the GUI still runs under the sanitizers in gui.stepping and gui.open_errors) and the
# differential test against tokio (the engine paths it drives run in the golden tests).
sanitize: deps-test
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPOLLSCOPE_SANITIZE=ON -DPOLLSCOPE_BENCH=OFF
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) \
	  -LE differential -E 'gui\.screenshots'

# libFuzzer on the scenario loader, the trace loader and the Rust front end, each for FUZZ_SECONDS (needs clang;
# installed when missing). tests/fuzz/README.md has the details.
FUZZ_SECONDS ?= 60
fuzz: deps-run
	$(call install,clang)
	bash tests/fuzz/run.sh $(FUZZ_SECONDS)

# The web build: static files in $(WEB_OUT) (serve them with any static server). Its CMake tree
# and the unpacked ImGui sources stay in $(WEB_WORK). Optimised links need Debian's acorn.
web:
	$(call install,$(WEB_PACKAGES))
	bash web/fetch_imgui.sh $(WEB_WORK)
	@if [ ! -f $(WEB_WORK)/cmake/CMakeCache.txt ]; then \
	  emcmake cmake -S web -B $(WEB_WORK)/cmake -DCMAKE_BUILD_TYPE=Release \
	    -DIMGUI_DIR=$(CURDIR)/$(WEB_WORK)/imgui-1.86 -DWEB_OUT=$(CURDIR)/$(WEB_OUT); \
	fi
	NODE_PATH=/usr/share/nodejs cmake --build $(WEB_WORK)/cmake -j 2

# The page in headless Chromium (tests/web/): a lesson at a step, keys, screenshots.
# Runs as the ctest label `web` in $(BUILD) (configured with the test registered).
test-web: web deps-run
	$(call install,$(WEB_TEST_PACKAGES))
	$(call configure,OFF)
	@grep -q '^POLLSCOPE_WEB_TESTS:BOOL=ON$$' $(BUILD)/CMakeCache.txt || \
	  cmake -S . -B $(BUILD) -DPOLLSCOPE_WEB_TESTS=ON -DPOLLSCOPE_WEB_SITE=$(CURDIR)/$(WEB_OUT)
	cd $(BUILD) && ctest -L web --output-on-failure

clean:
	rm -rf $(BUILD) build-asan build-fuzz $(WEB_OUT) $(WEB_WORK)
