// What a DHCPACK grants (RFC 2131 3.1 step 5, 4.4.5): the address and the configuration the
// stack applies, and the lease's three times, as absolute nanoseconds on the caller's clock
// (long.MaxValue for an infinite lease). A plain value the client hands out.
using OSv.Net.Wire;

namespace OSv.Net.Dhcp
{
    public readonly struct DhcpLease
    {
        public DhcpLease(Ipv4Address address, in DhcpOptions options, Ipv4Address mask, long renewAtNs, long rebindAtNs, long expiresAtNs)
        {
            Address = address;
            Mask = mask;
            Router = options.Router;
            ServerIdentifier = options.ServerIdentifier;
            LeaseSeconds = options.LeaseSeconds;
            DnsServerCount = options.DnsServerCount;
            _dns0 = options.DnsServer0;
            _dns1 = options.DnsServer1;
            _dns2 = options.DnsServer2;
            RenewAtNs = renewAtNs;
            RebindAtNs = rebindAtNs;
            ExpiresAtNs = expiresAtNs;
        }

        private readonly Ipv4Address _dns0;
        private readonly Ipv4Address _dns1;
        private readonly Ipv4Address _dns2;

        public Ipv4Address Address { get; }
        public Ipv4Address Mask { get; }
        public Ipv4Address Router { get; }            // Any when the server sent none
        public Ipv4Address ServerIdentifier { get; }
        public uint LeaseSeconds { get; }
        public int DnsServerCount { get; }
        public long RenewAtNs { get; }                // T1
        public long RebindAtNs { get; }               // T2
        public long ExpiresAtNs { get; }

        public Ipv4Address DnsServer(int index) => index == 0 ? _dns0 : index == 1 ? _dns1 : index == 2 ? _dns2 : default;
    }
}
