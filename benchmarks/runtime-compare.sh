#!/usr/bin/env bash
# Issue 4's runtime figures: benchmarks/OSv.Benchmarks.Runtime measured hosted (CoreCLR, JIT,
# `dotnet run -c Release`) and as an image on the real System.Private.CoreLib (ilc, OSv.Runtime,
# under QEMU; TCG here: no vmx/svm), alternately in one session, so that the ratios image/hosted
# see the same machine load. Figures: two loops (what the emulator alone costs), the
# small-object allocation rate, GC pause with 16 and 64 MB live, throw+catch one and ten frames
# deep, an interface call at a monomorphic and at a 4-type polymorphic call site, and boot-to-Main
# (taken from the host side by benchmarks/OSv.Benchmarks --image: start of
# QEMU to the image's first serial line, "main reached").
#
#   benchmarks/runtime-compare.sh [--rounds 3] [--boot-runs 10] [--interface-calls-only]
#
# --interface-calls-only: only the emulator loops and the interface-call figures (no boot timing).
#
# Prints a Markdown table; each cell is the median over --rounds runs of each side (each run's
# figure is itself the median of 5 rounds inside the app).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
only=
boot_runs=10
while (($#)); do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --boot-runs) boot_runs=$2; shift 2 ;;
    --interface-calls-only) only=--interface-calls-only; shift ;;
    *) echo "usage: $0 [--rounds N] [--boot-runs N] [--interface-calls-only]" >&2; exit 64 ;;
  esac
done

project=benchmarks/OSv.Benchmarks.Runtime
image_path=$project/bin/Release/net10.0/osv/OSv.Benchmarks.Runtime.elf
dotnet build -c Release $project -nologo -v:q >/dev/null
dotnet build -c Release $project -t:OsvImage -nologo -v:q >/dev/null

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
field() { awk -v name="$1" '$1 == name {print $2}' | tail -n 1; }

figures=(cpu_xorshift_step_ns memory_read_modify_write_ns alloc_small_objects_per_s alloc_mb_per_s gc_pause_16mb_ms gc_pause_64mb_ms throw_catch_1_frame_ns throw_catch_10_frames_ns interface_call_monomorphic_ns interface_call_polymorphic_4_ns)
[[ -n $only ]] && figures=(cpu_xorshift_step_ns memory_read_modify_write_ns interface_call_monomorphic_ns interface_call_polymorphic_4_ns)
declare -A results
run_hosted() { dotnet run -c Release --no-build --project $project -- --run $only; }
# 512 MiB: the collector's heap is bounded at 75% of free RAM (at most 256 MiB); 64 MB live needs room.
run_image() { ./osv run "$image_path" --mem 512M --timeout 600 -- --run $only 2>/dev/null | tr -d '\r'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for ((round = 1; round <= rounds; round++)); do
  for side in hosted image; do
    echo "round $round/$rounds: $side" >&2
    out=$(run_$side)
    grep -q '^done$' <<<"$out" || { echo "$side run did not finish:" >&2; echo "$out" >&2; exit 1; }
    for f in "${figures[@]}"; do results["$f|$side"]+="$(field "$f" <<<"$out") "; done
  done
done

if [[ -z $only ]]; then
echo "boot-to-Main: $boot_runs boots of $image_path" >&2
boot_report=$(dotnet run -c Release --project benchmarks/OSv.Benchmarks -- --runs "$boot_runs" --image "$image_path" --skip-build-timing)
boot_ms=$(awk -F'|' '$2 ~ /TCG/ && $3 ~ /first serial line/ {gsub(/ /, "", $4); print $4}' <<<"$boot_report" | head -n 1)
grep "first line was" <<<"$boot_report" >&2 || true
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

echo "| figure | hosted (CoreCLR) | image (TCG) | image / hosted |"
echo "|---|---:|---:|---:|"
for f in "${figures[@]}"; do
  h=$(tr ' ' '\n' <<<"${results["$f|hosted"]}" | grep . | median)
  i=$(tr ' ' '\n' <<<"${results["$f|image"]}" | grep . | median)
  awk -v f="$f" -v h="$h" -v i="$i" 'BEGIN {printf "| %s | %.4g | %.4g | %.3g |\n", f, h, i, i / h}'
done
[[ -n $only ]] || echo "| boot_to_main_ms (start of QEMU to \"main reached\", median of $boot_runs) | – | ${boot_ms:-?} | – |"
