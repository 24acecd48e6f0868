// The Linux peer as a console program, for the tap case where it must run inside a network
// namespace: `ip netns exec NAME dotnet OSv.NetPeer.dll <command>`.
//   serve      TCP echo/discard/source and UDP echo on the given ports (0 = off); prints one
//              "listening ..." line per service, then "ready"; runs until SIGTERM/SIGINT or
//              --seconds.
//   tcp-echo   HostTcpPeer.Echo against HOST:PORT; prints its result; exit 0 only when every
//              byte came back.
//   udp-echo   HostUdpPeer.Echo against HOST:PORT; exit 0 only when every datagram came back.
using System;
using System.CommandLine;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using OSv.NetPeer;

Option<string> host = new Option<string>("--host") { Description = "The peer's IPv4 address.", DefaultValueFactory = _ => "127.0.0.1" };
Option<int> port = new Option<int>("--port") { Description = "The peer's port.", Required = true };
Option<ulong> seed = new Option<ulong>("--seed") { Description = "Seed of the byte pattern (SeededPattern).", DefaultValueFactory = _ => 1 };
Option<double> timeoutSeconds = new Option<double>("--timeout") { Description = "Give up after this many seconds.", DefaultValueFactory = _ => 30 };
Option<long> bytes = new Option<long>("--bytes") { Description = "Bytes to send and check.", DefaultValueFactory = _ => 1 << 20 };
Option<int> count = new Option<int>("--count") { Description = "Datagrams to send.", DefaultValueFactory = _ => 100 };
Option<int> size = new Option<int>("--size") { Description = "Bytes per datagram.", DefaultValueFactory = _ => 512 };
Option<string> bind = new Option<string>("--bind") { Description = "Address the servers listen on.", DefaultValueFactory = _ => "0.0.0.0" };
Option<int> echoPort = new Option<int>("--echo-port") { Description = "TCP echo port (0 = off).", DefaultValueFactory = _ => TcpServer.EchoPort };
Option<int> discardPort = new Option<int>("--discard-port") { Description = "TCP discard port (0 = off).", DefaultValueFactory = _ => TcpServer.DiscardPort };
Option<int> sourcePort = new Option<int>("--source-port") { Description = "TCP source port (0 = off).", DefaultValueFactory = _ => TcpServer.SourcePort };
Option<int> udpEchoPort = new Option<int>("--udp-echo-port") { Description = "UDP echo port (0 = off).", DefaultValueFactory = _ => TcpServer.EchoPort };
Option<double> seconds = new Option<double>("--seconds") { Description = "Stop serving after this many seconds (default: until SIGTERM)." };

Command serve = new Command("serve", "Serve TCP echo/discard/source and UDP echo until SIGTERM.") { bind, echoPort, discardPort, sourcePort, udpEchoPort, seconds };
serve.SetAction(result => Serve(IPAddress.Parse(result.GetValue(bind)!), result.GetValue(echoPort), result.GetValue(discardPort),
    result.GetValue(sourcePort), result.GetValue(udpEchoPort), result.GetValue(seconds)));

Command tcpEcho = new Command("tcp-echo", "Send --bytes of a seeded pattern to a TCP echo service and check the echo byte-exact.") { host, port, bytes, seed, timeoutSeconds };
tcpEcho.SetAction(result =>
{
    EchoResult echo = HostTcpPeer.Echo(new IPEndPoint(IPAddress.Parse(result.GetValue(host)!), result.GetValue(port)),
        result.GetValue(bytes), result.GetValue(seed), TimeSpan.FromSeconds(result.GetValue(timeoutSeconds)));
    Console.WriteLine(echo.Describe());
    return echo.Succeeded ? 0 : 1;
});

Command udpEcho = new Command("udp-echo", "Send --count datagrams of --size bytes to a UDP echo service, one at a time, and check each reply.") { host, port, count, size, seed, timeoutSeconds };
udpEcho.SetAction(result =>
{
    UdpEchoResult echo = HostUdpPeer.Echo(new IPEndPoint(IPAddress.Parse(result.GetValue(host)!), result.GetValue(port)),
        result.GetValue(count), result.GetValue(size), result.GetValue(seed), TimeSpan.FromSeconds(result.GetValue(timeoutSeconds)));
    Console.WriteLine(echo.Describe());
    return echo.Succeeded ? 0 : 1;
});

RootCommand root = new RootCommand("The Linux peer of OSv.NET network interop tests.") { serve, tcpEcho, udpEcho };
return root.Parse(args).Invoke();

static int Serve(IPAddress address, int echo, int discard, int source, int udpEcho, double seconds)
{
    var servers = new List<IDisposable>();
    foreach ((TcpService service, int port) in new[] { (TcpService.Echo, echo), (TcpService.Discard, discard), (TcpService.Source, source) })
    {
        if (port == 0)
            continue;
        TcpServer server = TcpServer.Start(service, new IPEndPoint(address, port));
        servers.Add(server);
        Console.WriteLine("listening tcp " + service.ToString().ToLowerInvariant() + " " + server.EndPoint);
    }
    if (udpEcho != 0)
    {
        UdpEchoServer server = UdpEchoServer.Start(new IPEndPoint(address, udpEcho));
        servers.Add(server);
        Console.WriteLine("listening udp echo " + server.EndPoint);
    }
    Console.WriteLine("ready");
    using var stop = new ManualResetEventSlim();
    using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
    using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });
    stop.Wait(seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan);
    foreach (IDisposable server in servers)
        server.Dispose();
    Console.WriteLine("stopped");
    return 0;
}
