#!/usr/bin/env bash
# Boot-to-ready time of the Linux comparison guest: N boots through run.sh, each timed from the
# QEMU spawn to the "linux-guest: ready" console line, QEMU killed right after. Run it where the
# tap exists (e.g. inside the namespace: ip netns exec NS benchmarks/LinuxGuest/measure-boot.sh ...).
#
#   benchmarks/LinuxGuest/measure-boot.sh OUTDIR TAPNAME [RUNS] [CPUS] [MEM]
#
# Prints one line per boot and a min/median/max summary (milliseconds); run.sh's environment
# (LG_MACHINE, LG_BZIMAGE, ...) applies. A boot not ready within LG_BOOT_TIMEOUT seconds (60)
# counts as a failure and makes the script exit 1.
set -uo pipefail

if [ $# -lt 2 ]; then sed -n '2,10p' "$0" >&2; exit 2; fi
outdir=$1; tap=$2; runs=${3:-5}; cpus=${4:-1}; mem=${5:-128M}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
limit_ms=$(( ${LG_BOOT_TIMEOUT:-60} * 1000 ))
now_ms() { local t=$EPOCHREALTIME; echo $(( ${t/./} / 1000 )); }

times=()
failed=0
for ((run = 1; run <= runs; run++)); do
    start=$(now_ms)
    coproc GUEST { exec "$here/run.sh" "$outdir" "$tap" "$cpus" "$mem" 2>/dev/null < /dev/null; }
    pid=$GUEST_PID
    ready=
    while IFS= read -r -t 1 -u "${GUEST[0]}" line || [ $? -gt 128 ]; do
        # read timed out (status > 128) or got a line: check the deadline either way
        case "${line:-}" in *"linux-guest: ready"*) ready=$(( $(now_ms) - start )); break ;; esac
        line=
        [ $(( $(now_ms) - start )) -gt "$limit_ms" ] && break
    done
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if [ -n "$ready" ]; then
        echo "boot $run: ready after $ready ms"
        times+=("$ready")
    else
        echo "boot $run: not ready"
        failed=1
    fi
done
if [ ${#times[@]} -gt 0 ]; then
    sorted=($(printf '%s\n' "${times[@]}" | sort -n))
    n=${#sorted[@]}
    echo "boot-to-ready ms: min ${sorted[0]} median ${sorted[$((n / 2))]} max ${sorted[$((n - 1))]} ($n boots)"
fi
exit $failed
