// One client connection's protocol engine, independent of any transport: the transport copies
// received bytes in (ReceiveSpace, Received), calls Process, sends PendingOutput and reports what
// went (Sent). The same Session serves the hosted sockets, OSv.Net's sockets in the image, the
// UDP frames (one request per datagram) and the tests, which feed it bytes split anywhere.
//
// Process executes every complete request at the front of the input, in order (pipelining),
// and answers each into the reply queue. It stops when:
//   - the input holds no complete request (NeedInput; a request with a data block larger than
//     the receive buffer grows it, up to the item size limit);
//   - the replies waiting reach ServerLimits.OutputHighWaterBytes (OutputBlocked: the transport
//     sends, then calls Process again). A multi-key get pauses between keys and resumes at the
//     next key, so a get of many large values never needs them all buffered at once;
//   - the client asked to quit, or sent what memcached closes a connection for (Close: the
//     transport sends what is pending, then closes).
// Which protocol a connection speaks is decided by its first byte, as memcached does: 0x80 is
// the binary protocol's request magic (Session.Binary.cs), anything else the text protocol
// (Session.Text.cs, meta commands in Session.Meta.cs).
//
// Bad input never throws: the parser refuses it with memcached's error reply. A set whose data
// block exceeds the item size limit is refused on its line and the block is swallowed as it
// arrives (memcached's conn_swallow), without buffering it.
// Invariant: Process never consumes part of a request; the reply queue never exceeds
// ServerLimits.ReplyBytesMax. No allocation after the buffers reach their working size;
// EndConnection gives grown buffers back, so only open connections hold them.
using System;
using Memcached.Protocol;

namespace Memcached.Server
{
    public enum SessionStatus : byte
    {
        NeedInput,
        OutputBlocked,
        Close,
    }

    public sealed partial class Session
    {
        private enum Dialect : byte { Undecided, Text, Binary }

        private readonly Cache cache;
        private readonly ByteQueue input = new ByteQueue(ServerLimits.InputBufferInitialBytes);
        private readonly ByteQueue output = new ByteQueue(ServerLimits.OutputBufferInitialBytes);
        private readonly int inputCapacityMax;
        private readonly int outputCapacityMax;
        private Dialect dialect;
        private long swallowRemaining;
        private int resumeKeyIndex;
        private bool closing;

        public Session(Cache cache)
        {
            this.cache = cache;
            inputCapacityMax = ServerLimits.RequestBytesMax(cache.Settings.ItemSizeMax);
            outputCapacityMax = ServerLimits.ReplyBytesMax(cache.Settings.ItemSizeMax);
        }

        public Cache Cache => cache;
        public bool IsClosing => closing;
        public ReadOnlySpan<byte> PendingOutput => output.Data;

        // Makes the session ready for a new connection (a pooled connection slot is reused).
        public void Reset()
        {
            input.Clear();
            output.Clear();
            dialect = Dialect.Undecided;
            swallowRemaining = 0;
            resumeKeyIndex = 0;
            closing = false;
        }

        // The connection ended: the receive and reply buffers go back to their initial sizes, so
        // a pooled session keeps no large buffer between connections (ByteQueue.ReleaseGrowth).
        // Per connection, not per request: UDP's Reset per datagram keeps its grown reply buffer.
        public void EndConnection()
        {
            Reset();
            input.ReleaseGrowth();
            output.ReleaseGrowth();
        }

        public int InputCapacity => input.Capacity;
        public int OutputCapacity => output.Capacity;

        // Where the transport writes received bytes: never empty while the session is open.
        public Span<byte> ReceiveSpace
        {
            get
            {
                Span<byte> space = input.Reserve(1, inputCapacityMax);
                return space.Length > 0 ? space : input.Reserve(1, int.MaxValue);
            }
        }

        public void Received(int count)
        {
            cache.Counters.AddRead(count);
            input.Commit(count);
        }

        public void Sent(int count)
        {
            cache.Counters.AddWritten(count);
            output.Consume(count);
        }

        public SessionStatus Process()
        {
            while (!closing)
            {
                if (output.Count >= ServerLimits.OutputHighWaterBytes)
                    return SessionStatus.OutputBlocked;
                SwallowDiscarded();
                if (input.Count == 0)
                    return SessionStatus.NeedInput;
                if (dialect == Dialect.Undecided)
                    dialect = input.Data[0] == BinaryRequestMagic ? Dialect.Binary : Dialect.Text;
                bool progressed = dialect == Dialect.Binary ? ProcessBinaryRequest() : ProcessTextRequest();
                if (!progressed)
                {
                    if (closing)
                        return SessionStatus.Close;
                    return output.Count >= ServerLimits.OutputHighWaterBytes ? SessionStatus.OutputBlocked : SessionStatus.NeedInput;
                }
            }
            return SessionStatus.Close;
        }

        private void SwallowDiscarded()
        {
            if (swallowRemaining == 0 || input.Count == 0)
                return;
            int dropped = input.Count < swallowRemaining ? input.Count : (int)swallowRemaining;
            input.Consume(dropped);
            swallowRemaining -= dropped;
        }

        // Makes the receive buffer able to hold a whole request of `bytes`; false when no buffer
        // may (the caller refuses the request).
        private bool CanBuffer(long bytes) => bytes <= inputCapacityMax;

        // Reply space of at least `bytes`; the reply queue may exceed the high-water mark by one
        // step (ReplyBytesMax allows for it).
        private Span<byte> ReplySpace(int bytes) => output.Reserve(bytes, outputCapacityMax);

        private void AppendReply(ReadOnlySpan<byte> bytes)
        {
            output.Reserve(bytes.Length, outputCapacityMax);
            output.Append(bytes);
        }

        private void CommitReply(int bytes) => output.Commit(bytes);

        private void Close() => closing = true;

        // Stats lines (StatsReport): STAT <name> <value>\r\n; on a binary connection, one
        // response per statistic instead (Session.Binary.cs).
        internal void AppendStat(ReadOnlySpan<byte> name, long value)
        {
            if (dialect == Dialect.Binary)
            {
                AppendBinaryStat(name, value);
                return;
            }
            Span<byte> space = ReplySpace(5 + name.Length + 2 + AsciiNumber.UInt64DigitsMax + 2);
            ReplyWriter.TryWriteStat(space, name, value, out int written);
            CommitReply(written);
        }

        internal void AppendStatText(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            if (dialect == Dialect.Binary)
            {
                AppendBinaryStatText(name, value);
                return;
            }
            Span<byte> space = ReplySpace(5 + name.Length + 1 + value.Length + 2);
            ReplyWriter.TryWriteStat(space, name, value, out int written);
            CommitReply(written);
        }

        // StatsReport's closing "END": a binary connection ends a report with an empty response.
        internal void AppendLine(ReadOnlySpan<byte> line)
        {
            if (dialect == Dialect.Binary)
                AppendBinaryStatsEnd();
            else
                AppendReply(line);
        }
    }
}
