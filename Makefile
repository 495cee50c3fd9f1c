# Vigil - convenience wrapper around CMake/CTest.  `make help` lists targets.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
PREFIX     ?= /usr/local
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 30
CMAKE_FLAGS ?=

.PHONY: all build deps test test-asan build-types demo bench fuzz install clean help

all: build

help:
	@echo "make            build libvigil and the programs into $(BUILD)/"
	@echo "make test       build and run the whole test suite (installs missing deps)"
	@echo "make test-asan  the whole suite again under AddressSanitizer + UBSan"
	@echo "make build-types  build with -Werror as gcc Release, gcc MinSizeRel and clang Release"
	@echo "make demo       generate and check the SBOM of a small root filesystem, then scan an image for known and exploited vulnerabilities"
	@echo "make bench      run the benchmarks (prints ratios against peers)"
	@echo "make fuzz       run every libFuzzer harness for FUZZ_SECONDS (default 30)"
	@echo "make install    install into PREFIX (default /usr/local)"

deps:
	@scripts/install-deps.sh --check || scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	scripts/run-tests.sh $(BUILD)

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DVG_SANITIZE=ON $(CMAKE_FLAGS)

test-asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	scripts/run-tests.sh $(ASAN_BUILD)

build-types: deps
	scripts/build-types.sh build-types

demo: build
	scripts/demo.sh $(BUILD)

bench: build
	bench/run.sh $(BUILD)

$(FUZZ_BUILD)/CMakeCache.txt:
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DVG_FUZZ=ON -DVG_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo

fuzz: deps $(FUZZ_BUILD)/CMakeCache.txt
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Re-configure with PREFIX so that vigil.pc names the installed locations.
install: build
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) build-types
