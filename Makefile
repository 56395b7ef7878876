# SPDX-License-Identifier: MIT
# The two commands of the README: `make demo` and `make test`. CMake does the build.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= 2
PKGS = build-essential cmake pkg-config clang libssl-dev libldns-dev libyaml-dev \
       libjansson-dev libcmocka-dev bind9 bind9-utils bind9-dnsutils iproute2 util-linux python3 unbound

.PHONY: all deps build test test-unit test-asan demo bench clean

all: build

# Installs what is missing (Debian 12, as root), nothing when everything is there.
deps:
	@missing=$$(for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@# a packaged named may have been started by the package install: signet runs its own
	@if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet named 2>/dev/null; then systemctl stop named; fi

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	@ln -sf $(BUILD)/signet signet 2>/dev/null || true

# Unit tests and system tests (real named/rndc/dig/delv in a private network
# namespace), then all of them again with everything built under ASan + UBSan
# (but the minutes-long rollover scenarios, label `rollover`, which exercise
# named's timers far more than signet's code, run once). Each rollover test
# has a network namespace of its own and mostly waits on TTLs: they run
# ROLL_JOBS at a time.
ROLL_JOBS ?= 4
test: deps build
	cd $(BUILD) && ctest --output-on-failure -j 1 -LE rollover
	cd $(BUILD) && ctest --output-on-failure -j $(ROLL_JOBS) -L rollover
	$(MAKE) test-asan

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -L unit

test-asan:
	CC=clang cmake -S . -B $(ASAN_BUILD) -DSGN_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j 1 -LE rollover

# Figures and ratios against the peer tools (ldns, named-checkzone).
bench: build
	cmake --build $(BUILD) --target bench -j $(JOBS)
	@for b in $(BUILD)/bench_*; do echo "== $$b"; $$b; done

demo: deps build
	./scripts/demo.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) signet
