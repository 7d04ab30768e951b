#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine (only the .NET 10 SDK and Node.js 20
# are assumed): installs the pinned Azurite and playwright-core, Debian's chromium and poppler-utils when missing,
# builds the solution, runs all test projects (the portal's browser screenshots land in
# TestResults/portal, the documents' page images in TestResults/documents) and ends with one line "N passed, N failed". `--fast` leaves out the tests
# marked [Trait("Speed", "Slow")] (real-time cycles, processes, the browser, the fault tests).
# Extra arguments go to `dotnet test`.
set -uo pipefail

filter=()
if [[ "${1:-}" == "--fast" ]]; then
  shift
  filter=(--filter "Speed!=Slow")
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/TestResults"

# npm ci reinstalls everything (about 20 s); skip it when node_modules was installed from this very lock file.
lock_stamp="node_modules/.thidua-lock.sha256"
if [[ ! -f "$lock_stamp" ]] || [[ "$(sha256sum package-lock.json | cut -d" " -f1)" != "$(cat "$lock_stamp")" ]]; then
  npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
  sha256sum package-lock.json | cut -d" " -f1 > "$lock_stamp"
fi

# The portal's browser tests drive Debian's chromium with playwright-core (from npm ci above);
# playwright never downloads a browser of its own. The document tests render PDF pages to PNG
# with pdftoppm from Debian's poppler-utils.
debian_packages=()
[[ -x /usr/bin/chromium ]] || debian_packages+=(chromium)
[[ -x /usr/bin/pdftoppm ]] || debian_packages+=(poppler-utils)
if [[ ${#debian_packages[@]} -gt 0 ]]; then
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${debian_packages[@]}" >/dev/null; } \
    || { echo "installing ${debian_packages[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
fi

if ! dotnet build ThiDua.Functions.sln -c Release -nologo -v minimal; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

rm -rf "$results"
dotnet test ThiDua.Functions.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" "${filter[@]}" "$@"
status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")"
  a="$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done

# A crashed test host writes no counters; never report success for it.
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1
fi

echo "$passed passed, $failed failed"
[[ $status -eq 0 && $failed -eq 0 && $passed -gt 0 ]]
