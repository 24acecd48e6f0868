// ma <key> <flags>* (protocol.txt, "Meta Arithmetic"; memcached 1.6.18's
// process_marithmetic_command): incr/decr of an unsigned 64-bit decimal value.
//
// D delta (default 1); M mode I or + increment (default), D or - decrement (stops at 0;
// increment wraps at 2^64, as incr); C(cas) must match (EX) before anything changes, and C0
// compares nothing (memcached treats a zero CAS as none here). A miss is
// NF, unless N(ttl): then the item is created holding J (initial, default 0), unchanged by the
// delta, and answered as a success. Success is "VA <digits>" with v (the data block is the new
// number), else "HD"; both hidden by q. Its return flags, in request order: c (new CAS), t (TTL
// left), T (sets the TTL), N (sets the TTL of an item it created), O, k. NF, EX and NS carry O
// and k. A value that is not a number is "CLIENT_ERROR cannot increment or decrement
// non-numeric value".
using System;
using Memcached.Protocol;
using Memcached.Store;

namespace Memcached.Server
{
    public sealed partial class Session
    {
        private static ReadOnlySpan<byte> ArithmeticOutOfMemoryLine => "SERVER_ERROR out of memory\r\n"u8;
        private static ReadOnlySpan<byte> VivifyOutOfMemoryLine => "SERVER_ERROR Out of memory allocating new item\r\n"u8;

        // What one ma did, for its reply.
        private enum ArithmeticOutcome : byte { Done, NotFound, Exists, NotStored, NonNumeric, OutOfMemory, VivifyOutOfMemory }

        private void ExecuteMetaArithmetic(ref Command command, ReadOnlySpan<byte> data)
        {
            ulong delta = 1;
            ulong initial = 0;
            ulong compareCas = 0;
            bool compare = false;
            bool vivify = false;
            bool quiet = false;
            bool withValue = false;
            for (int index = 0; index < command.MetaFlagCount; index++)
            {
                ReadOnlySpan<byte> token = command.GetMetaFlag(index).Of(data);
                switch (token[0])
                {
                    case (byte)'D': delta = MetaTokenUInt64(token); break;
                    case (byte)'J': initial = MetaTokenUInt64(token); break;
                    case (byte)'C': compareCas = MetaTokenUInt64(token); compare = true; break;
                    case (byte)'N': vivify = true; break;
                    case (byte)'q': quiet = true; break;
                    case (byte)'v': withValue = true; break;
                }
            }
            bool increment = command.MetaMode != (byte)'D' && command.MetaMode != (byte)'-';
            ReadOnlySpan<byte> key = MetaKeyOf(ref command, data);
            cache.Lock();
            long now = cache.NowSeconds;
            ArithmeticOutcome outcome = ApplyDeltaLocked(key, increment, delta, compare, compareCas, now, out ulong value);
            bool created = false;
            if (outcome == ArithmeticOutcome.NotFound && vivify)
            {
                outcome = VivifyNumberLocked(key, initial, now);
                created = outcome == ArithmeticOutcome.Done;
                value = initial;
            }
            if (outcome == ArithmeticOutcome.Done)
            {
                // Walked even when quiet: T and N change the item.
                WriteArithmeticDoneLocked(ref command, data, key, value, created, withValue, quiet, now);
                cache.Unlock();
                return;
            }
            cache.Unlock();
            ReplyArithmeticFailure(ref command, data, outcome);
        }

        private ArithmeticOutcome ApplyDeltaLocked(ReadOnlySpan<byte> key, bool increment, ulong delta, bool compare,
            ulong compareCas, long now, out ulong value)
        {
            value = 0;
            ItemStore store = cache.Store;
            if (compare && compareCas != 0)
            {
                // memcached's do_add_delta: an empty value is refused before the CAS is compared.
                int item = store.MetaFind(key, now, countGet: false);
                if (item >= 0 && store.MetaView(item).Value.Length == 0)
                    return ArithmeticOutcome.NonNumeric;
                if (item >= 0 && store.MetaView(item).Cas != compareCas)
                    return ArithmeticOutcome.Exists;
            }
            int before = store.MetaFind(key, now, countGet: false);
            MetaItemBits bits = before >= 0 ? store.MetaBitsOf(before) : MetaItemBits.None;
            long lastAccess = before >= 0 ? store.MetaLastAccess(before) : 0;
            StoreResult result = increment ? store.Increment(key, delta, now, out value) : store.Decrement(key, delta, now, out value);
            switch (result)
            {
                case StoreResult.Incremented:
                    // Rewritten in place, the item keeps its marks (stale, win token, fetched).
                    if (before >= 0 && store.MetaFind(key, now, countGet: false) == before)
                        store.MetaRestore(before, bits, lastAccess);
                    return ArithmeticOutcome.Done;
                case StoreResult.NotFound: return ArithmeticOutcome.NotFound;
                case StoreResult.NonNumeric: return ArithmeticOutcome.NonNumeric;
                default: return ArithmeticOutcome.OutOfMemory;
            }
        }

        private ArithmeticOutcome VivifyNumberLocked(ReadOnlySpan<byte> key, ulong initial, long now)
        {
            AsciiNumber.TryFormat(initial, metaDigits, out int digitCount);
            int item = VivifyLocked(key, new ReadOnlySpan<byte>(metaDigits, 0, digitCount), now);
            if (item >= 0)
                return ArithmeticOutcome.Done;
            return cache.Store.MetaFind(key, now, countGet: false) >= 0 ? ArithmeticOutcome.NotStored : ArithmeticOutcome.VivifyOutOfMemory;
        }

        private void WriteArithmeticDoneLocked(ref Command command, ReadOnlySpan<byte> data, ReadOnlySpan<byte> key,
            ulong value, bool created, bool withValue, bool quiet, long now)
        {
            ItemStore store = cache.Store;
            int item = store.MetaFind(key, now, countGet: false);
            AsciiNumber.TryFormat(value, metaDigits, out int digitCount);
            if (withValue)
                MetaLineBeginValue(digitCount);
            else
                MetaLineBegin(MetaStatus.Header);
            for (int index = 0; index < command.MetaFlagCount && item >= 0; index++)
            {
                ReadOnlySpan<byte> token = command.GetMetaFlag(index).Of(data);
                switch (token[0])
                {
                    case (byte)'c': MetaLineNumber((byte)'c', store.MetaView(item).Cas); break;
                    case (byte)'t': MetaLineTimeToLive(store.MetaExpiresAt(item), now); break;
                    case (byte)'T': store.MetaSetExptime(item, MetaTokenInt32(token), now); break;
                    case (byte)'N':
                        if (created)
                            store.MetaSetExptime(item, MetaTokenInt32(token), now);
                        break;
                    case (byte)'O': MetaLineToken(token); break;
                    case (byte)'k': MetaLineKey(command.Key.Of(data), command.KeyIsBase64); break;
                }
            }
            if (!quiet)
                MetaLineFinish(new ReadOnlySpan<byte>(metaDigits, 0, digitCount), withValue);
        }

        private void ReplyArithmeticFailure(ref Command command, ReadOnlySpan<byte> data, ArithmeticOutcome outcome)
        {
            switch (outcome)
            {
                case ArithmeticOutcome.NotFound:
                    WriteMetaEchoLine(MetaStatus.NotFound, ref command, data, echoCas: false, 0);
                    break;
                case ArithmeticOutcome.Exists:
                    WriteMetaEchoLine(MetaStatus.Exists, ref command, data, echoCas: false, 0);
                    break;
                case ArithmeticOutcome.NotStored:
                    WriteMetaEchoLine(MetaStatus.NotStored, ref command, data, echoCas: false, 0);
                    break;
                case ArithmeticOutcome.NonNumeric:
                    AppendReply(NonNumericLine);
                    break;
                case ArithmeticOutcome.VivifyOutOfMemory:
                    AppendReply(VivifyOutOfMemoryLine);
                    break;
                default:
                    AppendReply(ArithmeticOutOfMemoryLine);
                    break;
            }
        }
    }
}
