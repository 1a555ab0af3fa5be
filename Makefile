# Quick start: `make run` serves the product on its defaults; `make test` runs every test.
# Both install the Debian packages they need when they are missing.

APT_PACKAGES := libwebsockets-dev libuv1-dev libsqlite3-dev libpq-dev libxlsxwriter-dev libqrencode-dev pkg-config strace postgresql nginx
BROWSER_APT_PACKAGES := chromium chromium-driver fonts-noto-cjk libreoffice-writer-nogui poppler-utils zbar-tools
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8080
DATA ?= data

.PHONY: deps browser-deps bench-deps build run test format format-check test-swift test-postgres test-browser bench-smoke clean crash-test fuzz install demo bench

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
	@$(PYTHON) -c "import selenium, pytest, openpyxl, websocket, docx, axe_core_python" 2>/dev/null || $(PYTHON) -m pip install -q selenium pytest openpyxl websocket-client python-docx axe-core-python

build: deps
	swift build

run: build
	.build/debug/survey serve --port $(PORT) --data $(DATA) --demo-roster 277 \
		--launch Surveys/annual-2022.yaml --launch Surveys/haocaiping-followup.yaml $(if $(PUBLIC_URL),--public-url $(PUBLIC_URL))

test: format-check test-swift test-postgres bench-smoke test-browser

# swift-format ships with the toolchain; its settings are in .swift-format.
format:
	swift format -i -r Sources Tests Package.swift

format-check:
	@swift format lint --strict -r Sources Tests Package.swift || { echo "Formatting differs: run make format"; exit 1; }

test-swift: build
	swift build --build-tests
	swift test

# The integration suite again on PostgreSQL: a throwaway cluster of Debian's postgresql on a loopback
# port, stopped by its PID afterwards. Tests of the SQLite file itself report themselves skipped here.
test-postgres: build
	swift build --build-tests
	Tests/Postgres/with-postgres.sh swift test --skip-build --filter SurveyIntegrationTests

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

# A live demo: the server with 277 demo supervisors and the annual questionnaire, the projector
# link to open, then simulated supervisors answering over a minute and a half (DEMO_THINK_MAX seconds). Ctrl-C ends it.
DEMO_DATA ?= demo-data
DEMO_THINK_MAX ?= 90
demo: build
	@rm -rf $(DEMO_DATA) && mkdir -p $(DEMO_DATA)
	@.build/debug/survey serve --port $(PORT) --data $(DEMO_DATA) --demo-roster 277 \
		--launch Surveys/annual-2022.yaml --launch Surveys/haocaiping-followup.yaml > $(DEMO_DATA)/server.log 2>&1 & \
	pid=$$!; trap 'kill $$pid 2>/dev/null; wait $$pid 2>/dev/null' EXIT INT TERM; \
	for i in $$(seq 1 100); do [ -f $(DEMO_DATA)/server.json ] && break; sleep 0.1; done; \
	[ -f $(DEMO_DATA)/server.json ] || { cat $(DEMO_DATA)/server.log; exit 1; }; \
	echo "大屏（投屏）请打开："; .build/debug/survey projector link --data $(DEMO_DATA) | tail -1 | sed 's/$$/\&s=annual-2022/'; \
	echo "监督员个人链接见 $(DEMO_DATA)/demo-links.csv；10 秒后模拟监督员开始作答…"; sleep 10; \
	.build/debug/survey simulate --data $(DEMO_DATA) --supervisors 277 --think-min 1 --think-max $(DEMO_THINK_MAX) --max-seconds 150; \
	.build/debug/survey status annual-2022 --data $(DEMO_DATA) | head -7; \
	echo "演示完成。服务器仍在运行，可继续查看大屏和整改清单（survey rectify list --data $(DEMO_DATA)）。按 Ctrl-C 结束。"; \
	wait $$pid

# The peers (Debian's libwebsockets-test-server, Python websockets) and the load tools.
bench-deps: deps
	$(call apt_install,libwebsockets-test-server util-linux)
	@$(PYTHON) -c "import websockets, websocket" 2>/dev/null || $(PYTHON) -m pip install -q websockets websocket-client

# Benchmarks (not tests): release build, server pinned to CPU 0 and load to CPU 1, medians of
# BENCH_RUNS runs; prints tables and writes artifacts/bench.json. See BENCHMARKS.md.
bench: bench-deps
	swift build -c release --product survey
	swift build -c release --product survey-loadgen
	Tests/Postgres/with-postgres.sh $(PYTHON) Tests/Bench/bench.py

# The bench never rots: every scenario once, small, on the debug build (a few seconds). It checks
# only that each scenario completes (every answer acked and stored, every push delivered), never a time.
bench-smoke: build bench-deps
	BENCH_SMOKE=1 Tests/Postgres/with-postgres.sh $(PYTHON) Tests/Bench/bench.py
