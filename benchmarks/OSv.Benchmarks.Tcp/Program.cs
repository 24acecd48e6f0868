// Entry point: options (System.CommandLine), optional re-execution inside a network namespace,
// the measurements in order, and the table.
//
// The guest contract (what the guest's TCP sample must serve; OSv.NetPeer's TcpServer plays it
// on Linux for --self-test and for comparison):
//   port 7   echo (RFC 862): every byte received is sent back; after the client's FIN the
//            server sends its remaining bytes, then FIN.
//   port 9   discard (RFC 863): bytes are read and dropped; after the client's FIN, FIN.
//   port 19  source (chargen-like, RFC 864): sends bytes (any content) as fast as it can until
//            the client closes or resets; whatever it receives is ignored.
// Each service accepts any number of sequential connections.
//
// Against a guest:
//   user networking: ./osv run SAMPLE --net user --forward 7007:7 --forward 7009:9 --forward 7019:19
//     dotnet run -c Release --project benchmarks/OSv.Benchmarks.Tcp -- --host 127.0.0.1
//       --echo-port 7007 --discard-port 7009 --source-port 7019
//   tap in a namespace (see tests/OSv.Image.Tests/Net/NetworkNamespace.cs):
//     ip netns exec osvbench ./osv run SAMPLE --net tap:osvtap0
//     dotnet run -c Release --project benchmarks/OSv.Benchmarks.Tcp -- --netns osvbench --host 192.168.100.2
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Net;
using OSv.Benchmarks.Tcp;
using OSv.NetPeer;

Option<string> host = new Option<string>("--host") { Description = "The guest's IPv4 address (127.0.0.1 with hostfwd).", DefaultValueFactory = _ => "127.0.0.1" };
Option<int> echoPort = PortOption("--echo-port", "TCP echo port", TcpServer.EchoPort);
Option<int> discardPort = PortOption("--discard-port", "TCP discard port", TcpServer.DiscardPort);
Option<int> sourcePort = PortOption("--source-port", "TCP source port", TcpServer.SourcePort);
Option<double> seconds = new Option<double>("--seconds") { Description = "Duration of each timed test.", DefaultValueFactory = _ => 5 };
Option<long> echoBytes = new Option<long>("--echo-bytes") { Description = "Bytes through the verified echo.", DefaultValueFactory = _ => 16L << 20 };
Option<int> requestBytes = new Option<int>("--rr-bytes") { Description = "Request and response size of TCP_RR.", DefaultValueFactory = _ => 1 };
Option<double> stallSeconds = new Option<double>("--stall-timeout") { Description = "Fail a test when no progress for this many seconds (and the connect timeout).", DefaultValueFactory = _ => 10 };
Option<string[]> tests = new Option<string[]>("--tests")
{
    Description = "Which tests, in order: send, receive, echo, rr.",
    DefaultValueFactory = _ => new[] { "send", "receive", "echo", "rr" },
    AllowMultipleArgumentsPerToken = true,
};
tests.AcceptOnlyFromAmong("send", "receive", "echo", "rr");
Option<bool> selfTest = new Option<bool>("--self-test") { Description = "Start the OSv.NetPeer servers on 127.0.0.1 (ephemeral ports) and measure against them; --host and the ports are ignored." };
Option<string> netns = new Option<string>("--netns") { Description = "Run the whole benchmark inside this network namespace (ip netns exec), e.g. the one holding the guest's tap." };
seconds.Validators.Add(result => { if (!(result.GetValueOrDefault<double>() > 0)) result.AddError("--seconds must be positive."); });
stallSeconds.Validators.Add(result => { if (!(result.GetValueOrDefault<double>() > 0)) result.AddError("--stall-timeout must be positive."); });
echoBytes.Validators.Add(result => { if (result.GetValueOrDefault<long>() < 1) result.AddError("--echo-bytes must be at least 1."); });
requestBytes.Validators.Add(result => { int size = result.GetValueOrDefault<int>(); if (size < 1 || size > 65536) result.AddError("--rr-bytes must be between 1 and 65536."); });
host.Validators.Add(result => { if (!IPAddress.TryParse(result.GetValueOrDefault<string>() ?? "", out _)) result.AddError("--host wants an IPv4 address, got '" + result.GetValueOrDefault<string>() + "'."); });

RootCommand root = new RootCommand("Measures TCP against a guest's echo (7), discard (9) and source (19) services: bulk each way, verified echo, TCP_RR. Prints Markdown.")
{
    host, echoPort, discardPort, sourcePort, seconds, echoBytes, requestBytes, stallSeconds, tests, selfTest, netns,
};
root.SetAction(result =>
{
    if (result.GetValue(netns) is string name)
        return Reexecute.InsideNamespace(name, args);
    TimeSpan duration = TimeSpan.FromSeconds(result.GetValue(seconds));
    TimeSpan stall = TimeSpan.FromSeconds(result.GetValue(stallSeconds));
    var servers = new List<TcpServer>();
    Target target = new Target(IPAddress.Parse(result.GetValue(host)!), result.GetValue(echoPort), result.GetValue(discardPort), result.GetValue(sourcePort));
    string description = "a guest at " + target.Host;
    if (result.GetValue(selfTest))
    {
        foreach (TcpService service in new[] { TcpService.Echo, TcpService.Discard, TcpService.Source })
            servers.Add(TcpServer.Start(service, new IPEndPoint(IPAddress.Loopback, 0)));
        target = new Target(IPAddress.Loopback, servers[0].EndPoint.Port, servers[1].EndPoint.Port, servers[2].EndPoint.Port);
        description = "the in-process Linux peer (self-test) on 127.0.0.1";
    }
    var rows = new List<Row>();
    foreach (string test in result.GetValue(tests)!)
    {
        Console.Error.WriteLine("tcp-bench: " + test + " ...");
        rows.Add(test switch
        {
            "send" => Measurements.Send(target, duration, stall),
            "receive" => Measurements.Receive(target, duration, stall),
            "echo" => Measurements.Echo(target, result.GetValue(echoBytes), stall),
            _ => Measurements.RequestResponse(target, result.GetValue(requestBytes), duration, stall),
        });
    }
    foreach (TcpServer server in servers)
        server.Dispose();
    Report.Print(Reexecute.CommandLine(args), description, rows);
    return rows.All(row => row.Succeeded) ? 0 : 1;
});
return root.Parse(args).Invoke();

static Option<int> PortOption(string name, string what, int defaultPort)
{
    Option<int> option = new Option<int>(name) { Description = what + " on the guest.", DefaultValueFactory = _ => defaultPort };
    option.Validators.Add(result =>
    {
        int port = result.GetValueOrDefault<int>();
        if (port < 1 || port > 65535)
            result.AddError(name + " must be between 1 and 65535, got " + port + ".");
    });
    return option;
}
