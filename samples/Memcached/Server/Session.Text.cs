// The text protocol (protocol.txt, "Commands"): one request parsed by CommandParser, executed
// against the store under the cache lock, answered with memcached 1.6.18's reply lines.
// Meta commands are in Session.Meta.cs, stats in StatsReport.cs.
//
// A storage request whose block exceeds the item size limit is refused once its line is in
// ("SERVER_ERROR object too large for cache") and its block swallowed; like memcached
// (process_update_command), a refused set also removes the key's old value, so a client never
// reads a value older than the one it failed to store.
using System;
using Memcached.Protocol;
using Memcached.Store;

namespace Memcached.Server
{
    public sealed partial class Session
    {
        private static ReadOnlySpan<byte> TooLargeLine => "SERVER_ERROR object too large for cache\r\n"u8;
        private static ReadOnlySpan<byte> OutOfMemoryLine => "SERVER_ERROR out of memory storing object\r\n"u8;
        private static ReadOnlySpan<byte> NonNumericLine => "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"u8;

        // Executes the text request at the front of the input; false when none is complete.
        private bool ProcessTextRequest()
        {
            ReadOnlySpan<byte> data = input.Data;
            ParseResult parsed = CommandParser.TryParse(data, out Command command);
            switch (parsed.Status)
            {
                case ParseStatus.NeedMore:
                    return parsed.BytesNeeded > 0 && RefuseOversizedBlock(ref command, data, parsed.BytesNeeded);
                case ParseStatus.Malformed:
                    if (!parsed.SuppressReply)
                        AppendReply(MalformedReplies.LineOf(parsed.Reason));
                    if (parsed.ClosesConnection)
                    {
                        Close();
                        return false;
                    }
                    input.Consume(parsed.ConsumedBytes);
                    swallowRemaining = parsed.DiscardBytes;
                    return true;
            }
            if (!ExecuteText(ref command, data))
                return false;
            input.Consume(parsed.ConsumedBytes);
            return true;
        }

        // A storage line whose block cannot be buffered: refuse it now, swallow the block.
        private bool RefuseOversizedBlock(ref Command command, ReadOnlySpan<byte> data, long requestBytes)
        {
            if (CanBuffer(requestBytes) && command.DataLength <= cache.Settings.ItemSizeMax)
                return false;
            int lineBytes = command.DataOffset;
            if (command.Opcode == Opcode.MetaSet)
                RefuseOversizedMetaSet(ref command, data);
            else
            {
                if (command.Opcode == Opcode.Set)
                    DeleteQuietly(command.Key.Of(data));
                if (!command.NoReply)
                    AppendReply(TooLargeLine);
            }
            input.Consume(lineBytes);
            swallowRemaining = requestBytes - lineBytes;
            return true;
        }

        private void DeleteQuietly(ReadOnlySpan<byte> key)
        {
            cache.Lock();
            cache.Store.Delete(key, cache.NowSeconds);
            cache.Unlock();
        }

        // False only when a multi-key get paused for its replies to drain (nothing is consumed).
        private bool ExecuteText(ref Command command, ReadOnlySpan<byte> data)
        {
            switch (command.Opcode)
            {
                case Opcode.Get:
                case Opcode.Gets:
                case Opcode.Gat:
                case Opcode.Gats:
                    return ExecuteRetrieval(ref command, data);
                case Opcode.Set:
                case Opcode.Add:
                case Opcode.Replace:
                case Opcode.Append:
                case Opcode.Prepend:
                case Opcode.Cas:
                    ExecuteStorage(ref command, data);
                    return true;
                case Opcode.Incr:
                case Opcode.Decr:
                    ExecuteArithmetic(ref command, data);
                    return true;
                case Opcode.Delete:
                    ExecuteKeyed(ref command, data);
                    return true;
                case Opcode.Touch:
                    ExecuteKeyed(ref command, data);
                    return true;
                case Opcode.FlushAll:
                    cache.Lock();
                    cache.Store.FlushAll(command.Exptime, cache.NowSeconds);
                    cache.Unlock();
                    ReplyUnlessQuiet(Reply.Ok, command.NoReply);
                    return true;
                case Opcode.Stats:
                    StatsReport.Write(this, command.StatsGroup);
                    return true;
                case Opcode.Version:
                    WriteVersion();
                    return true;
                case Opcode.Verbosity:
                    cache.Settings.Verbosity = (int)command.VerbosityLevel;
                    ReplyUnlessQuiet(Reply.Ok, command.NoReply);
                    return true;
                case Opcode.Quit:
                    Close();
                    return true;
                default:
                    ExecuteMeta(ref command, data);
                    return true;
            }
        }

        private bool ExecuteRetrieval(ref Command command, ReadOnlySpan<byte> data)
        {
            bool touch = command.Opcode == Opcode.Gat || command.Opcode == Opcode.Gats;
            bool withCas = command.Opcode == Opcode.Gets || command.Opcode == Opcode.Gats;
            for (int index = resumeKeyIndex; index < command.KeyCount; index++)
            {
                if (index > resumeKeyIndex && output.Count >= ServerLimits.OutputHighWaterBytes)
                {
                    resumeKeyIndex = index;
                    cache.Counters.CountYield();
                    return false;
                }
                ReadOnlySpan<byte> key = command.GetKey(index).Of(data);
                cache.Lock();
                long now = cache.NowSeconds;
                if (touch)
                    cache.Store.Touch(key, command.Exptime, now);
                ItemView item = cache.Store.Get(key, now);
                if (item.Found)
                    WriteValue(key, item, withCas);
                cache.Unlock();
            }
            resumeKeyIndex = 0;
            AppendReply(ProtocolLine(Reply.End));
            return true;
        }

        // VALUE <key> <flags> <bytes> [<cas>]\r\n<data>\r\n, copied while the caller holds the lock.
        private void WriteValue(ReadOnlySpan<byte> key, ItemView item, bool withCas)
        {
            Span<byte> space = ReplySpace(ReplyWriter.ValueLineBytesMax + item.Value.Length + 2);
            int written;
            if (withCas)
                ReplyWriter.TryWriteValue(space, key, item.Flags, item.Value.Length, item.Cas, out written);
            else
                ReplyWriter.TryWriteValue(space, key, item.Flags, item.Value.Length, out written);
            ReplyWriter.TryWriteDataBlock(space.Slice(written), item.Value, out int block);
            CommitReply(written + block);
        }

        private void ExecuteStorage(ref Command command, ReadOnlySpan<byte> data)
        {
            ReadOnlySpan<byte> key = command.Key.Of(data);
            ReadOnlySpan<byte> value = command.Data(data);
            cache.Lock();
            long now = cache.NowSeconds;
            StoreResult result = Store(ref command, key, value, now);
            if (result == StoreResult.TooLarge && command.Opcode == Opcode.Set)
                cache.Store.Delete(key, now);
            cache.Unlock();
            if (!command.NoReply)
                ReplyStoreResult(result);
        }

        private StoreResult Store(ref Command command, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long now)
        {
            ItemStore store = cache.Store;
            uint flags = command.Flags;
            long exptime = command.Exptime;
            switch (command.Opcode)
            {
                case Opcode.Set: return store.Set(key, flags, exptime, value, now, out _);
                case Opcode.Add: return store.Add(key, flags, exptime, value, now, out _);
                case Opcode.Replace: return store.Replace(key, flags, exptime, value, now, out _);
                case Opcode.Append: return store.Append(key, flags, exptime, value, now, out _);
                case Opcode.Prepend: return store.Prepend(key, flags, exptime, value, now, out _);
                default: return store.Cas(key, flags, exptime, value, command.CasUnique, now, out _);
            }
        }

        private void ExecuteArithmetic(ref Command command, ReadOnlySpan<byte> data)
        {
            ReadOnlySpan<byte> key = command.Key.Of(data);
            cache.Lock();
            long now = cache.NowSeconds;
            ulong value;
            StoreResult result = command.Opcode == Opcode.Incr
                ? cache.Store.Increment(key, command.Delta, now, out value)
                : cache.Store.Decrement(key, command.Delta, now, out value);
            cache.Unlock();
            if (command.NoReply)
                return;
            if (result == StoreResult.Incremented)
            {
                Span<byte> space = ReplySpace(AsciiNumber.UInt64DigitsMax + 2);
                ReplyWriter.TryWriteNumber(space, value, out int written);
                CommitReply(written);
            }
            else
                ReplyStoreResult(result);
        }

        // delete and touch: one key, a one-line answer.
        private void ExecuteKeyed(ref Command command, ReadOnlySpan<byte> data)
        {
            ReadOnlySpan<byte> key = command.Key.Of(data);
            cache.Lock();
            long now = cache.NowSeconds;
            StoreResult result = command.Opcode == Opcode.Delete
                ? cache.Store.Delete(key, now)
                : cache.Store.Touch(key, command.Exptime, now);
            cache.Unlock();
            if (!command.NoReply)
                ReplyStoreResult(result);
        }

        private void WriteVersion()
        {
            Span<byte> space = ReplySpace(8 + Cache.Version.Length + 2);
            ReplyWriter.TryWriteVersion(space, Cache.Version, out int written);
            CommitReply(written);
        }

        private void ReplyUnlessQuiet(Reply reply, bool noReply)
        {
            if (!noReply)
                AppendReply(ProtocolLine(reply));
        }

        private static ReadOnlySpan<byte> ProtocolLine(Reply reply) => ReplyWriter.LineOf(reply);

        private void ReplyStoreResult(StoreResult result)
        {
            switch (result)
            {
                case StoreResult.Stored: AppendReply(ProtocolLine(Reply.Stored)); break;
                case StoreResult.NotStored: AppendReply(ProtocolLine(Reply.NotStored)); break;
                case StoreResult.Exists: AppendReply(ProtocolLine(Reply.Exists)); break;
                case StoreResult.NotFound: AppendReply(ProtocolLine(Reply.NotFound)); break;
                case StoreResult.Deleted: AppendReply(ProtocolLine(Reply.Deleted)); break;
                case StoreResult.Touched: AppendReply(ProtocolLine(Reply.Touched)); break;
                case StoreResult.NonNumeric: AppendReply(NonNumericLine); break;
                case StoreResult.TooLarge: AppendReply(TooLargeLine); break;
                default: AppendReply(OutOfMemoryLine); break;
            }
        }
    }
}
