# Quick start: `make run` serves the product on its defaults; `make test` runs every test.
# Both install the Debian packages they need when they are missing.

APT_PACKAGES := libwebsockets-dev libsqlite3-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8080
DATA ?= data

.PHONY: deps build run test clean

deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build

run: build
	.build/debug/survey serve --port $(PORT) --data $(DATA) --demo-roster 277 \
		--launch Surveys/annual-2022.yaml --launch Surveys/haocaiping-followup.yaml

test: build
	swift build --build-tests
	swift test

clean:
	rm -rf .build
