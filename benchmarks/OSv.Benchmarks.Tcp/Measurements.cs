// The four measurements, each on one fresh TCP connection, with blocking sockets and a stall
// timeout (a peer that stops moving data fails the row instead of hanging the run):
//   Send     host -> guest: writes 64 KiB chunks to the discard port for the duration, then FIN,
//            and waits for the peer's FIN, so the time covers every byte being consumed.
//   Receive  guest -> host: reads from the source port for the duration; bytes over time from
//            connect to the end (content not checked: the contract leaves it open).
//   Echo     HostTcpPeer.Echo: N bytes of a seeded pattern through the echo port, checked
//            byte-exact; the rate counts each byte once (it crosses the link twice).
//   RR       request/response: RequestBytes out, RequestBytes back, repeated for the duration
//            on one connection with Nagle off (netperf TCP_RR); transactions per second and the
//            latency percentiles.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OSv.NetPeer;

namespace OSv.Benchmarks.Tcp
{
    internal sealed record Row(string Test, string Path, long Bytes, long Transactions, double Seconds, string? Error, string Detail = "")
    {
        public bool Succeeded => Error is null;
    }

    internal sealed record Target(IPAddress Host, int EchoPort, int DiscardPort, int SourcePort);

    internal static class Measurements
    {
        private const int ChunkBytes = 64 * 1024;
        private const ulong EchoSeed = 7;

        public static Row Send(Target target, TimeSpan duration, TimeSpan stall)
        {
            string path = "host → guest (discard :" + target.DiscardPort + ")";
            long sent = 0;
            Stopwatch clock = new Stopwatch();
            try
            {
                using Socket socket = Connect(target.Host, target.DiscardPort, stall);
                byte[] chunk = new byte[ChunkBytes];
                SeededPattern.Fill(EchoSeed, 0, chunk);
                clock.Start();
                while (clock.Elapsed < duration)
                    sent += socket.Send(chunk);
                socket.Shutdown(SocketShutdown.Send);
                byte[] ignored = new byte[ChunkBytes];
                while (socket.Receive(ignored) > 0)
                {
                    // A discard service sends nothing; wait for its FIN.
                }
                return new Row("bulk send", path, sent, 0, clock.Elapsed.TotalSeconds, null);
            }
            catch (SocketException e)
            {
                return new Row("bulk send", path, sent, 0, clock.Elapsed.TotalSeconds, Describe(e));
            }
        }

        public static Row Receive(Target target, TimeSpan duration, TimeSpan stall)
        {
            string path = "guest → host (source :" + target.SourcePort + ")";
            long received = 0;
            Stopwatch clock = new Stopwatch();
            try
            {
                using Socket socket = Connect(target.Host, target.SourcePort, stall);
                byte[] buffer = new byte[ChunkBytes];
                clock.Start();
                while (clock.Elapsed < duration)
                {
                    int length = socket.Receive(buffer);
                    if (length == 0)
                        return new Row("bulk receive", path, received, 0, clock.Elapsed.TotalSeconds, "the source closed after " + received + " bytes");
                    received += length;
                }
                double seconds = clock.Elapsed.TotalSeconds;
                socket.LingerState = new LingerOption(true, 0); // reset: the source never ends by itself
                return new Row("bulk receive", path, received, 0, seconds, null);
            }
            catch (SocketException e)
            {
                return new Row("bulk receive", path, received, 0, clock.Elapsed.TotalSeconds, Describe(e));
            }
        }

        public static Row Echo(Target target, long bytes, TimeSpan stall)
        {
            string path = "both (echo :" + target.EchoPort + ")";
            // The whole transfer may take long on a slow guest; the stall bound scales with it.
            TimeSpan timeout = stall + TimeSpan.FromSeconds(bytes / 1_000_000.0);
            EchoResult echo = HostTcpPeer.Echo(new IPEndPoint(target.Host, target.EchoPort), bytes, EchoSeed, timeout);
            return new Row("echo, verified", path, echo.BytesVerified, 0, echo.Seconds, echo.Error, echo.Succeeded ? "byte-exact" : "");
        }

        public static Row RequestResponse(Target target, int requestBytes, TimeSpan duration, TimeSpan stall)
        {
            string test = "TCP_RR " + requestBytes + " B";
            string path = "both (echo :" + target.EchoPort + ")";
            var latencies = new List<long>(capacity: 1 << 20);
            Stopwatch clock = new Stopwatch();
            try
            {
                using Socket socket = Connect(target.Host, target.EchoPort, stall);
                byte[] request = new byte[requestBytes];
                byte[] response = new byte[requestBytes];
                clock.Start();
                while (clock.Elapsed < duration)
                {
                    long start = Stopwatch.GetTimestamp();
                    request[0]++;
                    socket.Send(request);
                    if (!ReceiveExactly(socket, response) || response[0] != request[0])
                        return new Row(test, path, 0, latencies.Count, clock.Elapsed.TotalSeconds, "the echo closed or answered wrong after " + latencies.Count + " transactions");
                    latencies.Add(Stopwatch.GetTimestamp() - start);
                }
                double seconds = clock.Elapsed.TotalSeconds;
                socket.Shutdown(SocketShutdown.Send);
                return new Row(test, path, (long)latencies.Count * requestBytes * 2, latencies.Count, seconds, null, Percentiles(latencies));
            }
            catch (SocketException e)
            {
                return new Row(test, path, 0, latencies.Count, clock.Elapsed.TotalSeconds, Describe(e));
            }
        }

        private static Socket Connect(IPAddress host, int port, TimeSpan stall)
        {
            Socket socket = new Socket(host.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            {
                NoDelay = true,
                SendTimeout = (int)stall.TotalMilliseconds,
                ReceiveTimeout = (int)stall.TotalMilliseconds,
            };
            IAsyncResult pending = socket.BeginConnect(new IPEndPoint(host, port), null, null);
            if (!pending.AsyncWaitHandle.WaitOne(stall))
            {
                socket.Dispose();
                throw new SocketException((int)SocketError.TimedOut);
            }
            socket.EndConnect(pending);
            return socket;
        }

        private static bool ReceiveExactly(Socket socket, byte[] buffer)
        {
            for (int done = 0; done < buffer.Length;)
            {
                int length = socket.Receive(buffer, done, buffer.Length - done, SocketFlags.None);
                if (length == 0)
                    return false;
                done += length;
            }
            return true;
        }

        private static string Percentiles(List<long> latencyTicks)
        {
            if (latencyTicks.Count == 0)
                return "";
            latencyTicks.Sort();
            double Microseconds(double fraction) => latencyTicks[(int)Math.Min(latencyTicks.Count - 1, fraction * latencyTicks.Count)] * 1e6 / Stopwatch.Frequency;
            return FormattableString.Invariant($"p50 {Microseconds(0.50):F0} µs, p99 {Microseconds(0.99):F0} µs, max {Microseconds(1.0):F0} µs");
        }

        private static string Describe(SocketException e) => "socket error " + e.SocketErrorCode + ": " + e.Message;
    }
}
