// TCP echo, discard and source on one thread: a Poller reports listeners with connections to
// accept and connections ready to read or write. Echo copies from the receive buffer straight
// into the send buffer (Peek / SendSpace / CommitSend / Consume: one copy), and waits for
// Writable instead of Readable while the send buffer is full.
using System;
using OSv.Net.Sockets;

internal static class TcpServices
{
    public const ushort EchoPort = 7, DiscardPort = 9, SourcePort = 19;
    private const int ConnectionsMax = 256;
    private const int ListenBacklog = 64;
    private const int SourcePatternModulus = 251;

    private enum Service { Echo, Discard, Source }

    private static readonly TcpConnection?[] s_connections = new TcpConnection?[ConnectionsMax];
    private static readonly Service[] s_service = new Service[ConnectionsMax];
    private static readonly long[] s_sourceOffset = new long[ConnectionsMax];
    private static readonly PollEvent[] s_events = new PollEvent[64];

    public static void Run(Network network)
    {
        var poller = new Poller(network, ConnectionsMax + 3);
        TcpListener echo = ListenOrDie(network, EchoPort), discard = ListenOrDie(network, DiscardPort), source = ListenOrDie(network, SourcePort);
        poller.Add(echo, SocketEvents.Readable, -1 - (int)Service.Echo);
        poller.Add(discard, SocketEvents.Readable, -1 - (int)Service.Discard);
        poller.Add(source, SocketEvents.Readable, -1 - (int)Service.Source);
        Console.WriteLine("netservices: tcp echo 7, discard 9, source 19 listening");
        while (true)
        {
            int count = poller.Wait(s_events, TcpConnection.Infinite);
            for (int i = 0; i < count; i++)
            {
                PollEvent ready = s_events[i];
                if (ready.Token < 0)
                    AcceptAll(poller, ready.Token == -1 ? echo : ready.Token == -2 ? discard : source, (Service)(-1 - ready.Token));
                else
                    Serve(poller, ready.Token, ready.Events);
            }
        }
    }

    private static TcpListener ListenOrDie(Network network, ushort port)
    {
        TcpListener? listener = TcpListener.Listen(network, port, ListenBacklog, out NetError error);
        if (listener == null)
            throw new InvalidOperationException("cannot listen on a service port");
        return listener;
    }

    private static void AcceptAll(Poller poller, TcpListener listener, Service service)
    {
        while (listener.Accept(0) is TcpConnection connection)
        {
            int slot = FreeSlot();
            if (slot < 0)
            {
                connection.Abort();
                connection.Dispose();
                continue;
            }
            s_connections[slot] = connection;
            s_service[slot] = service;
            s_sourceOffset[slot] = 0;
            poller.Add(connection, service == Service.Source ? SocketEvents.Readable | SocketEvents.Writable : SocketEvents.Readable, slot);
        }
    }

    private static void Serve(Poller poller, int slot, SocketEvents events)
    {
        TcpConnection connection = s_connections[slot]!;
        bool open = s_service[slot] switch
        {
            Service.Echo => Echo(poller, connection, slot),
            Service.Discard => Discard(connection),
            _ => Source(connection, slot),
        };
        if (!open || (events & (SocketEvents.HangUp | SocketEvents.Error)) != 0 && connection.Peek(0).IsEmpty)
        {
            connection.Dispose();
            s_connections[slot] = null;
        }
    }

    // False when the peer has finished (end of stream, reset).
    private static bool Echo(Poller poller, TcpConnection connection, int slot)
    {
        poller.Add(connection, SocketEvents.Readable, slot); // back from waiting for space, if it was
        while (true)
        {
            ReadOnlySpan<byte> received = connection.Peek(0);
            if (received.IsEmpty)
                return connection.Error == NetError.TimedOut;
            Span<byte> space = connection.SendSpace(0);
            if (space.IsEmpty)
            {
                poller.Add(connection, SocketEvents.Writable, slot); // resume when the peer has read
                return connection.Error == NetError.TimedOut;
            }
            int count = received.Length < space.Length ? received.Length : space.Length;
            received.Slice(0, count).CopyTo(space);
            connection.CommitSend(count);
            connection.Consume(count);
        }
    }

    private static bool Discard(TcpConnection connection)
    {
        while (true)
        {
            ReadOnlySpan<byte> received = connection.Peek(0);
            if (received.IsEmpty)
                return connection.Error == NetError.TimedOut;
            connection.Consume(received.Length);
        }
    }

    private static bool Source(TcpConnection connection, int slot)
    {
        ReadOnlySpan<byte> received = connection.Peek(0);
        if (received.IsEmpty && connection.Error != NetError.TimedOut)
            return false; // the peer closed: stop sending
        connection.Consume(received.Length);
        Span<byte> space = connection.SendSpace(0);
        long offset = s_sourceOffset[slot];
        for (int i = 0; i < space.Length; i++)
            space[i] = (byte)((offset + i) % SourcePatternModulus);
        connection.CommitSend(space.Length);
        s_sourceOffset[slot] = offset + space.Length;
        return true;
    }

    private static int FreeSlot()
    {
        for (int i = 0; i < ConnectionsMax; i++)
        {
            if (s_connections[i] == null)
                return i;
        }
        return -1;
    }
}
