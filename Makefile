# Quick start: `make run` serves the product on its defaults; `make test` runs every test.
# Both install the Debian packages they need when they are missing.

APT_PACKAGES := libwebsockets-dev libsqlite3-dev libxlsxwriter-dev pkg-config
BROWSER_APT_PACKAGES := chromium chromium-driver fonts-noto-cjk
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8080
DATA ?= data

.PHONY: deps browser-deps build run test test-swift test-browser clean crash-test fuzz install

# Installs those of the Debian packages given as $(1) that are missing.
define apt_install
	@missing=""; \
	for package in $(1); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))

browser-deps:
	$(call apt_install,$(BROWSER_APT_PACKAGES))
	@$(PYTHON) -c "import selenium, pytest, openpyxl, websocket" 2>/dev/null || $(PYTHON) -m pip install -q selenium pytest openpyxl websocket-client

build: deps
	swift build

run: build
	.build/debug/survey serve --port $(PORT) --data $(DATA) --demo-roster 277 \
		--launch Surveys/annual-2022.yaml --launch Surveys/haocaiping-followup.yaml

test: test-swift test-browser

test-swift: build
	swift build --build-tests
	swift test

test-browser: build browser-deps
	$(PYTHON) -m pytest -q Tests/Python

clean:
	rm -rf .build

# Hardening: the long crash-durability run (25 rounds of kill -9 under load).
crash-test: build
	swift build --build-tests
	CRASH_ROUNDS=25 swift test --skip-build --filter CrashDurabilityTests

# Fuzzing: libFuzzer with AddressSanitizer over every decoder of untrusted bytes, for FUZZ_SECONDS.
# Crashes land in fuzz-crashes/; copy each into Tests/FuzzCorpus/ so the test suite replays it.
FUZZ_SECONDS ?= 60
fuzz: deps
	swift build --scratch-path .build-fuzz --product survey-fuzz -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address
	mkdir -p .fuzz-corpus fuzz-crashes
	cp Tests/FuzzCorpus/* .fuzz-corpus/
	.build-fuzz/debug/survey-fuzz .fuzz-corpus -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
		-artifact_prefix=fuzz-crashes/ -print_final_stats=1

# Operations: a release build installed under PREFIX, with the pages and survey files beside it.
PREFIX ?= /usr/local
install: deps
	swift build -c release --product survey
	install -D -m 0755 .build/release/survey $(DESTDIR)$(PREFIX)/bin/survey
	install -d $(DESTDIR)$(PREFIX)/share/survey
	cp -r Web Surveys $(DESTDIR)$(PREFIX)/share/survey/
	@echo "Installed $(PREFIX)/bin/survey; pages and surveys in $(PREFIX)/share/survey (see docs/survey.service)."
