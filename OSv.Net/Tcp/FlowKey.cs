// A TCP connection's 4-tuple, seen from this host: the key of the connection table and of the
// net-channel classifier. Hash mixes in a per-boot secret so that a peer cannot choose ports
// that all land in one bucket (hash flooding).
using OSv.Net.Wire;

namespace OSv.Net.Tcp
{
    public readonly struct FlowKey
    {
        public FlowKey(Ipv4Address localAddress, ushort localPort, Ipv4Address remoteAddress, ushort remotePort)
        {
            LocalAddress = localAddress;
            LocalPort = localPort;
            RemoteAddress = remoteAddress;
            RemotePort = remotePort;
        }

        public Ipv4Address LocalAddress { get; }
        public ushort LocalPort { get; }
        public Ipv4Address RemoteAddress { get; }
        public ushort RemotePort { get; }

        public bool Equals(in FlowKey other) =>
            LocalAddress == other.LocalAddress && RemoteAddress == other.RemoteAddress &&
            LocalPort == other.LocalPort && RemotePort == other.RemotePort;

        // A 32-bit mix of the tuple and the secret (two rounds of a multiply-xorshift finaliser,
        // as in MurmurHash3's fmix): every input bit affects every output bit.
        public uint Hash(uint secret)
        {
            ulong value = (ulong)LocalAddress.Value << 32 | RemoteAddress.Value;
            value ^= ((ulong)LocalPort << 16 | RemotePort) * 0x9E3779B97F4A7C15UL;
            value ^= secret;
            value ^= value >> 33;
            value *= 0xFF51AFD7ED558CCDUL;
            value ^= value >> 33;
            value *= 0xC4CEB9FE1A85EC53UL;
            value ^= value >> 33;
            return (uint)value;
        }

        public override string ToString() =>
            LocalAddress.ToString() + ":" + LocalPort.ToString() + "<->" + RemoteAddress.ToString() + ":" + RemotePort.ToString();
    }
}
