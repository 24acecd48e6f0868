// Drives a Session as a transport would, without sockets: bytes in (split however the test
// likes), Process, and everything the session answered out, as one string.
using System;
using System.Text;
using Memcached.Server;

namespace Memcached.Tests.Server
{
    internal sealed class ManualClock : IUnixClock
    {
        public long UnixSeconds { get; set; } = 1_800_000_000;
    }

    internal sealed class SessionHarness
    {
        public readonly ManualClock Clock = new ManualClock();
        public readonly Cache Cache;
        public readonly Session Session;
        private readonly StringBuilder replies = new StringBuilder();

        public SessionHarness(ServerSettings? settings = null)
        {
            Cache = new Cache(settings ?? new ServerSettings { MemoryMegabytes = 8 }, Clock);
            Session = new Session(Cache);
        }

        public SessionHarness(Cache cache)
        {
            Cache = cache;
            Session = new Session(cache);
        }

        public SessionStatus LastStatus { get; private set; }

        // Feeds bytes in pieces of at most chunkBytes, draining replies after each piece.
        public string Send(string request, int chunkBytes = int.MaxValue) =>
            Send(Encoding.Latin1.GetBytes(request), chunkBytes);

        public string Send(byte[] request, int chunkBytes = int.MaxValue)
        {
            int offset = 0;
            while (offset < request.Length && !Session.IsClosing)
            {
                Span<byte> space = Session.ReceiveSpace;
                int count = Math.Min(Math.Min(space.Length, chunkBytes), request.Length - offset);
                request.AsSpan(offset, count).CopyTo(space);
                Session.Received(count);
                offset += count;
                Drain();
            }
            return TakeReplies();
        }

        public void Drain()
        {
            do
            {
                LastStatus = Session.Process();
                ReadOnlySpan<byte> pending = Session.PendingOutput;
                replies.Append(Encoding.Latin1.GetString(pending));
                Session.Sent(pending.Length);
            }
            while (LastStatus == SessionStatus.OutputBlocked);
        }

        public string TakeReplies()
        {
            string text = replies.ToString();
            replies.Clear();
            return text;
        }
    }
}
