#!/usr/bin/env bash
# Our memcached appliance (samples/Memcached as an image) against Debian's unmodified memcached
# 1.6.18 in the stock Linux guest (benchmarks/LinuxGuest, --memcached), both under the same QEMU
# (microvm, TCG, -cpu max, same vCPUs and RAM, virtio-net on a modern virtio-mmio slot, the same
# tap in a namespace this script creates), plus two references: memcached natively on the host
# and our hosted target (dotnet), both on the namespace's loopback. All four get the same
# memcached flags (-p/-U 11211, -m CACHE_MB, -t CPUS) and the same real client, memcaslap
# (libmemcached-tools), in one run. Prints Markdown tables (stdout; progress on stderr):
#
#   sudo benchmarks/memcached-compare.sh [--seconds 10] [--rounds 1] [--cpus 1] [--mem 256M]
#            [--cache-mb 64] [--targets "ours linux host hosted"] [--protos "tcp udp"]
#            [--mixes "90/10 50/50"] [--sizes "32 1024"] [--conns "8 64"] [--client-threads 1]
#            [--no-load] [--find-min-ram] [--min-ram-targets "ours linux"] [--min-ram-max-mb 512]
#            [--min-ram-timeout 60] [--min-ram-fill-percent 125] [--boot-timeout 120] [--no-build]
#            [--linux-dir artifacts/linux-guest-mc]
#            [--logs DIR] [--out FILE]
#
# What one run does:
#   1. builds (unless --no-build) our image (`osv build samples/Memcached -c Release`), the hosted
#      target (`dotnet build samples/Memcached -c Release`) and the Linux guest (`build.sh
#      --memcached`; a no-op when its inputs are unchanged); a failed build fails that target's
#      cells, never the run;
#   2. creates the namespace mccmp-<pid> holding tap mctap0 = 192.168.100.1/24; the guests are
#      192.168.100.2 with the guest MAC pinned in the namespace's ARP table (see boot-to-ready);
#   3. per round, per target in turn (interleaved: ours, linux, host, hosted, ours, ...): starts
#      it, waits for its first `version` reply (boot-to-ready), runs memcaslap once per cell
#      (protocol x get/set mix x value size x connections, --seconds each, 64-byte keys), stops it;
#   4. with --find-min-ram, bisects each of --min-ram-targets' guest RAM (1 MiB steps, between 0
#      and --min-ram-max-mb): a size passes when the guest answers `version`, takes a fill of
#      --min-ram-fill-percent of its cache (pipelined 1000-byte sets; 0: none), then a set, get
#      and delete answered exactly, each step within --min-ram-timeout s;
#   5. prints the tables: ops/s per target with the ratio ours / Linux guest, latency per target,
#      boot-to-ready, image size, minimum RAM, the command lines used, and footnotes for failures.
# --rounds N repeats step 3 N times; throughput cells then show the median of the rounds that
# succeeded with their range, and ratios are of the medians.
#
# Client: memcaslap -s ADDR:11211 -F <mix config> -X SIZE -c CONNS -T CLIENT_THREADS -t Ns -S Ns
# [-U], run inside the namespace. memcaslap's TPS is (gets + sets) / run time. Its latency is a
# histogram of log2 buckets (bucket k holds (2^(k-1), 2^k] µs) plus min/avg/max/std, so p50 and
# p99 are given as the bucket's upper bound ("≤256 µs": the true percentile is in (128, 256]).
#
# Boot-to-ready: from the moment the launcher spawns the server (the QEMU command line that `osv
# run --verbose` and run.sh print just before they exec QEMU; for host and hosted, the script's
# own spawn) to the first `version` reply over TCP, polled by benchmarks/lib/memcached-probe.pl
# (a fresh non-blocking connect every 10 ms). The guests' ARP entry is pinned so that ARP retries
# (1 s apart) don't quantise the figure. The console's ready line ("memcached: ready",
# "linux-guest: ready") is reported too.
#
# Failures never stop the run: every wait has a timeout (build, boot, each client run, each stop);
# a failed cell is marked FAILED with a footnote (client output, the target's last console lines)
# and the target is checked with `version`: if it no longer answers, it is stopped and the next
# cell gets a fresh one. On exit (normal, error, Ctrl-C, SIGTERM) the trap kills every process
# group this script started and anything left in its namespace, then deletes the tap and the
# namespace; a namespace left by a SIGKILLed run (mccmp-<pid>, pid gone) is deleted by the next
# run. Exit status: 0 when every cell holds a figure, 1 when any failed, 2 for bad arguments.
# Needs root, /dev/net/tun, iproute2, qemu-system-x86_64, lz4, perl (core modules only),
# memcaslap (apt-get install libmemcached-tools), memcached for the host reference.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 1

readonly NS_PREFIX=mccmp-
readonly TAP=mctap0
readonly HOST_ADDRESS=192.168.100.1/24
readonly GUEST=192.168.100.2
readonly GUEST_MAC=52:54:00:12:34:56
readonly LOOPBACK=127.0.0.1
readonly PORT=11211
readonly OURS_READY="memcached: ready"
readonly LINUX_READY="linux-guest: ready"
readonly HOST_MEMCACHED=/usr/bin/memcached
readonly KEY_BYTES=64                # memcaslap's default key size
readonly CONSOLE_TAIL_LINES=6
readonly STOP_GRACE_SECONDS=5
readonly BUILD_TIMEOUT_SECONDS=900
readonly CLIENT_GRACE_SECONDS=30     # on top of --seconds: memcaslap's start-up and final report
readonly ALIVE_TIMEOUT_SECONDS=5     # a target that misses this after a failed cell is restarted

seconds=10
rounds=1
cpus=1
mem=256M   # the Linux guest's memcached is OOM-killed below ~146M once its 64 MB cache fills
cache_mb=64
targets="ours linux host hosted"
protos="tcp udp"
mixes="90/10 50/50"
sizes="32 1024"
conns="8 64"
client_threads=1
load=1
find_min_ram=0
min_ram_targets="ours linux"
min_ram_max_mb=512
min_ram_timeout=60
min_ram_fill_percent=125   # min-RAM fill, in value bytes, as a share of the cache
boot_timeout=120
build=1
linux_dir=artifacts/linux-guest-mc
logs=""
out=""

usage() { sed -n '10,16p' "$0" >&2; exit 2; }

# shellcheck source=benchmarks/lib/guest-common.sh
. "$root/benchmarks/lib/guest-common.sh"
command_line=$(quote_command_line benchmarks/memcached-compare.sh "$@")

while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=$2; shift ;;
        --rounds) rounds=$2; shift ;;
        --cpus) cpus=$2; shift ;;
        --mem) mem=$2; shift ;;
        --cache-mb) cache_mb=$2; shift ;;
        --targets) targets=$2; shift ;;
        --protos) protos=$2; shift ;;
        --mixes) mixes=$2; shift ;;
        --sizes) sizes=$2; shift ;;
        --conns) conns=$2; shift ;;
        --client-threads) client_threads=$2; shift ;;
        --no-load) load=0 ;;
        --find-min-ram) find_min_ram=1 ;;
        --min-ram-targets) min_ram_targets=$2; shift ;;
        --min-ram-max-mb) min_ram_max_mb=$2; shift ;;
        --min-ram-timeout) min_ram_timeout=$2; shift ;;
        --min-ram-fill-percent) min_ram_fill_percent=$2; shift ;;
        --boot-timeout) boot_timeout=$2; shift ;;
        --no-build) build=0 ;;
        --linux-dir) linux_dir=$2; shift ;;
        --logs) logs=$2; shift ;;
        --out) out=$2; shift ;;
        -h|--help) usage ;;
        *) echo "memcached-compare: unknown argument '$1'" >&2; usage ;;
    esac
    shift
done

bad_argument() { echo "memcached-compare: $*" >&2; exit 2; }
positive() { [[ "$1" =~ ^[1-9][0-9]*$ ]]; }
for pair in "rounds:$rounds" "seconds:$seconds" "cpus:$cpus" "cache-mb:$cache_mb" \
            "client-threads:$client_threads" "boot-timeout:$boot_timeout" "min-ram-max-mb:$min_ram_max_mb" \
            "min-ram-timeout:$min_ram_timeout"; do
    positive "${pair#*:}" || bad_argument "--${pair%%:*} takes a positive integer"
done
[[ "$mem" =~ ^[1-9][0-9]*[MG]$ ]] || bad_argument "--mem takes a size like 128M or 1G"
[[ "$min_ram_fill_percent" =~ ^[0-9]+$ ]] || bad_argument "--min-ram-fill-percent takes an integer (0: no fill)"
for word in $targets; do
    case "$word" in ours|linux|host|hosted) ;; *) bad_argument "--targets takes ours linux host hosted" ;; esac
done
for word in $min_ram_targets; do
    case "$word" in ours|linux) ;; *) bad_argument "--min-ram-targets takes ours linux" ;; esac
done
for word in $protos; do
    case "$word" in tcp|udp) ;; *) bad_argument "--protos takes tcp udp" ;; esac
done
for word in $mixes; do
    if ! [[ "$word" =~ ^([0-9]+)/([0-9]+)$ ]] || [ $((BASH_REMATCH[1] + BASH_REMATCH[2])) != 100 ]; then
        bad_argument "--mixes takes GET/SET percentages summing to 100, e.g. 90/10"
    fi
done
for word in $sizes $conns; do positive "$word" || bad_argument "--sizes and --conns take positive integers"; done
for word in $conns; do
    [ "$word" -ge "$client_threads" ] || bad_argument "each --conns must be at least --client-threads"
done

log() { echo "memcached-compare: $*" >&2; }
die() { log "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (network namespaces, tap devices)"
[ -e /dev/net/tun ] || die "/dev/net/tun is missing (modprobe tun)"
command -v ip >/dev/null || die "'ip' not found (apt-get install -y iproute2)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found"
command -v memcaslap >/dev/null || die "memcaslap not found (apt-get install -y libmemcached-tools)"
command -v perl >/dev/null || die "perl not found"
probe=$root/benchmarks/lib/memcached-probe.pl

[ -n "$logs" ] || logs=$(mktemp -d /tmp/memcached-compare.XXXXXX)
mkdir -p "$logs"
logs=$(cd "$logs" && pwd)
log "logs in $logs"

declare -A target_error   # [target] -> why it cannot run at all (build failed, binary missing)
notes=()
# Appends a footnote; its number is then ${#notes[@]}.
note() { notes+=("$1"); }

# ---------------------------------------------------------------------------------------------
# Build

image=$root/samples/Memcached/bin/Release/net10.0/osv/Memcached.elf
hosted_dll=$root/samples/Memcached/bin/Release/net10.0/Memcached.dll
# Is target $1 measured at all (a cell, a start or a minimum-RAM bisection)?
wants() { [[ " $targets $([ "$find_min_ram" = 1 ] && echo "$min_ram_targets") " == *" $1 "* ]]; }

# Runs a build step with a timeout; on failure records the reason for target $1.
build_step() {
    local target=$1 logfile=$2 status
    shift 2
    timeout --kill-after=10 "$BUILD_TIMEOUT_SECONDS" "$@" > "$logfile" 2>&1 < /dev/null &
    child_pid=$!
    wait "$child_pid"
    status=$?
    child_pid=""
    [ "$status" = 0 ] && return 0
    target_error[$target]="build failed (exit $status): $(tail -n 3 "$logfile" | tr '\n' ' ' | cut -c1-300) — $logfile"
    log "$target: build failed, see $logfile"
    return 1
}

child_pid=""     # the running client, probe or build (`timeout` passes SIGTERM on)
if [ "$build" = 1 ]; then
    if wants ours; then
        log "building our image ..."
        build_step ours "$logs/build-image.log" ./osv build samples/Memcached -c Release &&
            image=$(tail -n 1 "$logs/build-image.log")
    fi
    if wants hosted; then
        log "building the hosted target ..."
        build_step hosted "$logs/build-hosted.log" dotnet build samples/Memcached -c Release -nologo -v:q
    fi
    if wants linux; then
        log "building the Linux guest (memcached) ..."
        build_step linux "$logs/build-linux.log" benchmarks/LinuxGuest/build.sh --memcached "$linux_dir"
    fi
fi
[ -n "${target_error[ours]:-}" ] || [ -f "$image" ] || target_error[ours]="$image missing (drop --no-build)"
[ -n "${target_error[hosted]:-}" ] || [ -f "$hosted_dll" ] || target_error[hosted]="$hosted_dll missing (drop --no-build)"
[ -n "${target_error[linux]:-}" ] || [ -f "$linux_dir/initramfs.cpio.gz" ] ||
    target_error[linux]="$linux_dir/initramfs.cpio.gz missing (drop --no-build)"
[ -n "${target_error[linux]:-}" ] || grep -q '^memcached 1' "$linux_dir/manifest.txt" 2>/dev/null ||
    target_error[linux]="$linux_dir was built without --memcached"
[ -x "$HOST_MEMCACHED" ] || target_error[host]="$HOST_MEMCACHED missing (apt-get install -y memcached)"
# The failure footnotes of targets that cannot run, once each.
declare -A target_note
for kind in ours linux host hosted; do
    if [ -z "${target_error[$kind]:-}" ] || ! wants "$kind"; then continue; fi
    note "$kind: ${target_error[$kind]}"
    target_note[$kind]=" [${#notes[@]}]"
done

# ---------------------------------------------------------------------------------------------
# Namespace and cleanup

ns=$NS_PREFIX$$
guest_group=""   # process group of the running target (setsid made its launcher the leader)

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    trap - EXIT INT TERM
    [ -n "$child_pid" ] && kill -TERM "$child_pid" 2>/dev/null
    kill_guest_group "$guest_group"
    guest_group=""
    delete_namespace "$ns"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

remove_stale_namespaces
create_namespace "$ns" "$HOST_ADDRESS" || die "cannot set up namespace $ns with $TAP"
# Pinned: the host never ARPs for the guest, so the boot-to-ready probe is not held up by ARP's
# 1 s retry interval while the guest is still booting (both guests use GUEST_MAC).
ip -n "$ns" neigh replace "$GUEST" lladdr "$GUEST_MAC" dev "$TAP" nud permanent ||
    die "cannot pin the ARP entry of $GUEST"
log "namespace $ns, $TAP $HOST_ADDRESS, guests $GUEST ($GUEST_MAC)"

# ---------------------------------------------------------------------------------------------
# Targets

target_label() {
    case "$1" in
        ours) echo "ours (image)" ;;
        linux) echo "Linux guest" ;;
        host) echo "host memcached" ;;
        hosted) echo "ours hosted" ;;
    esac
}
target_address() { case "$1" in ours|linux) echo "$GUEST" ;; *) echo "$LOOPBACK" ;; esac; }
is_guest() { [ "$1" = ours ] || [ "$1" = linux ]; }

# The same memcached flags for every target.
memcached_flags() { echo "-p $PORT -U $PORT -m $1 -t $cpus"; }

# Starts target $1 with guest RAM $2 (guests only) and cache $3 MB inside the namespace (the
# image reads memcached's flags from the kernel command line, next to the network's); its
# console goes to $4, timestamped. Sets guest_group and spawn_us (the script's spawn; guests
# replace it with QEMU's spawn from the console).
start_target() {
    local kind=$1 ram=$2 cache=$3 console=$4
    local -a flags
    read -r -a flags <<< "$(memcached_flags "$cache")"
    spawn_us=${EPOCHREALTIME//[.,]/}
    case "$kind" in
        ours)
            setsid ip netns exec "$ns" ./osv run "$image" --accel tcg --cpus "$cpus" --mem "$ram" \
                --net "tap:$TAP" --mac "$GUEST_MAC" --verbose --timeout 3600 \
                --kernel-args "ip=$GUEST/24 gw=${HOST_ADDRESS%/*} ${flags[*]}" \
                > >(stamp_lines > "$console") 2>&1 < /dev/null &
            ;;
        linux)
            LG_ACCEL=tcg LG_MAC=$GUEST_MAC LG_APPEND="osv.memcached.mem=$cache" \
                setsid ip netns exec "$ns" benchmarks/LinuxGuest/run.sh "$linux_dir" "$TAP" "$cpus" "$ram" \
                > >(stamp_lines > "$console") 2>&1 < /dev/null &
            ;;
        host)
            setsid ip netns exec "$ns" "$HOST_MEMCACHED" -u root -l "$LOOPBACK" "${flags[@]}" \
                > >(stamp_lines > "$console") 2>&1 < /dev/null &
            ;;
        hosted)
            setsid ip netns exec "$ns" dotnet "$hosted_dll" -l "$LOOPBACK" "${flags[@]}" \
                > >(stamp_lines > "$console") 2>&1 < /dev/null &
            ;;
    esac
    guest_group=$!
}

guest_alive() { [ -n "$guest_group" ] && kill -0 "$guest_group" 2>/dev/null; }

# Runs the probe inside the namespace in the background and waits for it (so a signal reaches
# the trap at once); its stdout goes to the caller's stdout.
run_probe() {
    local status
    ip netns exec "$ns" perl "$probe" "$@" < /dev/null &
    child_pid=$!
    wait "$child_pid"
    status=$?
    child_pid=""
    return "$status"
}

# Waits for target $1's first version reply within $2 s; prints "BOOT_MS READY_LINE_MS" (the
# second empty when the console has no ready line), or returns 1 (timeout or exit).
wait_ready() {
    local kind=$1 limit=$2 console=$3 reply_us qemu_us ready ready_us ready_ms=""
    reply_us=$(run_probe version "$(target_address "$kind")" "$PORT" "$limit" "$guest_group") || return 1
    if is_guest "$kind"; then
        qemu_us=$(qemu_spawn_us "$console")
        [ -n "$qemu_us" ] && spawn_us=$qemu_us
    fi
    case "$kind" in ours|hosted) ready=$OURS_READY ;; linux) ready=$LINUX_READY ;; *) ready="" ;; esac
    if [ -n "$ready" ]; then
        sleep 0.2  # the ready line may trail the reply by a moment
        ready_us=$(grep -F -m 1 -- "$ready" "$console" 2>/dev/null | cut -d' ' -f1)
        [ -n "$ready_us" ] && ready_ms=$(((ready_us - spawn_us) / 1000))
    fi
    echo "$(((reply_us - spawn_us) / 1000)) $ready_ms"
}

stop_target() {
    guest_alive || { guest_group=""; return 0; }
    kill_guest_group "$guest_group"
    guest_group=""
}

# ---------------------------------------------------------------------------------------------
# Client

# Cells are "proto:get:set:size:conns", e.g. "tcp:90:10:32:8".
cells=()
if [ "$load" = 1 ]; then
    for proto in $protos; do
        for mix in $mixes; do
            for size in $sizes; do
                for conn in $conns; do
                    cell="$proto:${mix%/*}:${mix#*/}:$size:$conn"
                    [[ " ${cells[*]} " == *" $cell "* ]] || cells+=("$cell")   # once each
                done
            done
        done
    done
fi

cell_label() {
    local proto get set size conn
    IFS=: read -r proto get set size conn <<< "$1"
    echo "${proto^^} get/set $get/$set, $size B, $conn conns"
}

# memcaslap's configuration for a get/set mix: fixed 64-byte keys, the value size (overridden by
# -X anyway), cmd 0 = set, 1 = get with their proportions.
write_client_config() {
    local file=$1 get=$2 set=$3 size=$4
    {
        echo "key"
        echo "$KEY_BYTES $KEY_BYTES 1"
        echo "value"
        echo "$size $size 1"
        echo "cmd"
        echo "0 $(awk -v p="$set" 'BEGIN { printf "%.2f", p / 100 }')"
        echo "1 $(awk -v p="$get" 'BEGIN { printf "%.2f", p / 100 }')"
    } > "$file"
}

client_command() { # cell address config -> the memcaslap argument list, one line
    local proto get set size conn
    IFS=: read -r proto get set size conn <<< "$1"
    echo "memcaslap -s $2:$PORT -F $3 -X $size -c $conn -T $client_threads -t ${seconds}s -S ${seconds}s$([ "$proto" = udp ] && echo " -U")"
}

# One memcaslap run of cell $1 against target $2 (output in $3). Sets cell_status: "ok", or the
# reason it failed.
run_client() {
    local cell=$1 kind=$2 output=$3 proto get set size conn config limit status tps
    IFS=: read -r proto get set size conn <<< "$cell"
    config=$logs/mix-$get-$set-$size.cfg
    write_client_config "$config" "$get" "$set" "$size"
    local -a command
    read -r -a command <<< "$(client_command "$cell" "$(target_address "$kind")" "$config")"
    limit=$((seconds + CLIENT_GRACE_SECONDS))
    timeout --kill-after=5 "$limit" ip netns exec "$ns" "${command[@]}" > "$output" 2>&1 < /dev/null &
    child_pid=$!
    wait "$child_pid"
    status=$?
    child_pid=""
    tps=$(client_tps "$output")
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        cell_status="memcaslap did not finish within $limit s${tps:+ (its report before being killed: $tps ops/s)}"
    elif [ "$status" != 0 ] && [ -n "$tps" ] && sed -n '/^Run time: .* TPS: /,$p' "$output" | grep -q '^Segmentation fault occurred'; then
        # memcaslap (memaslap 1.0) sometimes crashes in its own teardown, after it printed the
        # whole report: the figures are complete, the crash is footnoted.
        note "$(target_label "$kind"), ${cell//:/ }: memcaslap crashed (status $status) after printing its report; its figures are used"
        cell_status=ok
    elif [ "$status" != 0 ]; then
        cell_status="memcaslap exited $status: $(grep -v -E '^(servers|threads count|concurrency|run time|windows size|set proportion|get proportion):' "$output" | grep . | tail -n 2 | tr '\n' ' ' | cut -c1-200)"
    elif [ -z "$tps" ] || [ "$tps" = 0 ]; then
        cell_status="memcaslap reported no operations"
    else
        cell_status=ok
    fi
}

# memcaslap's summary line "Run time: 10.0s Ops: 123 TPS: 12 Net_rate: 0.1M/s" -> TPS.
client_tps() { sed -n 's/^Run time: .* TPS: \([0-9]*\) .*/\1/p' "$1" | tail -n 1; }

# From the last "Total Statistics" block: "P50 P99 AVG" in µs, P50/P99 the upper bounds of their
# log2 buckets (bucket k counts latencies in (2^(k-1), 2^k]).
client_latency() {
    awk '
        /^Total Statistics \(/ { block = 1; avg = ""; n = 0; delete count; next }
        block && /^ *Avg:/ { avg = $2 }
        block && /^ *[0-9]+:/ { k = $1 + 0; for (i = 2; i <= NF; i++) count[k + i - 2] = $i; next }
        block && /^[[:space:]]*$/ && avg != "" { block = 0; last_avg = avg; delete last; for (k in count) last[k] = count[k] }
        END {
            total = 0
            for (k in last) total += last[k]
            if (total == 0) exit
            for (k = 0; k < 64; k++) {
                sum += last[k] + 0
                if (!p50 && sum >= total * 0.50) p50 = 2 ^ k
                if (!p99 && sum >= total * 0.99) p99 = 2 ^ k
            }
            printf "%d %d %d\n", p50, p99, last_avg
        }' "$1"
}

# UDP loss counters and get misses worth a footnote: "get_misses 12, udp_timeout 3" or empty.
client_anomalies() {
    awk -F': *' '/^(get_misses|packet_drop|udp_timeout|packet_disorder):/ && $2 + 0 > 0 { out = out (out ? ", " : "") $1 " " $2 }
                 END { print out }' "$1"
}

# ---------------------------------------------------------------------------------------------
# The run

declare -A values       # [target,cell] -> ops/s of the rounds that succeeded, space-separated
declare -A p50s p99s avgs   # [target,cell] -> latency figures (µs) of those rounds
declare -A fails        # [target,cell] -> footnote references of the rounds that failed
declare -A boot_ms      # [target] -> spawn -> first version reply, each start, space-separated
declare -A ready_line_ms   # [target] -> spawn -> console ready line
declare -A boot_fails   # [target] -> footnote references of starts that never answered
declare -A launch_line  # [target] -> the QEMU / server command line
declare -A anomalies    # [target,cell] -> footnote references for misses and UDP losses

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M')

record_launch_line() { # target console
    [ -n "${launch_line[$1]:-}" ] && return
    case "$1" in
        ours|linux) launch_line[$1]=$(qemu_command "$2") ;;
        host) launch_line[$1]="$HOST_MEMCACHED -u root -l $LOOPBACK $(memcached_flags "$cache_mb")" ;;
        hosted) launch_line[$1]="dotnet ${hosted_dll#"$root"/} -l $LOOPBACK $(memcached_flags "$cache_mb")" ;;
    esac
}

# Starts target $1 for round $2 (start number $3); returns 1 when it never answered (footnoted).
boot_target() {
    local kind=$1 round=$2 start=$3 label times boot ready
    label=$(target_label "$kind")
    console=$logs/console-$kind-r$round-$start.log
    log "$label, round $round: start $start ..."
    start_target "$kind" "$mem" "$cache_mb" "$console"
    if times=$(wait_ready "$kind" "$boot_timeout" "$console"); then
        read -r boot ready <<< "$times"
        record_launch_line "$kind" "$console"
        boot_ms[$kind]+=" $boot"
        [ -n "$ready" ] && ready_line_ms[$kind]+=" $ready"
        log "$label: answered version after $boot ms${ready:+ (ready line after $ready ms)}"
        return 0
    fi
    sleep 1 # let a panicking guest finish printing
    note "$(target_label "$kind"), round $round, start $start: no version reply within $boot_timeout s (or it exited); console: \`$(console_excerpt "$console")\`"
    record_launch_line "$kind" "$console"
    boot_fails[$kind]+=" [${#notes[@]}]"
    stop_target
    return 1
}

# Round $2 of target $1: every cell against one running target; a fresh one after a failed cell
# that left it unresponsive.
measure_target() {
    local kind=$1 round=$2 label start=0 running=0 cell i output tps latency extra state
    label=$(target_label "$kind")
    if [ -n "${target_error[$kind]:-}" ]; then
        for cell in "${cells[@]}"; do fails[$kind,$cell]+="${target_note[$kind]}"; done
        return
    fi
    for ((i = 0; i < ${#cells[@]}; i++)); do
        cell=${cells[$i]}
        if [ "$running" = 0 ]; then
            start=$((start + 1))
            if ! boot_target "$kind" "$round" "$start"; then
                for cell in "${cells[@]:$i}"; do fails[$kind,$cell]+=" [${#notes[@]}]"; done
                return
            fi
            running=1
        fi
        log "$label, round $round: $(cell_label "$cell") ..."
        output=$logs/client-$kind-r$round-${cell//[:\/]/-}.log
        run_client "$cell" "$kind" "$output"
        if [ "$cell_status" = ok ]; then
            tps=$(client_tps "$output")
            values[$kind,$cell]+=" $tps"
            latency=$(client_latency "$output")
            if [ -n "$latency" ]; then
                read -r p50 p99 avg <<< "$latency"
                p50s[$kind,$cell]+=" $p50" p99s[$kind,$cell]+=" $p99" avgs[$kind,$cell]+=" $avg"
            fi
            extra=$(client_anomalies "$output")
            if [ -n "$extra" ]; then
                note "$label, round $round, $(cell_label "$cell"): memcaslap counted $extra"
                anomalies[$kind,$cell]+=" [${#notes[@]}]"
            fi
            log "$label: $tps ops/s${latency:+ (p50 ≤${latency%% *} µs)}${extra:+; $extra}"
            continue
        fi
        state="answers version"
        if ! run_probe version "$(target_address "$kind")" "$PORT" "$ALIVE_TIMEOUT_SECONDS" "$guest_group" > /dev/null; then
            sleep 1 # let a panicking guest finish printing
            if guest_alive; then state="no longer answers version"; else state="exited"; fi
        fi
        note "$label, round $round, $(cell_label "$cell"): $cell_status; afterwards the target $state; last console lines: \`$(console_excerpt "$console")\`; client output: ${output#"$logs"/}"
        fails[$kind,$cell]+=" [${#notes[@]}]"
        log "$label: FAILED ($cell_status; target $state)"
        if [ "$state" != "answers version" ]; then
            stop_target
            running=0
        fi
    done
    # With --no-load the round is only a boot-to-ready measurement.
    [ "${#cells[@]}" = 0 ] && { boot_target "$kind" "$round" 1 || true; }
    stop_target
}

for ((round = 1; round <= rounds; round++)); do
    for kind in $targets; do
        measure_target "$kind" "$round"
    done
done

# ---------------------------------------------------------------------------------------------
# Minimum RAM

declare -A min_ram      # [target] -> smallest passing MiB, or a text when none passed
declare -A min_ram_trail   # [target] -> "128:ok 64:fail ..." in probe order

# Does target $1 start in $2 MiB, take the fill and serve set/get/delete? Logs why not.
ram_passes() {
    local kind=$1 ram_mb=$2 console limit status
    console=$logs/console-minram-$kind-${ram_mb}M.log
    start_target "$kind" "${ram_mb}M" "$cache_mb" "$console"
    limit=$min_ram_timeout
    if ! run_probe version "$(target_address "$kind")" "$PORT" "$limit" "$guest_group" > /dev/null; then
        log "min RAM, $kind, $ram_mb MiB: no version reply"
        stop_target
        return 1
    fi
    run_probe fill "$(target_address "$kind")" "$PORT" "$limit" $((cache_mb * min_ram_fill_percent / 100)) "$guest_group" \
        2> "$logs/minram-$kind-${ram_mb}M.probe.log"
    status=$?
    [ "$status" = 0 ] || log "min RAM, $kind, $ram_mb MiB: $(tr '\n' ' ' < "$logs/minram-$kind-${ram_mb}M.probe.log")"
    stop_target
    return "$status"
}

# Bisects target $1's minimum RAM in MiB between 0 (assumed failing) and --min-ram-max-mb.
find_min_ram_of() {
    local kind=$1 low=0 high=$min_ram_max_mb middle
    if [ -n "${target_error[$kind]:-}" ]; then
        min_ram[$kind]="FAILED${target_note[$kind]}"
        return
    fi
    log "min RAM, $kind: trying $high MiB ..."
    if ! ram_passes "$kind" "$high"; then
        min_ram_trail[$kind]+=" $high:fail"
        note "$(target_label "$kind"): did not pass at --min-ram-max-mb $high MiB (logs: console-minram-$kind-*.log)"
        min_ram[$kind]="> $high MiB [${#notes[@]}]"
        return
    fi
    min_ram_trail[$kind]+=" $high:ok"
    while [ $((high - low)) -gt 1 ]; do
        middle=$(((low + high) / 2))
        log "min RAM, $kind: trying $middle MiB (passes at $high, fails at $low) ..."
        if ram_passes "$kind" "$middle"; then
            high=$middle
            min_ram_trail[$kind]+=" $middle:ok"
        else
            low=$middle
            min_ram_trail[$kind]+=" $middle:fail"
        fi
    done
    min_ram[$kind]="$high MiB"
    log "min RAM, $kind: $high MiB"
}

if [ "$find_min_ram" = 1 ]; then
    for kind in $min_ram_targets; do find_min_ram_of "$kind"; done
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# The tables

# "12345 ops/s", with rounds "… (median of k: min–max)", then failures "FAILED [1] [3]" and
# footnotes on anomalies.
format_rate() {
    local list=$1 failed=$2 extra=$3 text="" m
    m=$(median "$list")
    if [ -n "$m" ]; then
        text="$(trim_number "$m" 0)"
        if [ "$rounds" -gt 1 ]; then
            if [ "$(count "$list")" -gt 1 ]; then text+=" (median of $(count "$list"): $(spread "$list"))"; else text+=" (1 round)"; fi
        fi
        text+="$extra"
    fi
    [ -n "$failed" ] && text+="${text:+; }FAILED$failed"
    echo "${text:-–}"
}

# The lower median: with an even count still one of the values (a bucket bound, not a mean).
lower_median() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

format_latency() { # p50s p99s avgs
    local p50 p99 avg
    p50=$(lower_median "$1") p99=$(lower_median "$2") avg=$(median "$3")
    [ -n "$p50" ] || { echo "–"; return; }
    echo "≤$(trim_number "$p50" 0) / ≤$(trim_number "$p99" 0) / $(trim_number "$avg" 0)"
}

format_ms() { # list failures
    local list=$1 failed=$2 text="" m
    m=$(median "$list")
    if [ -n "$m" ]; then
        text="$(trim_number "$m" 0) ms"
        [ "$(count "$list")" -gt 1 ] && text+=" (median of $(count "$list"): $(spread "$list"))"
    fi
    [ -n "$failed" ] && text+="${text:+; }FAILED$failed"
    echo "${text:-–}"
}

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }

size_cell() {
    local initramfs kernel
    case "$1" in
        ours) [ -f "$image" ] && echo "$(mib "$(stat -c %s "$image")") (ELF)" || echo "–" ;;
        linux)   # Debian's bzImage + initramfs; run.sh boots the bzImage's uncompressed ELF
            initramfs=$linux_dir/initramfs.cpio.gz kernel=$linux_dir/vmlinuz
            if [ ! -f "$initramfs" ] || [ ! -f "$kernel" ]; then echo "–"; return; fi
            echo "$(mib $(($(stat -c %s "$kernel") + $(stat -c %s "$initramfs")))) (vmlinuz $(mib "$(stat -c %s "$kernel")") + initramfs $(mib "$(stat -c %s "$initramfs")"))"
            ;;
        *) echo "–" ;;
    esac
}

has_ratio() { [[ " $targets " == *" ours "* ]] && [[ " $targets " == *" linux "* ]]; }

table_header() { # first column title
    local header="| $1 |" separator="|---|" kind
    for kind in $targets; do header+=" $(target_label "$kind") |"; separator+="---:|"; done
    has_ratio && { header+=" ours / Linux |"; separator+="---:|"; }
    echo "$header"
    echo "$separator"
}

report_throughput() {
    local cell kind line
    echo "Throughput (ops/s, gets + sets):"
    echo
    table_header "workload (memcaslap)"
    for cell in "${cells[@]}"; do
        line="| $(cell_label "$cell") |"
        for kind in $targets; do
            line+=" $(format_rate "${values[$kind,$cell]:-}" "${fails[$kind,$cell]:-}" "${anomalies[$kind,$cell]:-}") |"
        done
        has_ratio && line+=" $(ratio "${values[ours,$cell]:-}" "${values[linux,$cell]:-}") |"
        echo "$line"
    done
    echo
    echo "Latency as memcaslap measures it (request sent → reply read, µs): p50 / p99 / average; p50 and p99"
    echo "are the upper bounds of memcaslap's power-of-two buckets (\"≤256\": in (128, 256]); over rounds, the (lower) median."
    echo
    local header="| workload |" separator="|---|"
    for kind in $targets; do header+=" $(target_label "$kind") |"; separator+="---:|"; done
    echo "$header"
    echo "$separator"
    for cell in "${cells[@]}"; do
        line="| $(cell_label "$cell") |"
        for kind in $targets; do
            line+=" $(format_latency "${p50s[$kind,$cell]:-}" "${p99s[$kind,$cell]:-}" "${avgs[$kind,$cell]:-}") |"
        done
        echo "$line"
    done
    echo
}

report_target_rows() {
    local kind line
    table_header "per target"
    line="| start to first \`version\` reply |"
    for kind in $targets; do line+=" $(format_ms "${boot_ms[$kind]:-}" "${boot_fails[$kind]:-}${target_note[$kind]:-}") |"; done
    has_ratio && line+=" $(ratio "${boot_ms[ours]:-}" "${boot_ms[linux]:-}") |"
    echo "$line"
    line="| start to console ready line |"
    for kind in $targets; do line+=" $(format_ms "${ready_line_ms[$kind]:-}" "") |"; done
    has_ratio && line+=" $(ratio "${ready_line_ms[ours]:-}" "${ready_line_ms[linux]:-}") |"
    echo "$line"
    line="| image size |"
    for kind in $targets; do line+=" $(size_cell "$kind") |"; done
    has_ratio && line+=" |"
    echo "$line"
    if [ "$find_min_ram" = 1 ]; then
        line="| minimum RAM (boot, fill $((cache_mb * min_ram_fill_percent / 100)) MiB, set/get) |"
        for kind in $targets; do line+=" ${min_ram[$kind]:-–} |"; done
        has_ratio && line+=" |"
        echo "$line"
    fi
    echo
}

report() {
    local kind
    echo "Command: \`$command_line\`"
    echo
    echo "Measured $started UTC on $(nproc) host cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)),"
    echo "load average $load_start at the start, $load_end at the end; $(qemu-system-x86_64 --version | head -n 1);"
    echo "guests: TCG, -cpu max, $cpus vCPU, $mem, microvm, virtio-net-device on tap $TAP in namespace $ns;"
    echo "host memcached and ours hosted on the namespace's loopback; every target: \`$(memcached_flags "$cache_mb")\`."
    if [ "${#cells[@]}" -gt 0 ]; then
        echo "Client: memcaslap ($(memcaslap --version 2>&1 | head -n 1)) inside the namespace, ${seconds} s per cell, $KEY_BYTES-byte keys,"
        echo "$client_threads client thread(s), e.g. \`$(client_command "${cells[0]}" "$(target_address "${targets%% *}")" mix-GET-SET-SIZE.cfg)\`"
        echo "(mix-GET-SET-SIZE.cfg: \`key\` $KEY_BYTES $KEY_BYTES 1, \`value\` SIZE SIZE 1, \`cmd\` 0 SET/100, 1 GET/100)."
    fi
    [ "$rounds" -gt 1 ] && echo "$rounds rounds, the targets interleaved; a cell is the median of the rounds that succeeded, with their range."
    has_ratio && echo "Ratios are ours (image) / Linux guest of the medians (ops/s: above 1 = ours faster; times: below 1 = ours faster)."
    echo
    [ "${#cells[@]}" -gt 0 ] && report_throughput
    report_target_rows
    if [ "$find_min_ram" = 1 ]; then
        echo "Minimum-RAM bisection (MiB:result, in order):"
        for kind in $min_ram_targets; do echo "* $(target_label "$kind"):${min_ram_trail[$kind]:- (not run)}"; done
        echo
    fi
    if [ ${#notes[@]} -gt 0 ]; then
        echo "Footnotes:"
        echo
        local i
        for i in "${!notes[@]}"; do echo "$((i + 1)). ${notes[$i]}"; done
        echo
    fi
    echo "Command lines (as launched inside the namespace):"
    echo
    for kind in $targets; do
        echo "* $(target_label "$kind"): \`${launch_line[$kind]:-(none captured)}\`"
    done
    echo
    echo "Logs (consoles, client outputs): $logs"
}

if [ -n "$out" ]; then
    report | tee "$out"
else
    report
fi
failed=0
for kind in $targets; do
    [ -n "${boot_fails[$kind]:-}${target_error[$kind]:-}" ] && failed=1
    for cell in "${cells[@]}"; do [ -n "${fails[$kind,$cell]:-}" ] && failed=1; done
done
exit $failed
