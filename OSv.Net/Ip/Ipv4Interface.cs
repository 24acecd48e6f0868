// One interface's IPv4 configuration (address, mask, default gateway) and the host's routing
// decision, after RFC 1122 3.3.1: a host has no routing table beyond "on my link, or through a
// gateway". Route(destination) answers:
//   - Broadcast: 255.255.255.255 (limited broadcast, RFC 919) or the subnet's directed broadcast
//     (host part all ones, RFC 922): sent to the Ethernet broadcast address, no ARP;
//   - OnLink: (destination ^ address) & mask == 0 (RFC 1122 3.3.1.1, the local/remote decision):
//     the next hop is the destination itself;
//   - ViaGateway: otherwise, when a default gateway is configured (3.3.1.2);
//   - NoRoute: no gateway, or a destination that is never routed (0.0.0.0, loopback, multicast:
//     this stack joins no groups, RFC 1112 level 0), counted by the caller;
//   - NotConfigured: no address yet (DHCP still running); only Broadcast is possible then.
// A plain value: the stack replaces it when DHCP binds or loses a lease, nothing else mutates it.
using OSv.Net.Wire;

namespace OSv.Net.Ip
{
    public enum RouteResult : byte
    {
        OnLink,
        ViaGateway,
        Broadcast,
        NoRoute,
        NotConfigured,
    }

    public readonly struct Ipv4Interface
    {
        public Ipv4Interface(Ipv4Address address, Ipv4Address mask, Ipv4Address gateway)
        {
            Address = address;
            Mask = mask;
            Gateway = gateway;
        }

        public Ipv4Address Address { get; }
        public Ipv4Address Mask { get; }
        public Ipv4Address Gateway { get; }

        public bool IsConfigured => !Address.IsUnspecified;

        // The directed broadcast of the subnet: host part all ones.
        public Ipv4Address SubnetBroadcast => new Ipv4Address(Address.Value | ~Mask.Value);

        public bool IsOnLink(Ipv4Address destination) =>
            IsConfigured && ((destination.Value ^ Address.Value) & Mask.Value) == 0;

        // Limited broadcast always; the directed broadcast only when a subnet has one (not /31, /32).
        public bool IsBroadcast(Ipv4Address destination) =>
            destination.IsBroadcast ||
            (IsConfigured && (~Mask.Value) > 1 && destination == SubnetBroadcast);

        public RouteResult Route(Ipv4Address destination, out Ipv4Address nextHop)
        {
            nextHop = destination;
            if (IsBroadcast(destination))
                return RouteResult.Broadcast;
            if (!IsConfigured)
                return RouteResult.NotConfigured;
            if (destination.IsUnspecified || destination.IsLoopback || destination.IsMulticast)
                return RouteResult.NoRoute;
            if (IsOnLink(destination))
                return RouteResult.OnLink;
            if (Gateway.IsUnspecified)
                return RouteResult.NoRoute;
            nextHop = Gateway;
            return RouteResult.ViaGateway;
        }

        // A netmask is a run of ones followed by a run of zeros (RFC 950); 0.0.0.0 is refused.
        public static bool IsContiguousMask(Ipv4Address mask)
        {
            uint inverted = ~mask.Value;
            return mask.Value != 0 && (inverted & (inverted + 1)) == 0;
        }

        public static Ipv4Address MaskFromPrefix(int prefixLength) =>
            new Ipv4Address(prefixLength <= 0 ? 0u : prefixLength >= 32 ? 0xFFFF_FFFFu : ~(0xFFFF_FFFFu >> prefixLength));

        // The classful default (RFC 791's classes A, B, C), which Linux's ip= option also uses
        // when no netmask is given.
        public static Ipv4Address ClassfulMask(Ipv4Address address)
        {
            uint first = address.Value >> 24;
            return MaskFromPrefix(first < 128 ? 8 : first < 192 ? 16 : 24);
        }

        // An address a host may have as its own or as a gateway (RFC 1122 3.2.1.3).
        public static bool IsHostAddress(Ipv4Address address) =>
            !address.IsUnspecified && !address.IsBroadcast && !address.IsMulticast && !address.IsLoopback &&
            (address.Value >> 28) != 0xF; // 240.0.0.0/4 is reserved
    }
}
