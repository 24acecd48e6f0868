// The binary protocol (memcached's protocol_binary.h, "Binary Protocol Revamped"), executed as
// memcached 1.6.18 executes it (proto_bin.c), replies checked byte for byte against the daemon.
//
// One request: the 24-byte header (BinaryHeader), judged by BinaryRequestCheck; then, for a
// request to execute, its extras and key (and the value, for the storage commands) must be in
// the input before anything happens, so a request split anywhere is answered exactly as whole.
// Bytes the body holds beyond what the command reads are skipped (swallowRemaining).
//   - A bad magic closes the connection without a reply; a header whose lengths disagree, a key
//     over 250 bytes, or a command with the wrong extras/key/value shape is answered with
//     "Unknown command" / "Invalid arguments" and then closed (memcached's
//     handle_binary_protocol_error). An unknown opcode is answered and its body skipped.
//   - A storage command whose key + value exceed the item size limit is answered "Too large."
//     as soon as its extras and key are in, and its value is swallowed as it arrives, never
//     buffered; a refused set also removes the key's old value (as the text path does).
//   - Quiet opcodes answer nothing on success (GetQ/GetKQ/GatQ/GatKQ: nothing on a miss);
//     errors are always answered. Replies carry the request's opcode and opaque.
//   - CAS in the header: set/add/replace become compare-and-swap; append/prepend, delete and
//     incr/decr check it against the item's first. ItemStore has no lookup that leaves the
//     get counters alone, so that check (and reading the CAS after an incr) undoes the get
//     counts of its lookup.
//   - Stat answers each statistic as one response (key = name, value = text) and ends with an
//     empty one; "", "settings", "slabs" and "items" are served, any other group (memcached's
//     "reset", "sizes", "conns", "detail ...") is "Not found".
// Locking as Session.Text.cs: the cache lock around each request's store calls; a found value
// is copied into the reply before the lock is released. No allocation per request.
using System;
using Memcached.Protocol;
using Memcached.Store;

namespace Memcached.Server
{
    public sealed partial class Session
    {
        private const byte BinaryRequestMagic = BinaryHeader.RequestMagic;
        private const int FlagsExtrasBytes = 4;
        private const int DeltaValueBytes = 8;

        // The request being answered: replies (stats included) take its opcode and opaque.
        private BinaryHeader binaryRequest;
        private readonly byte[] binaryDigits = new byte[AsciiNumber.UInt64DigitsMax];

        // Executes the binary request at the front of the input; false when none is complete
        // (or the connection is closing).
        private bool ProcessBinaryRequest()
        {
            ReadOnlySpan<byte> data = input.Data;
            if (!BinaryHeader.TryRead(data, out BinaryHeader header))
                return false;
            binaryRequest = header;
            switch (BinaryRequestCheck.Check(header))
            {
                case BinaryVerdict.BadMagic:
                    Close();
                    return false;
                case BinaryVerdict.Inconsistent:
                    return RefuseAndClose(BinaryStatus.UnknownCommand);
                case BinaryVerdict.Invalid:
                    return RefuseAndClose(BinaryStatus.InvalidArguments);
                case BinaryVerdict.UnknownCommand:
                    AppendBinaryError(BinaryStatus.UnknownCommand);
                    input.Consume(BinaryHeader.Bytes);
                    swallowRemaining = header.BodyLength;
                    return true;
            }
            BinaryOpcode loud = BinaryOpcodes.Loud(header.Opcode);
            int prefixBytes = BinaryHeader.Bytes + header.ExtrasLength + header.KeyLength;
            if (data.Length < prefixBytes)
                return false;
            int requestBytes = prefixBytes;
            if (BinaryOpcodes.CarriesValue(loud))
            {
                if (header.KeyLength + header.ValueLength > cache.Settings.ItemSizeMax)
                    return RefuseOversizedValue(loud, header, data.Slice(prefixBytes - header.KeyLength, header.KeyLength));
                requestBytes = (int)header.PacketLength; // <= prefix + item size limit: bufferable
                if (data.Length < requestBytes)
                    return false;
            }
            ExecuteBinary(loud, header, data.Slice(0, requestBytes));
            input.Consume(requestBytes);
            swallowRemaining = header.PacketLength - requestBytes;
            return true;
        }

        private bool RefuseAndClose(BinaryStatus status)
        {
            AppendBinaryError(status);
            Close();
            return false;
        }

        // memcached's process_bin_update when item_alloc fails for size: E2BIG, the value
        // swallowed, and a set's old value removed.
        private bool RefuseOversizedValue(BinaryOpcode loud, in BinaryHeader header, ReadOnlySpan<byte> key)
        {
            if (loud == BinaryOpcode.Set)
                DeleteQuietly(key);
            AppendBinaryError(BinaryStatus.TooLarge);
            int prefixBytes = BinaryHeader.Bytes + header.ExtrasLength + header.KeyLength;
            input.Consume(prefixBytes);
            swallowRemaining = header.PacketLength - prefixBytes;
            return true;
        }

        private void ExecuteBinary(BinaryOpcode loud, in BinaryHeader header, ReadOnlySpan<byte> request)
        {
            ReadOnlySpan<byte> extras = request.Slice(BinaryHeader.Bytes, header.ExtrasLength);
            ReadOnlySpan<byte> key = request.Slice(BinaryHeader.Bytes + header.ExtrasLength, header.KeyLength);
            ReadOnlySpan<byte> value = request.Slice(BinaryHeader.Bytes + header.ExtrasLength + header.KeyLength);
            switch (loud)
            {
                case BinaryOpcode.Get:
                case BinaryOpcode.GetK:
                case BinaryOpcode.Touch:
                case BinaryOpcode.Gat:
                case BinaryOpcode.GatK:
                    ExecuteBinaryRetrieval(loud, extras, key);
                    break;
                case BinaryOpcode.Set:
                case BinaryOpcode.Add:
                case BinaryOpcode.Replace:
                    ExecuteBinaryStorage(loud, header.Cas, extras, key, value);
                    break;
                case BinaryOpcode.Append:
                case BinaryOpcode.Prepend:
                    ExecuteBinaryConcat(loud, header.Cas, key, value);
                    break;
                case BinaryOpcode.Delete:
                    ExecuteBinaryDelete(header.Cas, key);
                    break;
                case BinaryOpcode.Increment:
                case BinaryOpcode.Decrement:
                    ExecuteBinaryArithmetic(loud == BinaryOpcode.Increment, header.Cas, extras, key);
                    break;
                default:
                    ExecuteBinaryAdministrative(loud, extras, key);
                    break;
            }
        }

        private void ExecuteBinaryAdministrative(BinaryOpcode loud, ReadOnlySpan<byte> extras, ReadOnlySpan<byte> key)
        {
            switch (loud)
            {
                case BinaryOpcode.Flush:
                    long delaySeconds = extras.Length == BinaryRequestCheck.ExpiryExtrasBytes ? BinaryHeader.ReadUInt32(extras, 0) : 0;
                    cache.Lock();
                    cache.Store.FlushAll(delaySeconds, cache.NowSeconds);
                    cache.Unlock();
                    AppendBinarySuccess(0);
                    break;
                case BinaryOpcode.Version:
                    Span<byte> body = BeginBinaryResponse(BinaryStatus.NoError, 0, 0, Cache.Version.Length, 0);
                    Cache.Version.CopyTo(body);
                    CommitReply(BinaryHeader.Bytes + body.Length);
                    break;
                case BinaryOpcode.Quit:
                    AppendBinarySuccess(0);
                    Close();
                    break;
                case BinaryOpcode.Stat:
                    ExecuteBinaryStat(key);
                    break;
                default: // NoOp
                    AppendBinarySuccess(0);
                    break;
            }
        }

        // get/getk/touch/gat/gatk (+Q): flags as extras; getk/gatk echo the key; touch no value.
        private void ExecuteBinaryRetrieval(BinaryOpcode loud, ReadOnlySpan<byte> extras, ReadOnlySpan<byte> key)
        {
            bool touch = loud == BinaryOpcode.Touch || loud == BinaryOpcode.Gat || loud == BinaryOpcode.GatK;
            bool withKey = loud == BinaryOpcode.GetK || loud == BinaryOpcode.GatK;
            cache.Lock();
            long now = cache.NowSeconds;
            if (touch)
                cache.Store.Touch(key, BinaryHeader.ReadUInt32(extras, 0), now);
            ItemView item = cache.Store.Get(key, now);
            if (item.Found)
            {
                int keyBytes = withKey ? key.Length : 0;
                int valueBytes = loud == BinaryOpcode.Touch ? 0 : item.Value.Length;
                Span<byte> body = BeginBinaryResponse(BinaryStatus.NoError, keyBytes, FlagsExtrasBytes, valueBytes, item.Cas);
                BinaryHeader.WriteUInt32(body, 0, item.Flags);
                key.Slice(0, keyBytes).CopyTo(body.Slice(FlagsExtrasBytes));
                item.Value.Slice(0, valueBytes).CopyTo(body.Slice(FlagsExtrasBytes + keyBytes));
                CommitReply(BinaryHeader.Bytes + body.Length);
            }
            cache.Unlock();
            if (item.Found || BinaryOpcodes.IsQuiet(binaryRequest.Opcode))
                return;
            if (withKey)
            {
                // memcached answers a getk/gatk miss with the key as the body and no message.
                Span<byte> body = BeginBinaryResponse(BinaryStatus.KeyNotFound, key.Length, 0, 0, 0);
                key.CopyTo(body);
                CommitReply(BinaryHeader.Bytes + body.Length);
            }
            else
                AppendBinaryError(BinaryStatus.KeyNotFound);
        }

        // set/add/replace (+Q); a CAS in the header makes any of them a compare-and-swap.
        private void ExecuteBinaryStorage(BinaryOpcode loud, ulong expectedCas, ReadOnlySpan<byte> extras,
            ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            uint flags = BinaryHeader.ReadUInt32(extras, 0);
            long exptime = BinaryHeader.ReadUInt32(extras, 4);
            ItemStore store = cache.Store;
            cache.Lock();
            long now = cache.NowSeconds;
            ulong cas;
            StoreResult result;
            if (expectedCas != 0)
                result = store.Cas(key, flags, exptime, value, expectedCas, now, out cas);
            else if (loud == BinaryOpcode.Set)
                result = store.Set(key, flags, exptime, value, now, out cas);
            else if (loud == BinaryOpcode.Add)
                result = store.Add(key, flags, exptime, value, now, out cas);
            else
                result = store.Replace(key, flags, exptime, value, now, out cas);
            cache.Unlock();
            if (result == StoreResult.Stored)
                AppendBinarySuccess(cas);
            else if (result == StoreResult.NotStored)
                AppendBinaryError(loud == BinaryOpcode.Add ? BinaryStatus.KeyExists : BinaryStatus.KeyNotFound);
            else
                AppendBinaryError(BinaryStatusOf(result));
        }

        // append/prepend (+Q): memcached answers every refusal but a CAS mismatch "Not stored."
        private void ExecuteBinaryConcat(BinaryOpcode loud, ulong expectedCas, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            ItemStore store = cache.Store;
            cache.Lock();
            long now = cache.NowSeconds;
            StoreResult result;
            ulong cas = 0;
            if (expectedCas != 0 && CasDiffersLocked(key, expectedCas, now))
                result = StoreResult.Exists;
            else if (loud == BinaryOpcode.Append)
                result = store.Append(key, 0, 0, value, now, out cas);
            else
                result = store.Prepend(key, 0, 0, value, now, out cas);
            cache.Unlock();
            if (result == StoreResult.Stored)
                AppendBinarySuccess(cas);
            else
                AppendBinaryError(result == StoreResult.Exists ? BinaryStatus.KeyExists : BinaryStatus.NotStored);
        }

        private void ExecuteBinaryDelete(ulong expectedCas, ReadOnlySpan<byte> key)
        {
            cache.Lock();
            long now = cache.NowSeconds;
            StoreResult result = expectedCas != 0 && CasDiffersLocked(key, expectedCas, now)
                ? StoreResult.Exists
                : cache.Store.Delete(key, now);
            cache.Unlock();
            if (result == StoreResult.Deleted)
                AppendBinarySuccess(0);
            else
                AppendBinaryError(BinaryStatusOf(result));
        }

        // incr/decr (+Q), memcached's process_bin_arithmetic: a missing item is created with the
        // initial value (flags 0) unless the expiration is 0xffffffff; the reply is the new value
        // as 8 bytes and the item's CAS.
        private void ExecuteBinaryArithmetic(bool increment, ulong expectedCas, ReadOnlySpan<byte> extras, ReadOnlySpan<byte> key)
        {
            ulong delta = BinaryHeader.ReadUInt64(extras, 0);
            ulong initial = BinaryHeader.ReadUInt64(extras, 8);
            uint expiration = BinaryHeader.ReadUInt32(extras, 16);
            ItemStore store = cache.Store;
            cache.Lock();
            long now = cache.NowSeconds;
            ulong value = 0;
            ulong cas = 0;
            StoreResult result;
            if (expectedCas != 0 && CasDiffersLocked(key, expectedCas, now))
                result = StoreResult.Exists;
            else
                result = increment ? store.Increment(key, delta, now, out value) : store.Decrement(key, delta, now, out value);
            if (result == StoreResult.Incremented)
                cas = CasLocked(key, now);
            else if (result == StoreResult.NotFound && expiration != BinaryRequestCheck.NoCreateExpiration)
                result = CreateCounterLocked(key, initial, expiration, now, out value, out cas);
            cache.Unlock();
            if (result != StoreResult.Incremented)
            {
                AppendBinaryError(BinaryStatusOf(result));
                return;
            }
            if (BinaryOpcodes.IsQuiet(binaryRequest.Opcode))
                return;
            Span<byte> body = BeginBinaryResponse(BinaryStatus.NoError, 0, 0, DeltaValueBytes, cas);
            BinaryHeader.WriteUInt64(body, 0, value);
            CommitReply(BinaryHeader.Bytes + DeltaValueBytes);
        }

        // memcached stores the initial value as its decimal text with an "add"; a failed add is
        // "Not stored.", a failed allocation "Out of memory".
        private StoreResult CreateCounterLocked(ReadOnlySpan<byte> key, ulong initial, uint expiration, long now,
            out ulong value, out ulong cas)
        {
            value = initial;
            AsciiNumber.TryFormat(initial, binaryDigits, out int digitCount);
            StoreResult added = cache.Store.Add(key, 0, expiration, new ReadOnlySpan<byte>(binaryDigits, 0, digitCount), now, out cas);
            if (added == StoreResult.Stored)
                return StoreResult.Incremented;
            return added == StoreResult.NotStored ? StoreResult.NotStored : StoreResult.OutOfMemory;
        }

        // True when the key holds a live item whose CAS is not expectedCas (a missing item is
        // left for the command itself to refuse).
        private bool CasDiffersLocked(ReadOnlySpan<byte> key, ulong expectedCas, long now)
        {
            ulong cas = CasLocked(key, now);
            return cas != 0 && cas != expectedCas;
        }

        // The live item's CAS, or 0; the lookup's get counts are undone (see the header comment).
        private ulong CasLocked(ReadOnlySpan<byte> key, long now)
        {
            ItemView item = cache.Store.Get(key, now);
            StoreStats stats = cache.Store.Stats;
            stats.CmdGet--;
            if (item.Found)
                stats.GetHits--;
            else
                stats.GetMisses--;
            return item.Found ? item.Cas : 0;
        }

        private void ExecuteBinaryStat(ReadOnlySpan<byte> group)
        {
            if (group.Length == 0)
                StatsReport.Write(this, StatsGroup.General);
            else if (group.SequenceEqual("settings"u8))
                StatsReport.Write(this, StatsGroup.Settings);
            else if (group.SequenceEqual("slabs"u8))
                StatsReport.Write(this, StatsGroup.Slabs);
            else if (group.SequenceEqual("items"u8))
                StatsReport.Write(this, StatsGroup.Items);
            else
                AppendBinaryError(BinaryStatus.KeyNotFound);
        }

        private static BinaryStatus BinaryStatusOf(StoreResult result)
        {
            switch (result)
            {
                case StoreResult.NotFound: return BinaryStatus.KeyNotFound;
                case StoreResult.Exists: return BinaryStatus.KeyExists;
                case StoreResult.NotStored: return BinaryStatus.NotStored;
                case StoreResult.NonNumeric: return BinaryStatus.DeltaBadValue;
                case StoreResult.TooLarge: return BinaryStatus.TooLarge;
                default: return BinaryStatus.OutOfMemory;
            }
        }

        // Reserves a reply of header + extras + key + value, writes the header, and returns the
        // body for the caller to fill; the caller commits header + body.
        private Span<byte> BeginBinaryResponse(BinaryStatus status, int keyBytes, int extrasBytes, int valueBytes, ulong cas)
        {
            int bodyBytes = extrasBytes + keyBytes + valueBytes;
            Span<byte> space = ReplySpace(BinaryHeader.Bytes + bodyBytes);
            BinaryHeader.Response(binaryRequest.Opcode, status, keyBytes, extrasBytes, bodyBytes, binaryRequest.Opaque, cas)
                .TryWrite(space);
            return space.Slice(BinaryHeader.Bytes, bodyBytes);
        }

        private void AppendBinarySuccess(ulong cas)
        {
            if (BinaryOpcodes.IsQuiet(binaryRequest.Opcode))
                return;
            BeginBinaryResponse(BinaryStatus.NoError, 0, 0, 0, cas);
            CommitReply(BinaryHeader.Bytes);
        }

        private void AppendBinaryError(BinaryStatus status)
        {
            ReadOnlySpan<byte> message = BinaryStatusText.MessageOf(status);
            Span<byte> body = BeginBinaryResponse(status, 0, 0, message.Length, 0);
            message.CopyTo(body);
            CommitReply(BinaryHeader.Bytes + message.Length);
        }

        // Stats (StatsReport through Session's AppendStat/AppendStatText/AppendLine): one
        // response per statistic, key = name, value = its text; the report's end is an empty one.
        private void AppendBinaryStat(ReadOnlySpan<byte> name, long value)
        {
            Span<byte> space = ReplySpace(BinaryHeader.Bytes + name.Length + AsciiNumber.UInt64DigitsMax + 1);
            AsciiNumber.TryFormat(value, space.Slice(BinaryHeader.Bytes + name.Length), out int digitCount);
            name.CopyTo(space.Slice(BinaryHeader.Bytes));
            int bodyBytes = name.Length + digitCount;
            BinaryHeader.Response(binaryRequest.Opcode, BinaryStatus.NoError, name.Length, 0, bodyBytes, binaryRequest.Opaque, 0)
                .TryWrite(space);
            CommitReply(BinaryHeader.Bytes + bodyBytes);
        }

        private void AppendBinaryStatText(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            Span<byte> body = BeginBinaryResponse(BinaryStatus.NoError, name.Length, 0, value.Length, 0);
            name.CopyTo(body);
            value.CopyTo(body.Slice(name.Length));
            CommitReply(BinaryHeader.Bytes + body.Length);
        }

        private void AppendBinaryStatsEnd()
        {
            BeginBinaryResponse(BinaryStatus.NoError, 0, 0, 0, 0);
            CommitReply(BinaryHeader.Bytes);
        }
    }
}
