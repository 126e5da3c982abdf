#!/usr/bin/env bash
# Runs every test stage and ends with one summary line: "total: N passed, N failed, N skipped".
# Called by ./tools/edge test (which installs what is missing first). Stages keep running after a
# failure so one run shows everything that is broken; the exit code is non-zero if anything failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONTRACTS="$ROOT/contracts"
FORGE="$CONTRACTS/node_modules/@foundry-rs/forge-linux-amd64/bin/forge"
LOGS="$ROOT/.edge/test-logs"
mkdir -p "$LOGS"

passed=0; failed=0; skipped=0
failures=()

say() { printf '\033[1m[edge test]\033[0m %s\n' "$*"; }
count() { passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + $3)); }
check() { # check NAME COMMAND...: one pass/fail unit for a build or gate step
  local name="$1"; shift
  local log="$LOGS/$(echo "$name" | tr ' /' '__').log"
  if "$@" >"$log" 2>&1; then
    say "ok    $name"; count 1 0 0
  else
    say "FAIL  $name (log: $log)"; tail -n 30 "$log"; count 0 1 0; failures+=("$name")
  fi
}

start=$(date +%s)

# 1. Contracts: forge build, then the forge suite in the CI profile (more fuzz and invariant runs).
say "stage 1/3: contracts (forge, CI profile)"
check "forge build" bash -c "cd '$CONTRACTS' && '$FORGE' build --offline"
forge_log="$LOGS/forge-test.log"
(cd "$CONTRACTS" && FOUNDRY_PROFILE="${FOUNDRY_PROFILE:-ci}" "$FORGE" test --offline) >"$forge_log" 2>&1
forge_rc=$?
summary=$(grep -E '[0-9]+ tests passed, [0-9]+ failed, [0-9]+ skipped' "$forge_log" | tail -n 1)
if [ -n "$summary" ]; then
  fp=$(sed -E 's/.* ([0-9]+) tests passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1/' <<<"$summary")
  ff=$(sed -E 's/.* ([0-9]+) tests passed, ([0-9]+) failed, ([0-9]+) skipped.*/\2/' <<<"$summary")
  fs=$(sed -E 's/.* ([0-9]+) tests passed, ([0-9]+) failed, ([0-9]+) skipped.*/\3/' <<<"$summary")
  count "$fp" "$ff" "$fs"
  say "forge: $fp passed, $ff failed, $fs skipped"
fi
if [ $forge_rc -ne 0 ]; then
  grep -E '^\[FAIL|Error' "$forge_log" | head -n 30
  [ -z "$summary" ] && count 0 1 0
  failures+=("forge test")
fi

# 2. nanoFramework gate: the firmware core compiles against nanoFramework's mscorlib alone, and the ESP32 app against
#    mscorlib plus the reference surface, both with no generics.
say "stage 2/3: nanoFramework gate"
NANO_DLL="$ROOT/firmware/EdgeOracle.Firmware.Core.Nano/bin/Release/EdgeOracle.Firmware.Core.Nano.dll"
check "firmware core builds against nanoFramework mscorlib 1.17.11" \
  dotnet build "$ROOT/firmware/EdgeOracle.Firmware.Core.Nano" -c Release -nologo -v q
check "no generics in the nanoFramework build" \
  dotnet run --project "$ROOT/tools/EdgeOracle.GenericsCheck" -c Release -- "$NANO_DLL"
# The ESP32 app (Program.cs, Adapters/, Config/ and the core, as EdgeOracle.Esp32.nfproj compiles them) against mscorlib
# and the hand-written reference surface of the nanoFramework libraries it references (firmware/nanoFramework.Reference).
ESP32_DLL="$ROOT/firmware/EdgeOracle.Esp32.Gate/bin/Release/EdgeOracle.Esp32.dll"
check "ESP32 app builds against nanoFramework mscorlib 1.17.11 and the reference surface" \
  dotnet build "$ROOT/firmware/EdgeOracle.Esp32.Gate" -c Release -nologo -v q
check "no generics in the ESP32 app build" \
  dotnet run --project "$ROOT/tools/EdgeOracle.GenericsCheck" -c Release -- "$ESP32_DLL"
grep -h "no generics" "$LOGS"/no_generics* 2>/dev/null | sed 's/^/  /'

# 3. .NET tests: unit, integration (real MQTT broker, SQLite, anvil) and end-to-end.
say "stage 3/3: dotnet test"
dotnet_log="$LOGS/dotnet-test.log"
dotnet test "$ROOT/EdgeOracle.slnx" -c Release -nologo 2>&1 | tee "$dotnet_log" | grep -E '^(Passed!|Failed!)|error|\[FAIL\]' || true
dotnet_rc=${PIPESTATUS[0]}
lines=$(grep -E '^\s*(Passed|Failed)!\s+- Failed:' "$dotnet_log")
if [ -n "$lines" ]; then
  while IFS= read -r line; do
    df=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$line")
    dp=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line")
    ds=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$line")
    count "$dp" "$df" "$ds"
  done <<<"$lines"
fi
if [ "$dotnet_rc" -ne 0 ]; then
  # Each failed test's message and the top of its stack, so a CI log alone says what broke.
  grep -E -A 24 '^\s+Failed [A-Za-z_]' "$dotnet_log" | head -n 150
  failures+=("dotnet test")
  [ -z "$lines" ] && count 0 1 0
fi

elapsed=$(( $(date +%s) - start ))
say "finished in ${elapsed}s; logs in $LOGS"
if [ ${#failures[@]} -gt 0 ]; then
  say "failed stages: ${failures[*]}"
fi
echo "total: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ ${#failures[@]} -eq 0 ]
