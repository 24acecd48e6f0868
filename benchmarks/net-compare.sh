#!/usr/bin/env bash
# Our NetServices appliance (net channels on, then off) against the stock Debian Linux guest
# (benchmarks/LinuxGuest), all three under the same QEMU (microvm, TCG, -cpu max, same vCPUs and
# RAM, virtio-net on a modern virtio-mmio slot, the same tap), measured by the same host client
# (benchmarks/OSv.Benchmarks.Tcp) in one run, so the ratios compare like with like on a noisy
# shared machine. Prints one Markdown table (stdout; progress on stderr):
#
#   sudo benchmarks/net-compare.sh [--seconds 5] [--rounds 1] [--echo-bytes 4194304] [--cpus 1] [--mem 128M]
#                                  [--tests "receive rr send echo"] [--guests "on off linux"]
#                                  [--boot-timeout 120] [--stall-timeout 10] [--no-build]
#                                  [--linux-dir artifacts/linux-guest] [--logs DIR] [--out FILE]
#
# What one run does:
#   1. builds (unless --no-build) the client (Release), our image (`osv build -c Release`) and the
#      Linux guest (build.sh; a no-op when its inputs are unchanged);
#   2. creates the namespace osvcmp-<pid> holding tap osvtap0 = 192.168.100.1/24 (the layout of
#      tests/OSv.Image.Tests/Net/NetworkNamespace.cs); the guest is 192.168.100.2;
#   3. for each guest in turn (ours with net.channels=on, ours with net.channels=off, Linux):
#      boots it inside the namespace (QEMU spawn -> ready line = boot-to-ready), runs the client
#      once per test against 192.168.100.2, and stops it (ours: UDP "osv:exit" to port 7, then
#      SIGTERM/SIGKILL of its process group; Linux: SIGTERM/SIGKILL);
#   4. prints the table: one row per test, one column per guest, the ratios ours/Linux, the
#      QEMU command lines used, and the failures with the guest's last console lines.
# --rounds N repeats step 3 N times, the guests interleaved (on, off, Linux, on, off, Linux, ...)
# so the load swings of a shared machine hit all three; cells then show the median, the range
# and how many rounds succeeded, and the ratios are of the medians.
#
# Failures never stop the run: every wait has a timeout (boot, each client run, the guest's exit);
# a failed test marks its cell FAILED (footnote: the client's error, the guest's last console
# lines) and, because a failed test may have killed or wedged the guest, the next test gets a
# freshly booted guest (its boot is listed as a reboot). The client runs once per test for that
# reason. On exit (normal, error, Ctrl-C, SIGTERM) the trap kills every guest process group this
# script started and anything left inside its namespace (only this script puts processes there),
# then deletes the tap and the namespace. A namespace left by a run that was SIGKILLed
# (osvcmp-<pid> with <pid> gone) is deleted by the next run. Exit status: 0 when every cell holds
# a figure, 1 when any failed, 2 for bad arguments.
#
# Boot-to-ready: from the line QEMU's launcher prints just before it spawns QEMU (`osv run
# --verbose` prints the QEMU command line, run.sh prints it and execs QEMU) to the ready line
# ("netservices: tcp echo 7, discard 9, source 19 listening" / "linux-guest: ready"), both
# timestamped as they arrive. Needs root, /dev/net/tun, iproute2, qemu-system-x86_64, lz4.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 1

readonly NS_PREFIX=osvcmp-
readonly TAP=osvtap0
readonly HOST_ADDRESS=192.168.100.1/24
readonly GUEST=192.168.100.2
readonly OURS_READY="netservices: tcp echo 7, discard 9, source 19 listening"
readonly LINUX_READY="linux-guest: ready"
readonly CONSOLE_TAIL_LINES=6
readonly STOP_GRACE_SECONDS=5

seconds=5
rounds=1
echo_bytes=$((4 << 20))
cpus=1
mem=128M
tests="receive rr send echo"
guests="on off linux"
boot_timeout=120
stall_timeout=10
build=1
linux_dir=artifacts/linux-guest
logs=""
out=""

usage() { sed -n '7,11p' "$0" >&2; exit 2; }

# shellcheck source=benchmarks/lib/guest-common.sh
. "$root/benchmarks/lib/guest-common.sh"
command_line=$(quote_command_line benchmarks/net-compare.sh "$@")

while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=$2; shift ;;
        --rounds) rounds=$2; shift ;;
        --echo-bytes) echo_bytes=$2; shift ;;
        --cpus) cpus=$2; shift ;;
        --mem) mem=$2; shift ;;
        --tests) tests=$2; shift ;;
        --guests) guests=$2; shift ;;
        --boot-timeout) boot_timeout=$2; shift ;;
        --stall-timeout) stall_timeout=$2; shift ;;
        --no-build) build=0 ;;
        --linux-dir) linux_dir=$2; shift ;;
        --logs) logs=$2; shift ;;
        --out) out=$2; shift ;;
        -h|--help) usage ;;
        *) echo "net-compare: unknown argument '$1'" >&2; usage ;;
    esac
    shift
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "net-compare: --rounds takes a positive integer" >&2; exit 2; }
for word in $tests; do
    case "$word" in send|receive|echo|rr) ;; *) echo "net-compare: --tests takes send receive echo rr" >&2; exit 2 ;; esac
done
for word in $guests; do
    case "$word" in on|off|linux) ;; *) echo "net-compare: --guests takes on off linux" >&2; exit 2 ;; esac
done


log() { echo "net-compare: $*" >&2; }
die() { log "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (network namespaces, tap devices)"
[ -e /dev/net/tun ] || die "/dev/net/tun is missing (modprobe tun)"
command -v ip >/dev/null || die "'ip' not found (apt-get install -y iproute2)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found"

[ -n "$logs" ] || logs=$(mktemp -d /tmp/net-compare.XXXXXX)
mkdir -p "$logs"
log "logs in $logs"

# ---------------------------------------------------------------------------------------------
# Build

client_dll=$root/benchmarks/OSv.Benchmarks.Tcp/bin/Release/net10.0/OSv.Benchmarks.Tcp.dll
image=$root/samples/NetServices/bin/Release/net10.0/osv/NetServices.elf
if [ "$build" = 1 ]; then
    log "building the client, our image and the Linux guest ..."
    dotnet build -c Release -nologo -v:q benchmarks/OSv.Benchmarks.Tcp > "$logs/build-client.log" 2>&1 \
        || die "client build failed: $logs/build-client.log"
    ./osv build samples/NetServices -c Release > "$logs/build-image.log" 2>&1 \
        || die "image build failed: $logs/build-image.log"
    image=$(tail -n 1 "$logs/build-image.log")
    benchmarks/LinuxGuest/build.sh "$linux_dir" > "$logs/build-linux.log" 2>&1 \
        || die "Linux guest build failed: $logs/build-linux.log"
fi
[ -f "$client_dll" ] || die "$client_dll missing (drop --no-build)"
[ -f "$image" ] || die "$image missing (drop --no-build)"
[ -f "$linux_dir/initramfs.cpio.gz" ] || die "$linux_dir missing (drop --no-build)"

# ---------------------------------------------------------------------------------------------
# Namespace and cleanup

ns=$NS_PREFIX$$
guest_group=""   # process group of the running guest (setsid made its launcher the leader)
client_pid=""    # the running client's `timeout` (it passes SIGTERM on to the client)

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    trap - EXIT INT TERM
    [ -n "$client_pid" ] && kill -TERM "$client_pid" 2>/dev/null
    kill_guest_group "$guest_group"
    guest_group=""
    delete_namespace "$ns"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

remove_stale_namespaces
create_namespace "$ns" "$HOST_ADDRESS" || die "cannot set up namespace $ns with $TAP"
log "namespace $ns, $TAP $HOST_ADDRESS, guest $GUEST"

# ---------------------------------------------------------------------------------------------
# Guests

guest_label() {
    case "$1" in
        on) echo "ours, net channels on" ;;
        off) echo "ours, net channels off" ;;
        linux) echo "Linux guest" ;;
    esac
}

# Starts guest $1 inside the namespace; its console goes to $2 (timestamped). Sets guest_group.
start_guest() {
    local kind=$1 console=$2
    ip -n "$ns" neigh flush dev "$TAP" 2>/dev/null
    case "$kind" in
        on|off)
            setsid ip netns exec "$ns" ./osv run "$image" --accel tcg --cpus "$cpus" --mem "$mem" \
                --net "tap:$TAP" --verbose --timeout 3600 \
                --kernel-args "ip=$GUEST/24 gw=192.168.100.1 net.channels=$kind" \
                > >(stamp_lines > "$console") 2>&1 < /dev/null &
            ;;
        linux)
            LG_ACCEL=tcg setsid ip netns exec "$ns" benchmarks/LinuxGuest/run.sh "$linux_dir" "$TAP" "$cpus" "$mem" \
                > >(stamp_lines > "$console") 2>&1 < /dev/null &
            ;;
    esac
    guest_group=$!
}

guest_alive() { [ -n "$guest_group" ] && kill -0 "$guest_group" 2>/dev/null; }

# Waits for the ready line; prints boot-to-ready in ms, or returns 1 (timeout or guest exit).
wait_ready() {
    local kind=$1 console=$2 ready deadline spawn_us ready_us
    [ "$kind" = linux ] && ready=$LINUX_READY || ready=$OURS_READY
    deadline=$((SECONDS + boot_timeout))
    while [ $SECONDS -lt $deadline ]; do
        ready_us=$(grep -F -m 1 -- "$ready" "$console" 2>/dev/null | cut -d' ' -f1)
        if [ -n "$ready_us" ]; then
            spawn_us=$(qemu_spawn_us "$console")
            [ -n "$spawn_us" ] || return 1
            echo $(((ready_us - spawn_us) / 1000))
            return 0
        fi
        guest_alive || return 1
        sleep 0.05
    done
    return 1
}

stop_guest() {
    local kind=$1 i
    guest_alive || { guest_group=""; return 0; }
    if [ "$kind" != linux ]; then
        ip netns exec "$ns" bash -c "printf osv:exit > /dev/udp/$GUEST/7" 2>/dev/null
        for ((i = 0; i < STOP_GRACE_SECONDS * 10; i++)); do
            guest_alive || break
            sleep 0.1
        done
    fi
    kill_guest_group "$guest_group"
    guest_group=""
}

# ---------------------------------------------------------------------------------------------
# Client

# One client run of test $1 (output in file $2); sets row to its Markdown row ("| test | path |
# bytes | transactions | seconds | rate | detail |"), or to a synthetic failed row when the client
# printed none. The client runs in the background and is waited for, so a SIGTERM or Ctrl-C
# reaches the trap at once (bash defers traps while a foreground command runs).
run_test() {
    local test=$1 output=$2 limit status
    limit=$((seconds + 3 * stall_timeout + echo_bytes / 1000000 + 30))
    timeout --kill-after=5 "$limit" ip netns exec "$ns" dotnet "$client_dll" --host "$GUEST" \
        --tests "$test" --seconds "$seconds" --echo-bytes "$echo_bytes" --stall-timeout "$stall_timeout" \
        > "$output" 2>&1 < /dev/null &
    client_pid=$!
    wait "$client_pid"
    status=$?
    client_pid=""
    row=$(grep -E '^\| [^-|]' "$output" | grep -v '^| test |' | tail -n 1)
    if [ -z "$row" ]; then
        row="| $test | | 0 | 0 | 0 | | FAILED: the client printed no result (exit $status$([ $status = 124 ] && echo ", killed after $limit s")) |"
    fi
}

# "12.3 MB/s" or "4567 trans/s" from a row; empty when it failed.
row_rate() {
    awk -F'|' '{ detail = $8; if (detail ~ /FAILED/ || $6 + 0 <= 0) exit
                 if ($5 + 0 > 0) printf "%.0f\n", $5 / $6; else printf "%.2f\n", $4 / $6 / 1e6 }' <<< "$1"
}
row_unit() { awk -F'|' '{ print ($5 + 0 > 0) ? "trans/s" : "MB/s" }' <<< "$1"; }
row_field() { awk -F'|' -v n="$2" '{ gsub(/^ +| +$/, "", $n); print $n }' <<< "$1"; }

# ---------------------------------------------------------------------------------------------
# The run

declare -A values       # [guest,test] -> the rates of the rounds that succeeded, space-separated
declare -A fails        # [guest,test] -> footnote references of the rounds that failed
declare -A latency      # [guest,test] -> the client's latency percentiles (first round, TCP_RR)
declare -A unit_of      # [test] -> "MB/s" or "trans/s"
declare -A path_of      # [test] -> path column of the client
declare -A boot_ms      # [guest] -> boot-to-ready of each round's first boot, space-separated
declare -A reboot_ms    # [guest] -> boot-to-ready of the boots after a failure
declare -A boot_fails   # [guest] -> footnote references of boots that never got ready
declare -A qemu_line    # [guest] -> QEMU command line
notes=()

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M')

# Appends a footnote; its number is then ${#notes[@]}.
note() { notes+=("$1"); }

# Boots guest $1 for round $2 (boot number $3); returns 1 when it never got ready (footnoted,
# the remaining tests of the round failed with that footnote).
boot_guest() {
    local kind=$1 round=$2 boot=$3 label ms t
    label=$(guest_label "$kind")
    console=$logs/console-$kind-r$round-$boot.log
    log "$label, round $round: boot $boot ..."
    start_guest "$kind" "$console"
    if ms=$(wait_ready "$kind" "$console"); then
        [ -n "${qemu_line[$kind]:-}" ] || qemu_line[$kind]=$(qemu_command "$console")
        if [ "$boot" = 1 ]; then boot_ms[$kind]+=" $ms"; else reboot_ms[$kind]+=" $ms"; fi
        log "$label: ready after $ms ms"
        return 0
    fi
    note "$label, round $round, boot $boot: no ready line within $boot_timeout s (or the guest exited); console: \`$(console_excerpt "$console")\`"
    [ -n "${qemu_line[$kind]:-}" ] || qemu_line[$kind]=$(qemu_command "$console")
    boot_fails[$kind]+=" [${#notes[@]}]"
    stop_guest "$kind"
    return 1
}

# Round $2 of guest $1: every test on one guest, a fresh guest after a failed test.
measure_guest() {
    local kind=$1 round=$2 label boot=0 booted=0 test rate state t
    label=$(guest_label "$kind")
    for test in $tests; do
        if [ "$booted" = 0 ]; then
            boot=$((boot + 1))
            if ! boot_guest "$kind" "$round" "$boot"; then
                for t in $tests; do [[ " $done_tests " == *" $t "* ]] || fails[$kind,$t]+=" [${#notes[@]}]"; done
                return
            fi
            booted=1
        fi
        log "$label, round $round: $test ..."
        run_test "$test" "$logs/client-$kind-r$round-$test.log"
        path_of[$test]=${path_of[$test]:-$(row_field "$row" 3)}
        rate=$(row_rate "$row")
        if [ -n "$rate" ]; then
            values[$kind,$test]+=" $rate"
            unit_of[$test]=$(row_unit "$row")
            [ "$test" = rr ] && [ -z "${latency[$kind,$test]:-}" ] && latency[$kind,$test]=$(row_field "$row" 8 | sed 's/, max.*//')
            log "$label: $test: $rate ${unit_of[$test]}"
        else
            sleep 1 # let a panicking guest finish printing
            state="guest still running"
            guest_alive || state="guest exited"
            note "$label, round $round, $test: $(row_field "$row" 8); $state; last console lines: \`$(console_excerpt "$console")\`"
            fails[$kind,$test]+=" [${#notes[@]}]"
            log "$label: $test: FAILED ($state)"
            stop_guest "$kind"   # the next test gets a fresh guest
            booted=0
        fi
        done_tests+=" $test "
    done
    stop_guest "$kind"
}

# Rounds interleave the guests (on, off, Linux, on, off, Linux, ...) so load swings hit all.
for ((round = 1; round <= rounds; round++)); do
    for kind in $guests; do
        done_tests=""
        measure_guest "$kind" "$round"
    done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# The table

# "12.34 MB/s", "2470 trans/s (p50 335 µs, p99 2660 µs)", with rounds "… (median of k: min–max)",
# then any failures: "FAILED [1] [3]".
format_cell() {
    local list=$1 unit=$2 digits=$3 failed=$4 detail=${5:-} text="" m
    m=$(median "$list")
    if [ -n "$m" ]; then
        text="$(trim_number "$m" "$digits") $unit"
        if [ "$rounds" -gt 1 ]; then
            [ "$(count "$list")" -gt 1 ] && text+=" (median of $(count "$list"): $(spread "$list"))" || text+=" (1 round)"
        elif [ -n "$detail" ]; then
            text+=" ($detail)"
        fi
    fi
    [ -n "$failed" ] && text+="${text:+; }FAILED$failed"
    echo "${text:-–}"
}

test_name() {
    case "$1" in
        send) echo "bulk send" ;;
        receive) echo "bulk receive" ;;
        echo) echo "echo $((echo_bytes / 1024)) KiB, verified" ;;
        rr) echo "TCP_RR 1 B" ;;
    esac
}

boot_cell() {
    local kind=$1 text
    text=$(format_cell "${boot_ms[$kind]:-}" ms 0 "${boot_fails[$kind]:-}")
    [ -n "${reboot_ms[$kind]:-}" ] && text+="; reboots after a failure:$(tr ' ' '\n' <<< "${reboot_ms[$kind]}" | grep . | sed 's/$/ ms/' | paste -sd, | sed 's/^/ /;s/,/, /g')"
    echo "$text"
}

report() {
    local kind test header separator line
    echo "Command: \`$command_line\`"
    echo
    echo "Measured $started UTC on $(nproc) host cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)),"
    echo "load average $load_start at the start, $load_end at the end; $(qemu-system-x86_64 --version | head -n 1);"
    echo "each guest: TCG, -cpu max, $cpus vCPU, $mem, microvm, virtio-net-device on tap $TAP in namespace $ns;"
    echo "client: OSv.Benchmarks.Tcp inside the namespace, one run per test, ${seconds} s per timed test."
    [ "$rounds" -gt 1 ] && echo "$rounds rounds, the guests interleaved; a cell is the median of the rounds that succeeded, with their range."
    echo "Ratios are ours / Linux of the medians (throughput and trans/s: above 1 = ours faster; boot: below 1 = ours faster)."
    echo
    header="| test | path |"
    separator="|---|---|"
    for kind in $guests; do header+=" $(guest_label "$kind") |"; separator+="---:|"; done
    for kind in $guests; do
        [ "$kind" = linux ] && continue
        [[ " $guests " == *" linux "* ]] || continue
        header+=" ours $kind / Linux |"; separator+="---:|"
    done
    echo "$header"
    echo "$separator"
    line="| boot to ready | QEMU spawn → ready line |"
    for kind in $guests; do line+=" $(boot_cell "$kind") |"; done
    for kind in $guests; do
        [ "$kind" = linux ] || [[ " $guests " != *" linux "* ]] && continue
        line+=" $(ratio "${boot_ms[$kind]:-}" "${boot_ms[linux]:-}") |"
    done
    echo "$line"
    local digits
    for test in $tests; do
        line="| $(test_name "$test") | ${path_of[$test]:-} |"
        [ "${unit_of[$test]:-}" = trans/s ] && digits=0 || digits=2
        for kind in $guests; do
            line+=" $(format_cell "${values[$kind,$test]:-}" "${unit_of[$test]:-}" "$digits" "${fails[$kind,$test]:-}" "${latency[$kind,$test]:-}") |"
        done
        for kind in $guests; do
            [ "$kind" = linux ] || [[ " $guests " != *" linux "* ]] && continue
            line+=" $(ratio "${values[$kind,$test]:-}" "${values[linux,$test]:-}") |"
        done
        echo "$line"
    done
    echo
    if [ ${#notes[@]} -gt 0 ]; then
        echo "Failures:"
        echo
        local i
        for i in "${!notes[@]}"; do echo "$((i + 1)). ${notes[$i]}"; done
        echo
    fi
    echo "QEMU command lines (as launched inside the namespace):"
    echo
    for kind in $guests; do
        echo "* $(guest_label "$kind"): \`${qemu_line[$kind]:-(none captured)}\`"
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
for kind in $guests; do
    [ -n "${boot_fails[$kind]:-}" ] && failed=1
    for test in $tests; do [ -n "${fails[$kind,$test]:-}" ] && failed=1; done
done
exit $failed
