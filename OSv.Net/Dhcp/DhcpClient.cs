// A DHCP client (RFC 2131) for one Ethernet interface, as a pure state machine: it reads no clock
// (every call takes nowNs), sends nothing itself (TryTakeMessage writes the next message into the
// caller's buffer when one is due), and keeps no buffers beyond its fields. The stack sends its
// messages from port 68 to port 67 (0.0.0.0 -> 255.255.255.255 before configuration), passes
// every datagram for port 68 to Receive, applies the lease on Bound/Renewed and drops it on Lost.
//
// States (RFC 2131 figure 5, without INIT-REBOOT: an appliance boots from scratch):
//   INIT       --TryTakeMessage: DHCPDISCOVER-->                      SELECTING
//   SELECTING  --DHCPOFFER: DHCPREQUEST (broadcast, options 50, 54)--> REQUESTING
//   REQUESTING --DHCPACK: lease (event Bound)-->                      BOUND
//   REQUESTING --DHCPNAK, or DhcpRequestAttemptsMax requests unanswered--> INIT
//   BOUND      --T1: DHCPREQUEST unicast to the server (ciaddr set)--> RENEWING
//   RENEWING   --T2: DHCPREQUEST broadcast-->                         REBINDING
//   RENEWING, REBINDING --DHCPACK: lease extended (event Renewed)-->  BOUND
//   RENEWING, REBINDING --DHCPNAK or lease expiry (event Lost)-->     INIT
// The first offer is taken (3.1 step 3 allows that). T1 and T2 default to 0.5 and 0.875 of
// the lease (4.4.5) when options 58 and 59 are absent; an infinite lease never renews.
//
// Retransmission (4.1): in SELECTING and REQUESTING, 4 s before the first retransmission, then
// doubling up to 64 s, each randomised by -1..+1 s (in milliseconds, from a xorshift generator
// seeded from the stack's secret and the MAC address, so two appliances booted together
// desynchronise and a seed replays exactly). SELECTING retries forever at 64 s; REQUESTING gives
// up after DhcpRequestAttemptsMax requests. In RENEWING and REBINDING the wait is half the time
// left to T2 or to the lease's end, at least 60 s (4.4.5). The transaction id (xid) is a fresh
// random number per exchange, kept across its retransmissions; replies with another xid, another
// chaddr, or in the wrong state are ignored (counted).
//
// Departures: no ARP probe of the offered address before use (3.1 step 5 SHOULD; slirp and
// cloud DHCP servers hand out addresses they track), no DHCPDECLINE/DHCPRELEASE, and no random
// 1-10 s delay before the first DISCOVER (4.4.1), so boot is not slowed.
using System;
using OSv.Net.Ip;
using OSv.Net.Wire;

namespace OSv.Net.Dhcp
{
    public enum DhcpState : byte
    {
        Init,
        Selecting,
        Requesting,
        Bound,
        Renewing,
        Rebinding,
    }

    public enum DhcpEvent : byte
    {
        None,
        Bound,     // a new lease: apply it
        Renewed,   // the lease was extended (its address may have changed): apply it again
        Lost,      // the lease ended or was refused: stop using the address
    }

    public struct DhcpCounters
    {
        public long Discovers;
        public long Requests;
        public long Offers;
        public long Acks;
        public long Naks;
        public long Ignored;          // wrong xid, chaddr, state, or malformed
        public long RequestGiveUps;   // REQUESTING went back to INIT unanswered
        public long LeasesLost;
    }

    public sealed class DhcpClient
    {
        private const long NanosecondsPerSecond = 1_000_000_000;
        private const long NanosecondsPerMillisecond = 1_000_000;

        private readonly MacAddress _hardwareAddress;
        private uint _random;             // xorshift32 state, never zero
        private uint _transactionId;
        private long _exchangeStartNs;
        private long _sendDueNs;          // the next message; long.MaxValue when none
        private int _attempts;            // messages sent in the current state
        private Ipv4Address _offered;
        private Ipv4Address _server;
        private DhcpCounters _counters;

        public DhcpClient(MacAddress hardwareAddress, uint secret)
        {
            _hardwareAddress = hardwareAddress;
            uint seed = secret ^ (uint)hardwareAddress.Value ^ (uint)(hardwareAddress.Value >> 32) * 0x9E3779B9u;
            _random = seed == 0 ? 0x6D2B79F5u : seed;
            State = DhcpState.Init;
            _sendDueNs = long.MinValue; // the first DISCOVER goes at the first poll
        }

        public DhcpState State { get; private set; }

        public bool HasLease => State == DhcpState.Bound || State == DhcpState.Renewing || State == DhcpState.Rebinding;

        public DhcpLease Lease { get; private set; }

        public uint TransactionId => _transactionId;

        public DhcpCounters Counters => _counters;

        // When Tick/TryTakeMessage next have work; long.MinValue before the first DISCOVER (due now).
        public long NextDeadlineNs => Math.Min(_sendDueNs, LeaseTimerNs());

        // Time-driven transitions due at nowNs: T1, T2, the lease's end, a REQUESTING give-up.
        public DhcpEvent Tick(long nowNs)
        {
            if (HasLease && nowNs >= Lease.ExpiresAtNs)
            {
                _counters.LeasesLost++;
                Restart(nowNs);
                return DhcpEvent.Lost;
            }
            if ((State == DhcpState.Bound || State == DhcpState.Renewing) && nowNs >= Lease.RebindAtNs)
                StartExchange(DhcpState.Rebinding, nowNs);
            else if (State == DhcpState.Bound && nowNs >= Lease.RenewAtNs)
                StartExchange(DhcpState.Renewing, nowNs);
            else if (State == DhcpState.Requesting && nowNs >= _sendDueNs && _attempts >= NetLimits.DhcpRequestAttemptsMax)
            {
                _counters.RequestGiveUps++;
                Restart(nowNs);
            }
            return DhcpEvent.None;
        }

        // The message due at nowNs, if any, into buffer (NetLimits.DhcpMessageBytesMin at least);
        // destination is 255.255.255.255 or, when renewing, the server. Call Tick first.
        public bool TryTakeMessage(long nowNs, Span<byte> buffer, out int length, out Ipv4Address destination)
        {
            length = 0;
            destination = Ipv4Address.Broadcast;
            if (nowNs < _sendDueNs || State == DhcpState.Bound)
                return false;
            if (State == DhcpState.Init)
                StartExchange(DhcpState.Selecting, nowNs);
            ushort seconds = (ushort)Math.Min((nowNs - _exchangeStartNs) / NanosecondsPerSecond, ushort.MaxValue);
            Ipv4Address none = Ipv4Address.Any;
            switch (State)
            {
                case DhcpState.Selecting:
                    length = DhcpWriter.Write(buffer, DhcpMessageType.Discover, _transactionId, seconds, none, _hardwareAddress, none, none);
                    _counters.Discovers++;
                    break;
                case DhcpState.Requesting:
                    length = DhcpWriter.Write(buffer, DhcpMessageType.Request, _transactionId, seconds, none, _hardwareAddress, _offered, _server);
                    _counters.Requests++;
                    break;
                default:
                    // RENEWING unicasts to the server that granted the lease; REBINDING asks anyone (4.4.5).
                    length = DhcpWriter.Write(buffer, DhcpMessageType.Request, _transactionId, seconds, Lease.Address, _hardwareAddress, none, none);
                    if (State == DhcpState.Renewing && !Lease.ServerIdentifier.IsUnspecified)
                        destination = Lease.ServerIdentifier;
                    _counters.Requests++;
                    break;
            }
            _attempts++;
            _sendDueNs = nowNs + RetransmitDelayNs(nowNs);
            return true;
        }

        // A datagram that arrived on port 68.
        public DhcpEvent Receive(ReadOnlySpan<byte> payload, long nowNs)
        {
            if (!DhcpMessage.TryCreate(payload, out DhcpMessage message).IsOk || message.Op != DhcpMessage.OpReply ||
                message.TransactionId != _transactionId || message.ClientHardwareAddress != _hardwareAddress ||
                !message.ReadOptions(out DhcpOptions options).IsOk)
                return Ignore();
            switch (options.MessageType)
            {
                case DhcpMessageType.Offer:
                    return ReceiveOffer(message.YourAddress, options, nowNs);
                case DhcpMessageType.Ack:
                    return ReceiveAck(message.YourAddress, options, nowNs);
                case DhcpMessageType.Nak:
                    return ReceiveNak(options, nowNs);
                default:
                    return Ignore();
            }
        }

        private DhcpEvent ReceiveOffer(Ipv4Address offered, in DhcpOptions options, long nowNs)
        {
            if (State != DhcpState.Selecting || !Ipv4Interface.IsHostAddress(offered) || options.ServerIdentifier.IsUnspecified)
                return Ignore();
            _counters.Offers++;
            _offered = offered;
            _server = options.ServerIdentifier;
            State = DhcpState.Requesting;
            _attempts = 0;
            _sendDueNs = nowNs; // the REQUEST goes at once, same xid (3.1 step 3)
            return DhcpEvent.None;
        }

        private DhcpEvent ReceiveAck(Ipv4Address address, in DhcpOptions options, long nowNs)
        {
            bool renewing = State == DhcpState.Renewing || State == DhcpState.Rebinding;
            if ((State != DhcpState.Requesting && !renewing) || !FromOurServer(options) ||
                !Ipv4Interface.IsHostAddress(address) || !options.HasLease)
                return Ignore();
            _counters.Acks++;
            Ipv4Address mask = options.HasMask && Ipv4Interface.IsContiguousMask(options.Mask)
                ? options.Mask : Ipv4Interface.ClassfulMask(address);
            Lease = MakeLease(address, options, mask, nowNs);
            State = DhcpState.Bound;
            _attempts = 0;
            _sendDueNs = long.MaxValue;
            return renewing ? DhcpEvent.Renewed : DhcpEvent.Bound;
        }

        private DhcpEvent ReceiveNak(in DhcpOptions options, long nowNs)
        {
            if ((State != DhcpState.Requesting && !HasLease) || State == DhcpState.Bound || !FromOurServer(options))
                return Ignore();
            _counters.Naks++;
            bool hadLease = HasLease;
            Restart(nowNs);
            if (!hadLease)
                return DhcpEvent.None;
            _counters.LeasesLost++;
            return DhcpEvent.Lost;
        }

        // REQUESTING and RENEWING talk to one server; in REBINDING any server may answer.
        private bool FromOurServer(in DhcpOptions options)
        {
            if (State == DhcpState.Requesting)
                return options.ServerIdentifier == _server;
            if (State == DhcpState.Renewing)
                return options.ServerIdentifier.IsUnspecified || options.ServerIdentifier == Lease.ServerIdentifier;
            return true;
        }

        private static DhcpLease MakeLease(Ipv4Address address, in DhcpOptions options, Ipv4Address mask, long nowNs)
        {
            if (options.LeaseSeconds == DhcpMessage.InfiniteLease)
                return new DhcpLease(address, options, mask, long.MaxValue, long.MaxValue, long.MaxValue);
            long leaseNs = options.LeaseSeconds * NanosecondsPerSecond;
            long renewNs = options.HasRenewal && options.RenewalSeconds <= options.LeaseSeconds
                ? options.RenewalSeconds * NanosecondsPerSecond : leaseNs / 2;
            long rebindNs = options.HasRebinding && options.RebindingSeconds <= options.LeaseSeconds
                ? options.RebindingSeconds * NanosecondsPerSecond : leaseNs / 8 * 7;
            if (rebindNs < renewNs)
                rebindNs = renewNs;
            return new DhcpLease(address, options, mask, nowNs + renewNs, nowNs + rebindNs, nowNs + leaseNs);
        }

        private long LeaseTimerNs()
        {
            switch (State)
            {
                case DhcpState.Bound: return Lease.RenewAtNs;
                case DhcpState.Renewing: return Math.Min(Lease.RebindAtNs, Lease.ExpiresAtNs);
                case DhcpState.Rebinding: return Lease.ExpiresAtNs;
                default: return long.MaxValue;
            }
        }

        // How long after a message sent at nowNs the next one (or the give-up) is due.
        private long RetransmitDelayNs(long nowNs)
        {
            if (State == DhcpState.Renewing)
                return Math.Max(NetLimits.DhcpRenewRetransmitMinNs, (Lease.RebindAtNs - nowNs) / 2);
            if (State == DhcpState.Rebinding)
                return Math.Max(NetLimits.DhcpRenewRetransmitMinNs, (Lease.ExpiresAtNs - nowNs) / 2);
            long baseNs = NetLimits.DhcpRetransmitInitialNs;
            for (int i = 1; i < _attempts && baseNs < NetLimits.DhcpRetransmitMaxNs; i++)
                baseNs *= 2;
            baseNs = Math.Min(baseNs, NetLimits.DhcpRetransmitMaxNs);
            long jitterMs = NetLimits.DhcpRetransmitJitterNs / NanosecondsPerMillisecond;
            long offsetMs = (long)(NextRandom() % (uint)(2 * jitterMs + 1)) - jitterMs;
            return baseNs + offsetMs * NanosecondsPerMillisecond;
        }

        private void StartExchange(DhcpState state, long nowNs)
        {
            State = state;
            _transactionId = NextRandom();
            _exchangeStartNs = nowNs;
            _attempts = 0;
            _sendDueNs = nowNs;
        }

        private void Restart(long nowNs)
        {
            State = DhcpState.Init;
            Lease = default;
            _offered = default;
            _server = default;
            _attempts = 0;
            _sendDueNs = nowNs;
        }

        private DhcpEvent Ignore()
        {
            _counters.Ignored++;
            return DhcpEvent.None;
        }

        // Marsaglia's xorshift32 (2003): a full-period generator over nonzero 32-bit states.
        private uint NextRandom()
        {
            uint x = _random;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _random = x;
            return x;
        }
    }
}
