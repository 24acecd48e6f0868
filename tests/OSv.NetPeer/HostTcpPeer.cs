// The host's TCP client for interop tests: connects to an echo service (TcpServer.EchoPort on the
// guest), sends Bytes bytes of SeededPattern(seed) while reading the echo concurrently (sending
// first and reading after would deadlock once both directions' windows fill), checks every
// echoed byte at its offset, half-closes, and expects the server's FIN after the last byte.
// Reports the first mismatching offset (or -1) and the round-trip rate in bytes per second.
using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace OSv.NetPeer
{
    // Error is null on success: every byte came back in order, then the server closed.
    public sealed record EchoResult(long BytesSent, long BytesVerified, long MismatchOffset, double Seconds, string? Error)
    {
        public bool Succeeded => Error is null;

        public double BytesPerSecond => Seconds > 0 ? BytesVerified / Seconds : 0;

        public string Describe() => Succeeded
            ? FormattableString.Invariant($"OK echoed {BytesVerified} bytes in {Seconds:F3} s: {BytesPerSecond:F0} bytes/s")
            : FormattableString.Invariant($"FAIL {Error} (sent {BytesSent}, verified {BytesVerified}, first mismatch at {MismatchOffset})");
    }

    public static class HostTcpPeer
    {
        private const int ChunkBytes = 64 * 1024;

        public static EchoResult Echo(IPEndPoint server, long bytes, ulong seed, TimeSpan timeout) =>
            EchoAsync(server, bytes, seed, timeout).GetAwaiter().GetResult();

        public static async Task<EchoResult> EchoAsync(IPEndPoint server, long bytes, ulong seed, TimeSpan timeout)
        {
            using CancellationTokenSource expiry = new CancellationTokenSource(timeout);
            using Socket socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            Stopwatch clock = Stopwatch.StartNew();
            EchoCheck check = new EchoCheck(seed);
            try
            {
                await socket.ConnectAsync(server, expiry.Token);
                Task send = SendPattern(socket, bytes, seed, check, expiry.Token);
                await check.Receive(socket, bytes, expiry.Token);
                if (check.Error is null)
                    await send; // already done: every byte came back
            }
            catch (OperationCanceledException)
            {
                return Result(check, clock, "timed out after " + timeout.TotalSeconds + " s");
            }
            catch (SocketException e)
            {
                return Result(check, clock, "socket error " + e.SocketErrorCode + ": " + e.Message);
            }
            // On an error the sender may still be blocked; disposing the socket ends it.
            return Result(check, clock, check.Error);
        }

        private static EchoResult Result(EchoCheck check, Stopwatch clock, string? error) =>
            new EchoResult(Interlocked.Read(ref check.Sent), check.Verified, check.MismatchOffset, clock.Elapsed.TotalSeconds, error);

        // Sends [0, bytes) of the pattern, then FIN.
        private static async Task SendPattern(Socket socket, long bytes, ulong seed, EchoCheck check, CancellationToken cancel)
        {
            byte[] chunk = new byte[ChunkBytes];
            long offset = 0;
            while (offset < bytes)
            {
                int length = (int)Math.Min(chunk.Length, bytes - offset);
                SeededPattern.Fill(seed, offset, chunk.AsSpan(0, length));
                int sent = await socket.SendAsync(chunk.AsMemory(0, length), SocketFlags.None, cancel);
                offset += sent;
                Interlocked.Add(ref check.Sent, sent);
            }
            socket.Shutdown(SocketShutdown.Send);
        }

        // The receive half: verifies in place, stops at the first mismatch, extra byte or early FIN.
        private sealed class EchoCheck
        {
            private readonly ulong _seed;

            public long Sent; // written by the sender, read after it (Interlocked)

            public EchoCheck(ulong seed) => _seed = seed;

            public long Verified { get; private set; }

            public long MismatchOffset { get; private set; } = -1;

            public string? Error { get; private set; }

            public async Task Receive(Socket socket, long bytes, CancellationToken cancel)
            {
                byte[] buffer = new byte[ChunkBytes];
                while (true)
                {
                    int received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel);
                    if (received == 0)
                    {
                        if (Verified < bytes)
                            Error = "the server closed after " + Verified + " of " + bytes + " bytes";
                        return;
                    }
                    if (Verified + received > bytes)
                    {
                        Error = "the server sent " + (Verified + received - bytes) + " bytes more than it was sent";
                        MismatchOffset = bytes;
                        return;
                    }
                    long mismatch = SeededPattern.FirstMismatch(_seed, Verified, buffer.AsSpan(0, received));
                    if (mismatch >= 0)
                    {
                        MismatchOffset = mismatch;
                        Verified = mismatch;
                        Error = "echoed byte at offset " + mismatch + " differs from what was sent";
                        return;
                    }
                    Verified += received;
                }
            }
        }
    }
}
