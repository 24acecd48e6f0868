#!/usr/bin/perl
# A tiny memcached client for the benchmark harness (benchmarks/memcached-compare.sh): waits for a
# server to answer, or checks that it serves a set and a get. Only core Perl modules, one process,
# so polling does not steal the 2 host cores from the guest being timed.
#
#   memcached-probe.pl version HOST PORT TIMEOUT_S [WATCH_PID]
#       Polls until a TCP "version\r\n" is answered with "VERSION ...\r\n"; prints the wall clock of
#       that reply in microseconds since the epoch (the same clock as bash's EPOCHREALTIME) and
#       exits 0. Exits 1 after TIMEOUT_S seconds, or as soon as WATCH_PID (the guest's launcher)
#       is gone.
#   memcached-probe.pl setget HOST PORT TIMEOUT_S
#       One connection: "set" of a 1000-byte value, "get" of it back, "delete"; exits 0 when all
#       three replies are exactly right, 1 otherwise (message on stderr).
#   memcached-probe.pl fill HOST PORT TIMEOUT_S MEGABYTES [WATCH_PID]
#       One connection: pipelined "set fill-N 0 0 1000 noreply" until MEGABYTES MiB of values are
#       sent (reading whatever comes back meanwhile, so neither side blocks), then "version" as a
#       barrier, then the setget check. Exits 0 when nothing but the expected replies came back
#       within TIMEOUT_S, 1 otherwise (message on stderr); gives up as soon as WATCH_PID is gone
#       (a guest that panicked). For the minimum-RAM bisection: with MEGABYTES above the cache
#       size the server must evict, not run out of memory.
#
# Why not one blocking connect in a loop: a SYN sent before the guest's NIC is up is lost, and the
# kernel retransmits it only after 1 s, then 2 s, ..., which would quantise boot-to-ready to
# seconds. Instead a fresh non-blocking connect starts every ATTEMPT_INTERVAL_S, up to
# ATTEMPTS_PENDING_MAX of them pending at once, each given ATTEMPT_LIFETIME_S; the first one that
# connects sends "version". The harness pins the guest's ARP entry, so no ARP retry interval
# hides in the figure either. Resolution: ATTEMPT_INTERVAL_S plus one round trip.
use strict;
use warnings;
use Socket qw(AF_INET SOCK_STREAM IPPROTO_TCP TCP_NODELAY SOL_SOCKET SO_ERROR inet_aton pack_sockaddr_in);
use IO::Select;
use Errno qw(EINPROGRESS);
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);
use Time::HiRes qw(time sleep);

use constant ATTEMPT_INTERVAL_S => 0.01;
use constant ATTEMPT_LIFETIME_S => 1.0;
use constant ATTEMPTS_PENDING_MAX => 64;
use constant REPLY_TIMEOUT_S => 2.0;

my ($mode, $host, $port, $timeout_s, $extra, $fill_watch_pid) = @ARGV;
my $watch_pid = $mode eq 'version' ? $extra : $fill_watch_pid;
my $fill_megabytes = $mode eq 'fill' ? $extra : 0;
die "usage: $0 version|setget|fill HOST PORT TIMEOUT_S [WATCH_PID|MEGABYTES]\n"
    unless defined $timeout_s && $mode =~ /^(version|setget|fill)$/;
my $address = inet_aton($host) or die "probe: bad host $host\n";
my $peer = pack_sockaddr_in($port, $address);
my $deadline = time + $timeout_s;

# A non-blocking socket with its connect started; undef when socket() fails.
sub start_connect {
    socket(my $socket, AF_INET, SOCK_STREAM, 0) or return undef;
    my $flags = fcntl($socket, F_GETFL, 0);
    fcntl($socket, F_SETFL, $flags | O_NONBLOCK);
    setsockopt($socket, IPPROTO_TCP, TCP_NODELAY, 1);
    return $socket if connect($socket, $peer) || $! == EINPROGRESS;
    close $socket;
    return undef;
}

# Sends $request and reads until the reply ends with $terminator; the reply, or undef on a
# timeout ($timeout s, default REPLY_TIMEOUT_S), an error or the peer closing.
sub exchange {
    my ($socket, $request, $terminator, $timeout) = @_;
    my $until = time + ($timeout // REPLY_TIMEOUT_S);
    my $sent = 0;
    my $select = IO::Select->new($socket);
    while ($sent < length $request) {
        return undef if time > $until || !$select->can_write($until - time);
        my $n = syswrite($socket, $request, length($request) - $sent, $sent);
        return undef unless defined $n;
        $sent += $n;
    }
    my $reply = '';
    while (substr($reply, -length $terminator) ne $terminator) {
        return undef if time > $until || !$select->can_read($until - time);
        my $n = sysread($socket, $reply, 65536, length $reply);
        return undef unless $n;
    }
    return $reply;
}

sub watched_gone { return defined $watch_pid && !kill(0, $watch_pid); }

sub poll_version {
    my %started;   # fileno -> [socket, start time]
    my $next_attempt = 0;
    while (time < $deadline) {
        exit 1 if watched_gone();
        my $now = time;
        if ($now >= $next_attempt && keys(%started) < ATTEMPTS_PENDING_MAX) {
            my $socket = start_connect();
            $started{fileno $socket} = [$socket, $now] if $socket;
            $next_attempt = $now + ATTEMPT_INTERVAL_S;
        }
        for my $key (keys %started) {   # drop attempts past their lifetime
            next if $now - $started{$key}[1] < ATTEMPT_LIFETIME_S;
            close $started{$key}[0];
            delete $started{$key};
        }
        my $select = IO::Select->new(map { $_->[0] } values %started);
        for my $socket ($select->can_write(ATTEMPT_INTERVAL_S)) {
            my $error = getsockopt($socket, SOL_SOCKET, SO_ERROR);
            delete $started{fileno $socket};
            if (!defined $error || unpack('i', $error) != 0) { close $socket; next; }
            my $reply = exchange($socket, "version\r\n", "\r\n");
            if (defined $reply && $reply =~ /^VERSION \S+\r\n\z/) {
                printf "%.0f\n", time * 1e6;
                exit 0;
            }
            close $socket;
        }
        sleep ATTEMPT_INTERVAL_S unless keys %started;
    }
    exit 1;
}

sub fail { print STDERR "probe: @_\n"; exit 1; }

# A connected non-blocking socket, or exits 1.
sub connect_or_fail {
    my $socket = start_connect() or fail("socket: $!");
    IO::Select->new($socket)->can_write($deadline - time) or fail("connect timed out");
    my $error = getsockopt($socket, SOL_SOCKET, SO_ERROR);
    fail("connect failed") if !defined $error || unpack('i', $error) != 0;
    return $socket;
}

sub value_of_bytes { my ($n) = @_; return join('', map { chr(ord('a') + $_ % 26) } 0 .. $n - 1); }

sub check_set_get {
    my ($socket) = @_;
    my $value = value_of_bytes(1000);
    my @steps = (["set probe-key 5 0 1000\r\n$value\r\n", "\r\n", "STORED\r\n"],
                 ["get probe-key\r\n", "END\r\n", "VALUE probe-key 5 1000\r\n$value\r\nEND\r\n"],
                 ["delete probe-key\r\n", "\r\n", "DELETED\r\n"]);
    for my $step (@steps) {
        my ($request, $terminator, $expected) = @$step;
        my $reply = exchange($socket, $request, $terminator);
        next if defined $reply && $reply eq $expected;
        my $shown = defined $reply ? substr($reply, 0, 60) : '(no reply)';
        $shown =~ s/\r\n/\\r\\n/g;
        fail("'" . (split /\r\n/, $request)[0] . "' answered '$shown'");
    }
    exit 0;
}

# Pipelined noreply sets of $megabytes MiB of 1000-byte values, then a "version" barrier.
sub fill {
    my ($socket, $megabytes) = @_;
    my $value = value_of_bytes(1000);
    my $items = int($megabytes * 1048576 / 1000);
    my $select = IO::Select->new($socket);
    my ($next, $pending, $received) = (0, '', '');
    while ($next < $items || length $pending) {
        fail("fill timed out after $next of $items sets") if time > $deadline;
        fail("the server's process exited during the fill after $next sets") if watched_gone();
        while (length $pending < 65536 && $next < $items) {
            $pending .= "set fill-$next 0 0 1000 noreply\r\n$value\r\n";
            $next++;
        }
        my ($readable, $writable) = IO::Select->select($select, $select, undef, 0.5);
        if ($readable && @$readable) {
            my $n = sysread($socket, $received, 65536, length $received);
            fail("connection closed during the fill after $next sets") unless $n;
            fail("unexpected reply during the fill: '" . substr($received, 0, 60) . "'") if length $received;
        }
        if ($writable && @$writable) {
            my $n = syswrite($socket, $pending);
            fail("write failed during the fill: $!") unless defined $n;
            substr($pending, 0, $n) = '';
        }
    }
    # The barrier waits for the server to work through what is still buffered.
    my $reply = exchange($socket, "version\r\n", "\r\n", $deadline - time);
    fail("no version reply after the fill") unless defined $reply && $reply =~ /^VERSION \S+\r\n\z/;
}

if ($mode eq 'version') { poll_version(); }
my $socket = connect_or_fail();
fill($socket, $fill_megabytes) if $mode eq 'fill';
check_set_get($socket);
