# shellcheck shell=bash
# Shared pieces of the guest-comparison benchmarks (benchmarks/net-compare.sh,
# benchmarks/memcached-compare.sh): the network namespace with its tap, stopping a guest's process
# group, timestamped consoles, the QEMU command line and a console excerpt for footnotes, and the
# statistics of the table (median, range). Sourced, never run.
#
# The sourcing script defines, before calling anything here:
#   NS_PREFIX            namespace name prefix; a namespace is NS_PREFIX<pid of its script>
#   TAP                  the tap's name inside the namespace
#   STOP_GRACE_SECONDS   how long a SIGTERMed process group gets before SIGKILL
#   CONSOLE_TAIL_LINES   how many console lines a footnote shows
#   log MESSAGE...       progress on stderr
#
# Invariants: only the script that owns a namespace puts processes in it, so killing every pid in
# it kills only that script's guests and clients; a namespace whose owning pid is gone (the
# script was SIGKILLed and skipped its trap) is stale and may be deleted by any later run.

# Kills every process inside namespace $1.
kill_namespace_processes() {
    local pid
    for pid in $(ip netns pids "$1" 2>/dev/null); do
        kill -KILL "$pid" 2>/dev/null
    done
}

# Namespaces of earlier runs whose script is gone (SIGKILL skips the trap).
remove_stale_namespaces() {
    local name pid
    for name in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$NS_PREFIX"); do
        pid=${name#"$NS_PREFIX"}
        { [ "$pid" = $$ ] || [ -d "/proc/$pid" ]; } && continue
        log "removing stale namespace $name"
        kill_namespace_processes "$name"
        ip -n "$name" link delete "$TAP" 2>/dev/null
        ip netns delete "$name" 2>/dev/null
    done
}

# Creates namespace $1 with lo up and tap TAP holding host address $2 (CIDR), up.
create_namespace() {
    local ns=$1 address=$2
    ip netns add "$ns" || return 1
    ip -n "$ns" link set lo up &&
        ip -n "$ns" tuntap add dev "$TAP" mode tap &&
        ip -n "$ns" address add "$address" dev "$TAP" &&
        ip -n "$ns" link set "$TAP" up
}

# Kills what is left in namespace $1 and deletes its tap and the namespace (no-op when absent).
delete_namespace() {
    local ns=$1
    ip netns list 2>/dev/null | grep -q "^$ns\b" || return 0
    kill_namespace_processes "$ns"
    ip -n "$ns" link delete "$TAP" 2>/dev/null
    ip netns delete "$ns" 2>/dev/null
}

# SIGTERM to process group $1 (osv run passes it on to QEMU; QEMU quits), SIGKILL if it is still
# there after STOP_GRACE_SECONDS. Empty $1: nothing to do.
kill_guest_group() {
    local group=$1 i
    [ -n "$group" ] || return 0
    kill -TERM -- "-$group" 2>/dev/null || return 0
    for ((i = 0; i < STOP_GRACE_SECONDS * 10; i++)); do
        kill -0 -- "-$group" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$group" 2>/dev/null
    sleep 0.2
}

# Each line of stdin, prefixed with the wall clock in microseconds (bash's EPOCHREALTIME).
stamp_lines() {
    local line
    while IFS= read -r line; do
        printf '%s %s\n' "${EPOCHREALTIME//[.,]/}" "${line%$'\r'}"
    done
}

# The timestamp (µs) of the line where the launcher printed QEMU's command line (`osv run
# --verbose`, run.sh), i.e. just before it spawned QEMU; empty when absent. $1: stamped console.
qemu_spawn_us() {
    grep -E -m 1 '^[0-9]+ (osv: )?[^ ]*qemu-system' "$1" | cut -d' ' -f1
}

# The QEMU command line as the launcher printed it; run.sh's `printf %q` form (backslash-escaped
# commas and spaces) is re-quoted the way `osv run --verbose` prints it, so both read alike.
qemu_command() {
    grep -E -m 1 '^[0-9]+ (osv: )?[^ ]*qemu-system' "$1" | cut -d' ' -f2- | sed 's/^osv: //' | awk '
        function flush() { if (word != "") { out = out (out == "" ? "" : " ") (spaced ? "\047" word "\047" : word) }; word = ""; spaced = 0 }
        { if ($0 ~ /\047/) { print; next }   # already quoted by osv run
          for (i = 1; i <= length($0); i++) {
              c = substr($0, i, 1)
              if (c == "\\") { i++; c = substr($0, i, 1); if (c == " ") spaced = 1; word = word c }
              else if (c == " ") flush()
              else word = word c
          }
          flush(); print out }'
}

# The console $1 (stamped) for a footnote, on one line ("⏎"-joined): after a panic its "PANIC"
# line, the first frames outside the runtime (where it was thrown) and the last line; otherwise
# the last CONSOLE_TAIL_LINES lines.
console_excerpt() {
    cut -d' ' -f2- "$1" | grep -v -E '^[[:space:]]*$|^(osv: )?[^ ]*qemu-system|^osv: accelerator' |
        awk -v tail="$CONSOLE_TAIL_LINES" '
        { line[NR] = $0 }
        /^PANIC/ && !panic { panic = NR }
        END {
            n = 0
            if (panic) {
                pick[++n] = panic; frames = 0
                for (i = panic + 1; i <= NR && frames < 3; i++)
                    if (line[i] ~ /^ +0x[0-9a-f]+ / && line[i] !~ /OSv_Runtime_/) { pick[++n] = i; frames++ }
                if (pick[n] != NR) pick[++n] = NR
            } else {
                for (i = (NR > tail ? NR - tail + 1 : 1); i <= NR; i++) pick[++n] = i
            }
            if (NR == 0) printf "(no console output)"
            for (k = 1; k <= n; k++) {
                text = line[pick[k]]; gsub(/^ +/, "", text); gsub(/\|/, "\\|", text); gsub(/`/, "'"'"'", text)
                printf "%s%s", (k > 1 ? " ⏎ " : ""), text
            }
        }'
}

# The median of space-separated numbers (empty when none).
median() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%.2f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# "min–max" of space-separated numbers (empty for fewer than two).
spread() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR > 1) printf "%s–%s", v[1], v[NR] }'; }
count() { wc -w <<< "$1"; }
trim_number() { awk -v x="$1" -v d="$2" 'BEGIN { printf "%.*f", d, x }'; }

# median($1) / median($2) with two decimals, or "–" when either is missing or the divisor is 0.
ratio() {
    local a b
    a=$(median "${1:-}") b=$(median "${2:-}")
    if [ -z "$a" ] || [ -z "$b" ]; then echo "–"; return; fi
    awk -v a="$a" -v b="$b" 'BEGIN { if (b + 0 > 0) printf "%.2f\n", a / b; else print "–" }'
}

# The shell-quoted form of a command line for the report: words that need no quoting as they are.
quote_command_line() {
    local text=$1 word
    shift
    for word in "$@"; do
        if [[ "$word" =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then text+=" $word"; else text+=" '${word//\'/\'\\\'\'}'"; fi
    done
    echo "$text"
}
