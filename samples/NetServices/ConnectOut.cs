// The guest as a TCP client: connect to a host server (an echo), send `bytes` bytes of the
// source pattern while reading the echo back, and check every byte. Sending and reading
// interleave, so neither side's buffers need to hold the whole transfer.
using System;
using OSv.Core.Time;
using OSv.Net.Sockets;
using OSv.Net.Wire;

internal static class ConnectOut
{
    private const long TimeoutNs = 30 * Clock.NanosecondsPerSecond;
    private const int PatternModulus = 251;

    public static int Run(Network network, string endpoint, int bytes)
    {
        if (!TryParseEndpoint(endpoint, out Ipv4Address address, out ushort port))
        {
            Console.WriteLine("connect-out: bad endpoint '" + endpoint + "' (A.B.C.D:PORT)");
            return 2;
        }
        TcpConnection? connection = TcpConnection.Connect(network, address, port, TimeoutNs, out NetError error);
        if (connection == null)
        {
            Console.WriteLine("connect-out: FAIL connect " + endpoint + ": " + NetErrorName(error));
            return 1;
        }
        int sent = 0, checkedBytes = 0;
        byte[] chunk = new byte[4096];
        while (checkedBytes < bytes)
        {
            if (sent < bytes)
            {
                int count = Fill(chunk, sent, bytes - sent);
                int taken = connection.Send(new ReadOnlySpan<byte>(chunk, 0, count), 0);
                sent += taken;
                if (sent == bytes)
                    connection.Close(); // our FIN: the echo server closes after echoing everything
            }
            ReadOnlySpan<byte> echoed = connection.Peek(sent > checkedBytes ? TimeoutNs : 0);
            if (echoed.IsEmpty && connection.Error != NetError.TimedOut)
                break;
            for (int i = 0; i < echoed.Length; i++)
            {
                if (echoed[i] != (byte)((checkedBytes + i) % PatternModulus))
                {
                    Console.WriteLine("connect-out: FAIL byte " + (checkedBytes + i) + " differs");
                    return 1;
                }
            }
            checkedBytes += echoed.Length;
            connection.Consume(echoed.Length);
        }
        connection.Dispose();
        bool exact = checkedBytes == bytes;
        Console.WriteLine("connect-out: " + (exact ? "PASS" : "FAIL") + " " + checkedBytes + " of " + bytes + " bytes echoed by " + endpoint);
        return exact ? 0 : 1;
    }

    private static int Fill(byte[] chunk, int offset, int remaining)
    {
        int count = remaining < chunk.Length ? remaining : chunk.Length;
        for (int i = 0; i < count; i++)
            chunk[i] = (byte)((offset + i) % PatternModulus);
        return count;
    }

    // "A.B.C.D:PORT", decimal.
    private static bool TryParseEndpoint(string text, out Ipv4Address address, out ushort port)
    {
        address = default;
        port = 0;
        uint value = 0, part = 0;
        int parts = 0, digits = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : '\0';
            if (c >= '0' && c <= '9' && digits < 5)
            {
                part = part * 10 + (uint)(c - '0');
                digits++;
                continue;
            }
            if (digits == 0 || (parts < 4 ? part > 255 : part - 1 > 65534))
                return false;
            bool separatorOk = parts < 3 ? c == '.' : parts == 3 ? c == ':' : c == '\0';
            if (!separatorOk)
                return false;
            if (parts < 4)
                value = value << 8 | part;
            else
                port = (ushort)part;
            parts++;
            part = 0;
            digits = 0;
        }
        address = new Ipv4Address(value);
        return parts == 5;
    }

    public static string NetErrorName(NetError error) => error switch
    {
        NetError.TimedOut => "timed out",
        NetError.ConnectionRefused => "refused",
        NetError.ConnectionReset => "reset",
        NetError.NoRoute => "no route",
        NetError.NoResources => "no resources",
        _ => "error",
    };
}
