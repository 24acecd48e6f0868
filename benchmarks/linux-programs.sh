#!/usr/bin/env bash
# Unmodified Linux programs on OSv.Loader + OSv.Libc, measured three ways in one run, each
# program reporting its own figures ("name value" lines):
#   native  - the program on the host, with glibc and ld.so (the reference);
#   hosted  - loaded into a .NET process by OSv.Loader, C library calls bound to OSv.Libc
#             (`dotnet run --project tests/images/LinuxPrograms`): the same CPU, so the ratio to
#             native compares the C libraries and the loaders directly;
#   image   - booted in the LinuxPrograms image under QEMU (TCG here: no vmx/svm), for
#             reference; TCG costs a large constant factor, so compare image figures only with
#             other TCG guests.
# Figures: load+relocate time of Debian's lua5.4 with libreadline and libtinfo (native: ld.so's
# LD_DEBUG=statistics relocation time is not comparable; we report the run time of `lua5.4 -v`
# instead, which is dominated by loading); malloc/free throughput (tests/fixtures/c/programs/
# malloc_bench.c); a CPU-bound Lua script's run time (tests/fixtures/lua/cpu.lua).
#
#   benchmarks/linux-programs.sh [--rounds 3] [--no-image]
#
# Prints a Markdown table; each cell is the median of --rounds runs.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
image=1
while (($#)); do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --no-image) image=0; shift ;;
    *) echo "usage: $0 [--rounds N] [--no-image]" >&2; exit 64 ;;
  esac
done

programs=tests/images/LinuxPrograms/obj/programs
# Release builds: the hosted C library is JIT-compiled with optimisations (a Debug build is
# several times slower); the image is ilc -O either way.
./osv build tests/images/LinuxPrograms -c Release >/dev/null
dotnet build -c Release tests/images/LinuxPrograms >/dev/null
image_path=tests/images/LinuxPrograms/bin/Release/net10.0/osv/LinuxPrograms.elf

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
field() { awk -v name="$1" '$1 == name || $2 == name {print $NF}' | tail -n 1; }

declare -A results
record() { results["$1|$2"]+="$3 "; }

run_native() { LD_LIBRARY_PATH=$programs "$@"; }
run_hosted() { dotnet run -c Release --no-build --project tests/images/LinuxPrograms -- --timing "$@"; }
run_image() { ./osv run "$image_path" --timeout 600 --mem 512M -- --timing "$@"; }

for ((round = 1; round <= rounds; round++)); do
  echo "round $round/$rounds" >&2
  record malloc_small native "$(run_native $programs/malloc_bench | field malloc_free_small_ops_per_s)"
  record malloc_medium native "$(run_native $programs/malloc_bench | field malloc_free_medium_ops_per_s)"
  record lua_cpu native "$(lua5.4 tests/fixtures/lua/cpu.lua | field lua_cpu_seconds)"
  start=$(date +%s%N); lua5.4 -v >/dev/null; end=$(date +%s%N)
  record lua_load native "$(( (end - start) / 1000 ))"
  out=$(run_hosted /bin/malloc_bench)
  record malloc_small hosted "$(field malloc_free_small_ops_per_s <<<"$out")"
  record malloc_medium hosted "$(field malloc_free_medium_ops_per_s <<<"$out")"
  out=$(run_hosted /usr/bin/lua5.4 /lua/cpu.lua)
  record lua_cpu hosted "$(field lua_cpu_seconds <<<"$out")"
  record lua_load hosted "$(field load_and_relocate_us <<<"$out")"
  if ((image)); then
    out=$(run_image /bin/malloc_bench)
    record malloc_small image "$(field malloc_free_small_ops_per_s <<<"$out")"
    record malloc_medium image "$(field malloc_free_medium_ops_per_s <<<"$out")"
    out=$(run_image /usr/bin/lua5.4 /lua/cpu.lua)
    record lua_cpu image "$(field lua_cpu_seconds <<<"$out")"
    record lua_load image "$(field load_and_relocate_us <<<"$out")"
  fi
done

cell() { tr ' ' '\n' <<<"${results["$1|$2"]:-}" | grep -v '^$' | median; }
echo "| figure | native (glibc) | hosted (OSv.Libc) | hosted / native | image (TCG) |"
echo "|---|---|---|---|---|"
for figure in lua_load malloc_small malloc_medium lua_cpu; do
  n=$(cell $figure native); h=$(cell $figure hosted); i=$( ((image)) && cell $figure image || echo "-")
  ratio=$(awk -v n="$n" -v h="$h" 'BEGIN { if (n > 0) printf "%.2f", h / n; else print "-" }')
  echo "| $figure | $n | $h | $ratio | $i |"
done
echo
echo "Units: lua_load µs (native: whole \`lua5.4 -v\` run; hosted and image: OSv.Loader's load and relocate), malloc_* operations/s (higher is better), lua_cpu seconds (lower is better). Medians of $rounds rounds, $(date -u +%Y-%m-%d) on $(nproc) CPUs."
