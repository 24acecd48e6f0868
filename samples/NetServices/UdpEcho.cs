// UDP echo on port 7, on its own thread. The datagram "osv:exit" ends the app (exit code 0)
// after printing the stack's counters, so a test can collect them.
using System;
using OSv.Core;
using OSv.Net.Sockets;
using OSv.Net.Wire;
using Thread = OSv.Core.Sched.Thread;

internal static class UdpEcho
{
    public const ushort Port = 7;
    private static readonly byte[] s_exitCommand = { (byte)'o', (byte)'s', (byte)'v', (byte)':', (byte)'e', (byte)'x', (byte)'i', (byte)'t' };

    public static void Start(Network network)
    {
        UdpSocket? socket = UdpSocket.Bind(network, Port, out NetError error);
        if (socket == null)
        {
            Console.WriteLine("netservices: cannot bind udp 7");
            return;
        }
        Thread.Start(() => Serve(network, socket), "udp-echo");
        Console.WriteLine("netservices: udp echo 7 bound");
    }

    private static void Serve(Network network, UdpSocket socket)
    {
        byte[] buffer = new byte[2048];
        while (true)
        {
            int length = socket.ReceiveFrom(buffer, out Ipv4Address from, out ushort fromPort);
            if (length < 0)
                continue;
            var datagram = new ReadOnlySpan<byte>(buffer, 0, length);
            if (datagram.SequenceEqual(s_exitCommand))
            {
                NetworkReport.Print(network);
                Machine.Exit(0);
            }
            socket.SendTo(datagram, from, fromPort, out NetError error);
        }
    }
}
