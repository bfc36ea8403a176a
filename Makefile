# The front door. `make report` and `make test` are the Quickstart; each builds .venv if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test test-slow lint lab bench chromium screenshot clean

$(VENV): $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,dask]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

report: $(VENV)
	$(BIN)/python -m jinshui_analysis report-default --out reports

test: $(VENV)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q -n 2 -m "not slow"

test-slow: $(VENV)
	$(BIN)/python -m pytest -q -n 2 -m slow
	JINSHUI_THOROUGH=1 $(BIN)/python -m pytest -q tests/test_properties.py

lint: $(VENV)
	$(BIN)/ruff check src tests benchmarks

lab: $(VENV)
	$(BIN)/jupyter lab src/jinshui_analysis/reports/notebooks

bench: $(VENV)
	$(BIN)/python benchmarks/forecast_accuracy.py
	$(BIN)/python benchmarks/gdp_estimate.py
	$(BIN)/python benchmarks/read_table.py
	$(BIN)/python benchmarks/render.py
	$(BIN)/python benchmarks/seasonal.py
	$(BIN)/python benchmarks/hostile_text.py

# Headless Chromium and a CJK font for it (Debian packages) for looking at a rendered report;
# not needed by `make test`. (Charts embed their own font; the HTML text uses the viewer's fonts.)
chromium:
	@command -v chromium >/dev/null && fc-list | grep -qi "Noto Sans CJK" || \
	  (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk)

screenshot: chromium report
	$(BIN)/python -m jinshui_analysis screenshot reports/index.html --out reports/index.png --height 900
	$(BIN)/python -m jinshui_analysis screenshot "reports/monthly_report_金水区_2023-06_demo-True.html" \
	  --out reports/monthly_report.png --height 9400

clean:
	rm -rf $(VENV) reports/*/ reports/*.html
