# The two commands a newcomer needs: `make run` and `make test`. Everything else is set up by them.
PORT ?= 5000
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
APP_STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test
PO := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The app starts without production settings (SECRET_KEY, REDIS_URL, an SMS gateway) only in
# demo mode, which is what these local commands are.
DEMO := DEMO_MODE=1

.PHONY: run test install translations migrate demo-data chromium nginx speech lint format extract bench bench-http

run: $(APP_STAMP) translations migrate demo-data speech
	$(DEMO) $(FLASK) run --host 127.0.0.1 --port $(PORT)

# One pytest worker per core; worksteal shares out the long browser tests evenly.
test: $(TEST_STAMP) translations chromium nginx speech
	$(VENV)/bin/pytest -n auto --dist worksteal

install: $(APP_STAMP)

$(PY):
	python3 -m venv $(VENV)

$(APP_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(APP_STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

translations: $(MO)

%.mo: %.po $(APP_STAMP)
	$(VENV)/bin/pybabel compile -i $< -o $@

migrate: $(APP_STAMP)
	$(DEMO) $(FLASK) db upgrade

demo-data: $(APP_STAMP) migrate
	$(DEMO) $(FLASK) demo-data

# Browser tests drive Debian's Chromium (Playwright never downloads browsers here), with fonts
# for Uyghur and for Chinese (without fonts-noto-cjk, Chinese shows as boxes in screenshots).
# Only what is missing is installed.
BROWSER_PACKAGES := chromium fonts-noto-core fonts-noto-cjk
chromium:
	@missing=$$(for package in $(BROWSER_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' || echo $$package; \
	done); \
	[ -z "$$missing" ] || { \
		$(SUDO) apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; }

# The deployment test (tests/deployment/) runs Debian's nginx with the site in deploy/nginx/,
# brotli included, as an ordinary process in front of two gunicorn servers; it needs
# PostgreSQL and Redis on 127.0.0.1 (or DATABASE_URL's server). Only what is missing is
# installed (on a machine with systemd, Debian also starts its own nginx on port 80: unused here).
NGINX_PACKAGES := nginx libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static
nginx:
	@missing=$$(for package in $(NGINX_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' || echo $$package; \
	done); \
	[ -z "$$missing" ] || { \
		$(SUDO) apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; }

# Questions read aloud in Uyghur (app/listen/): espeak-ng speaks, lame makes it a small MP3.
speech:
	@command -v espeak-ng >/dev/null 2>&1 && command -v lame >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q espeak-ng lame; }

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/vulture

format: $(TEST_STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# After changing user-visible text: refresh the template and both catalogues, then translate.
extract: $(APP_STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k in_default_language --no-location --sort-output \
		--project=changji-services -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

bench: $(TEST_STAMP) translations chromium speech bench-http
	$(PY) tests/benchmarks/page_weight.py
	$(PY) tests/benchmarks/offline.py
	$(PY) tests/benchmarks/casework.py
	$(PY) tests/benchmarks/recordings.py

# Pages a second under gunicorn, as ratios to Flask's hello world in the same run (wrk from Debian).
bench-http: $(APP_STAMP) translations
	@command -v wrk >/dev/null 2>&1 || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk
	$(PY) tests/benchmarks/pages_per_second.py
