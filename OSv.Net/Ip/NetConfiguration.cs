// How the interface gets its address, from the kernel options (QEMU's -append, before "--";
// OSv.Core.Boot.CommandLine.Split hands them over as words). The options this stack reads:
//   ip=A.B.C.D or ip=A.B.C.D/NN   static address (and prefix length 1..32)
//   mask=A.B.C.D                  static netmask (contiguous); without it or /NN, the classful
//                                 default (A /8, B /16, C /24), as Linux's ip= does
//   gw=A.B.C.D                    default gateway, which must be on the configured subnet
//   dhcp, net.dhcp                DHCP (RFC 2131); the default when no ip= is given
//   net.channels=on|off           Van Jacobson net channels, kept for the socket layer (default on)
// Every other word belongs to someone else and is ignored. A value of ours that does not parse,
// or options that contradict each other, give an error string naming the option and nothing is
// configured; nothing throws. A repeated option takes its last value.
//
// Runs once at boot, so it may allocate (the result and error strings). Numbers are read by a
// strict digit loop rather than int.TryParse or IPAddress.TryParse, which accept signs,
// whitespace and inet_aton's shorthand forms ("10.1", octal "010") that these options refuse.
using System;
using OSv.Net.Wire;

namespace OSv.Net.Ip
{
    public sealed class NetConfiguration
    {
        public const string AddressOption = "ip";
        public const string MaskOption = "mask";
        public const string GatewayOption = "gw";
        public const string DhcpOption = "dhcp";
        public const string NetDhcpOption = "net.dhcp";
        public const string ChannelsOption = "net.channels";

        private NetConfiguration(bool useDhcp, Ipv4Address address, Ipv4Address mask, Ipv4Address gateway, bool netChannels)
        {
            UseDhcp = useDhcp;
            Address = address;
            Mask = mask;
            Gateway = gateway;
            NetChannels = netChannels;
        }

        public bool UseDhcp { get; }
        public Ipv4Address Address { get; }   // Any with DHCP
        public Ipv4Address Mask { get; }
        public Ipv4Address Gateway { get; }   // Any: no default route
        public bool NetChannels { get; }

        public Ipv4Interface Interface => new Ipv4Interface(Address, Mask, Gateway);

        public static NetConfiguration Dhcp(bool netChannels = true) =>
            new NetConfiguration(true, Ipv4Address.Any, Ipv4Address.Any, Ipv4Address.Any, netChannels);

        // A static configuration; null when the values are not a usable host configuration.
        public static NetConfiguration? Static(Ipv4Address address, Ipv4Address mask, Ipv4Address gateway, bool netChannels = true)
        {
            if (!Ipv4Interface.IsHostAddress(address) || !Ipv4Interface.IsContiguousMask(mask))
                return null;
            if (!gateway.IsUnspecified && !new Ipv4Interface(address, mask, Ipv4Address.Any).IsOnLink(gateway))
                return null;
            return new NetConfiguration(false, address, mask, gateway, netChannels);
        }

        // The configuration the options describe, or null and the reason in error.
        public static NetConfiguration? TryParse(string[] kernelOptions, out string? error)
        {
            var parsed = new Parsed();
            for (int i = 0; i < kernelOptions.Length; i++)
            {
                error = ParseOption(kernelOptions[i], ref parsed);
                if (error != null)
                    return null;
            }
            return Resolve(ref parsed, out error);
        }

        private struct Parsed
        {
            public bool HasAddress, HasMask, HasPrefix, HasGateway, Dhcp, ChannelsOff;
            public Ipv4Address Address, Mask, PrefixMask, Gateway;
            public string? AddressText;
        }

        // Null when the word is fine (ours and valid, or not ours), else the error.
        private static string? ParseOption(string option, ref Parsed parsed)
        {
            ReadOnlySpan<char> text = option.AsSpan();
            int equals = text.IndexOf('=');
            ReadOnlySpan<char> key = equals < 0 ? text : text.Slice(0, equals);
            ReadOnlySpan<char> value = equals < 0 ? ReadOnlySpan<char>.Empty : text.Slice(equals + 1);
            if (key.SequenceEqual(DhcpOption.AsSpan()) || key.SequenceEqual(NetDhcpOption.AsSpan()))
            {
                if (equals >= 0)
                    return string.Concat(option, ": takes no value (write just \"dhcp\")");
                parsed.Dhcp = true;
                return null;
            }
            if (key.SequenceEqual(ChannelsOption.AsSpan()))
                return ParseChannels(option, value, ref parsed);
            bool isAddress = key.SequenceEqual(AddressOption.AsSpan());
            bool isMask = key.SequenceEqual(MaskOption.AsSpan());
            bool isGateway = key.SequenceEqual(GatewayOption.AsSpan());
            if (!isAddress && !isMask && !isGateway)
                return null; // another subsystem's option
            if (equals < 0)
                return string.Concat(option, ": needs a value, as in ", AddressOption, "=10.0.2.15");
            if (isAddress)
                return ParseAddress(option, value, ref parsed);
            if (!TryParseAddress(value, out Ipv4Address parsedValue))
                return string.Concat(option, ": not a dotted-quad IPv4 address");
            if (isMask)
            {
                if (!Ipv4Interface.IsContiguousMask(parsedValue))
                    return string.Concat(option, ": not a contiguous netmask");
                parsed.HasMask = true;
                parsed.Mask = parsedValue;
                return null;
            }
            if (!Ipv4Interface.IsHostAddress(parsedValue))
                return string.Concat(option, ": not a unicast host address");
            parsed.HasGateway = true;
            parsed.Gateway = parsedValue;
            return null;
        }

        private static string? ParseChannels(string option, ReadOnlySpan<char> value, ref Parsed parsed)
        {
            if (value.SequenceEqual("on".AsSpan()))
                parsed.ChannelsOff = false;
            else if (value.SequenceEqual("off".AsSpan()))
                parsed.ChannelsOff = true;
            else
                return string.Concat(option, ": expected on or off");
            return null;
        }

        private static string? ParseAddress(string option, ReadOnlySpan<char> value, ref Parsed parsed)
        {
            int slash = value.IndexOf('/');
            ReadOnlySpan<char> addressText = slash < 0 ? value : value.Slice(0, slash);
            if (!TryParseAddress(addressText, out Ipv4Address address))
                return string.Concat(option, ": not a dotted-quad IPv4 address");
            if (!Ipv4Interface.IsHostAddress(address))
                return string.Concat(option, ": not a unicast host address");
            parsed.HasPrefix = false;
            if (slash >= 0)
            {
                if (!TryParseDecimal(value.Slice(slash + 1), 2, out int prefix) || prefix < 1 || prefix > 32)
                    return string.Concat(option, ": the prefix length after / must be 1 to 32");
                parsed.HasPrefix = true;
                parsed.PrefixMask = Ipv4Interface.MaskFromPrefix(prefix);
            }
            parsed.HasAddress = true;
            parsed.Address = address;
            parsed.AddressText = option;
            return null;
        }

        // The options together: contradictions, defaults, and the gateway's reachability.
        private static NetConfiguration? Resolve(ref Parsed parsed, out string? error)
        {
            error = null;
            bool channels = !parsed.ChannelsOff;
            if (!parsed.HasAddress)
            {
                if (parsed.HasMask || parsed.HasGateway)
                {
                    error = string.Concat(parsed.HasMask ? MaskOption : GatewayOption, "= needs a static address (", AddressOption, "=A.B.C.D)");
                    return null;
                }
                return Dhcp(channels);
            }
            if (parsed.Dhcp)
            {
                error = string.Concat(parsed.AddressText ?? AddressOption, ": a static address and ", DhcpOption, " contradict each other");
                return null;
            }
            if (parsed.HasPrefix && parsed.HasMask && parsed.PrefixMask != parsed.Mask)
            {
                error = string.Concat(parsed.AddressText ?? AddressOption, ": its prefix length and ", MaskOption, "= disagree");
                return null;
            }
            Ipv4Address mask = parsed.HasMask ? parsed.Mask : parsed.HasPrefix ? parsed.PrefixMask : Ipv4Interface.ClassfulMask(parsed.Address);
            var address = new Ipv4Interface(parsed.Address, mask, Ipv4Address.Any);
            if (parsed.HasGateway && !address.IsOnLink(parsed.Gateway))
            {
                error = string.Concat(GatewayOption, "=: the gateway is not on the subnet of ", parsed.AddressText ?? AddressOption);
                return null;
            }
            if (parsed.HasGateway && parsed.Gateway == parsed.Address)
            {
                error = string.Concat(GatewayOption, "=: the gateway is the interface's own address");
                return null;
            }
            return new NetConfiguration(false, parsed.Address, mask, parsed.HasGateway ? parsed.Gateway : Ipv4Address.Any, channels);
        }

        // "A.B.C.D": four decimal octets 0..255 of one to three digits. A leading zero is refused
        // ("010"), since inet_aton would read it as octal and the two readings would differ.
        public static bool TryParseAddress(ReadOnlySpan<char> text, out Ipv4Address address)
        {
            address = default;
            uint value = 0;
            int position = 0;
            for (int octet = 0; octet < 4; octet++)
            {
                int start = position;
                while (position < text.Length && text[position] != '.')
                    position++;
                ReadOnlySpan<char> digits = text.Slice(start, position - start);
                if (!TryParseDecimal(digits, 3, out int octetValue) || octetValue > 255)
                    return false;
                value = value << 8 | (uint)octetValue;
                if (octet < 3)
                {
                    if (position == text.Length)
                        return false;
                    position++; // the dot
                }
            }
            if (position != text.Length)
                return false;
            address = new Ipv4Address(value);
            return true;
        }

        private static bool TryParseDecimal(ReadOnlySpan<char> digits, int digitsMax, out int value)
        {
            value = 0;
            if (digits.Length == 0 || digits.Length > digitsMax || (digits.Length > 1 && digits[0] == '0'))
                return false;
            for (int i = 0; i < digits.Length; i++)
            {
                char c = digits[i];
                if (c < '0' || c > '9')
                    return false;
                value = value * 10 + (c - '0');
            }
            return true;
        }
    }
}
