// Network services on OSv.Net's native API, the stack's sample and its interop test peer:
//   TCP 7 echo, TCP 9 discard, TCP 19 source (sends bytes i % 251 until the peer closes), all on
//   one thread multiplexed by a Poller; UDP 7 echo on another thread (the datagram "osv:exit"
//   makes the app print its counters and exit 0);
//   --connect A.B.C.D:PORT --bytes N: instead of serving, connect out, send N bytes of the same
//   pattern, read the echo back and check it byte for byte (exit 0 when exact).
// Kernel options configure the interface (ip=, mask=, gw=, dhcp, net.channels=on|off).
using System;
using OSv.Core.Time;
using OSv.Net.Sockets;
using OSv.Net.Wire;

const long ConfigurationTimeoutNs = 20 * Clock.NanosecondsPerSecond;

Network? network = NetworkHost.Start(args, out string? error);
if (network == null)
{
    Console.WriteLine("netservices: " + error);
    return 2;
}
if (!network.WaitForConfiguration(ConfigurationTimeoutNs))
{
    Console.WriteLine("netservices: no address after 20 s (DHCP unanswered?)");
    return 3;
}
Console.WriteLine("netservices: address " + network.Address.ToString() + ", net channels " + (network.NetChannels ? "on" : "off"));

for (int i = 0; i + 1 < args.Length; i++)
{
    if (args[i] == "--connect")
        return ConnectOut.Run(network, args[i + 1], BytesArgument(args));
}
UdpEcho.Start(network);
TcpServices.Run(network);
return 0;

static int BytesArgument(string[] args)
{
    for (int i = 0; i + 1 < args.Length; i++)
    {
        if (args[i] == "--bytes" && int.TryParse(args[i + 1], out int bytes))
            return bytes;
    }
    return 1 << 20;
}
