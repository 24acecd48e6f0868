// The stack's counters on the console, for tests and benchmarks to read after a run.
using System;
using OSv.Net.Sockets;

internal static class NetworkReport
{
    public static void Print(Network network)
    {
        Console.WriteLine("netservices: exit, net channels " + (network.NetChannels ? "on" : "off"));
    }
}
