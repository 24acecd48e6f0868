// ms <key> <datalen> <flags>* and md <key> <flags>* (protocol.txt, "Meta Set", "Meta Delete";
// memcached 1.6.18's process_mset_command, process_mdelete_command).
//
// ms: F client flags (0 if absent), T exptime (0), M mode: S set (default), E add, R replace,
// A append, P prepend. C(cas) compares first (append and prepend ignore C0): no item is NF for set and replace, NS for append
// and prepend; another CAS is EX, except that set or replace with I accepts a C older than the
// item's, storing the value marked stale (mg then answers X and W). E ignores C (an existing
// item is NS).
// Replies: HD (stored; hidden by q), NS, EX, NF; return flags k, O and c (the new CAS, 0 when
// nothing was stored), in request order; nothing else is echoed. A value the store cannot take
// is "SERVER_ERROR object too large for cache" or "... out of memory storing object", and, as
// memcached, removes the key's old value so that no client reads a value older than the one
// that failed; a block larger than the item size limit is refused on its line and swallowed
// unread (RefuseOversizedMetaSet, called by Session.Text.cs).
//
// md: C(cas) must match (EX); I marks the item stale with a new CAS instead of removing it, and
// T then sets its TTL; HD (hidden by q), NF, EX; return flags k and O.
using System;
using Memcached.Protocol;
using Memcached.Store;

namespace Memcached.Server
{
    public sealed partial class Session
    {
        private void ExecuteMetaSet(ref Command command, ReadOnlySpan<byte> data)
        {
            uint clientFlags = 0;
            int exptime = 0;
            ulong compareCas = 0;
            bool compare = false;
            bool invalidate = false;
            bool quiet = false;
            for (int index = 0; index < command.MetaFlagCount; index++)
            {
                ReadOnlySpan<byte> token = command.GetMetaFlag(index).Of(data);
                switch (token[0])
                {
                    case (byte)'F': AsciiNumber.TryParseUInt32(token.Slice(1), out clientFlags); break;
                    case (byte)'T': exptime = MetaTokenInt32(token); break;
                    case (byte)'C': compareCas = MetaTokenUInt64(token); compare = true; break;
                    case (byte)'I': invalidate = true; break;
                    case (byte)'q': quiet = true; break;
                }
            }
            ReadOnlySpan<byte> key = MetaKeyOf(ref command, data);
            ReadOnlySpan<byte> value = command.Data(data);
            byte mode = command.MetaMode == 0 ? (byte)'S' : command.MetaMode;
            cache.Lock();
            long now = cache.NowSeconds;
            ulong cas;
            bool appending = mode == (byte)'A' || mode == (byte)'P';
            // Append and prepend take C0 as no CAS (memcached's do_store_item); set and replace compare it.
            StoreResult result = compare && mode != (byte)'E' && !(appending && compareCas == 0)
                ? StoreComparingLocked(key, mode, clientFlags, exptime, value, compareCas, invalidate, now, out cas)
                : StoreByModeLocked(key, mode, clientFlags, exptime, value, now, out cas);
            // memcached marks the key binary on the item it allocated; append and prepend store a
            // copy made without the mark.
            if (result == StoreResult.Stored && command.KeyIsBase64 && !appending)
                MarkItemLocked(key, MetaItemBits.BinaryKey, now);
            if (result == StoreResult.TooLarge || result == StoreResult.OutOfMemory)
                cache.Store.Delete(key, now);
            cache.Unlock();
            ReplyMetaSet(ref command, data, result, cas, quiet);
        }

        private StoreResult StoreByModeLocked(ReadOnlySpan<byte> key, byte mode, uint clientFlags, int exptime,
            ReadOnlySpan<byte> value, long now, out ulong cas)
        {
            ItemStore store = cache.Store;
            switch (mode)
            {
                case (byte)'E': return store.Add(key, clientFlags, exptime, value, now, out cas);
                case (byte)'R': return store.Replace(key, clientFlags, exptime, value, now, out cas);
                case (byte)'A': return store.Append(key, clientFlags, exptime, value, now, out cas);
                case (byte)'P': return store.Prepend(key, clientFlags, exptime, value, now, out cas);
                default: return store.Set(key, clientFlags, exptime, value, now, out cas);
            }
        }

        // ms with C. Set and replace become memcached's "cas" (NREAD_CAS): no item is NF, another
        // CAS is EX, except that I accepts a C older than the item's and stores the value marked
        // stale. Append and prepend keep their mode and check the CAS too: no item is NS.
        private StoreResult StoreComparingLocked(ReadOnlySpan<byte> key, byte mode, uint clientFlags, int exptime,
            ReadOnlySpan<byte> value, ulong compareCas, bool invalidate, long now, out ulong cas)
        {
            cas = 0;
            ItemStore store = cache.Store;
            bool casMode = mode == (byte)'S' || mode == (byte)'R';
            int item = store.MetaFind(key, now, countGet: false);
            if (item < 0)
                return casMode ? StoreResult.NotFound : StoreResult.NotStored;
            ulong current = store.MetaView(item).Cas;
            if (casMode && invalidate && compareCas != 0 && compareCas < current)
                return StoreStaleLocked(key, item, clientFlags, value, now, out cas);
            if (compareCas != current)
                return StoreResult.Exists;
            if (casMode)
                return store.Cas(key, clientFlags, exptime, value, compareCas, now, out cas);
            return StoreByModeLocked(key, mode, clientFlags, exptime, value, now, out cas);
        }

        // memcached's do_store_item for a stale CAS: the value is replaced, but the old TTL and
        // win-token state stay, and the new item is marked stale.
        private StoreResult StoreStaleLocked(ReadOnlySpan<byte> key, int old, uint clientFlags, ReadOnlySpan<byte> value,
            long now, out ulong cas)
        {
            ItemStore store = cache.Store;
            long expiresAt = store.MetaExpiresAt(old);
            MetaItemBits kept = store.MetaBitsOf(old) & MetaItemBits.WinTokenSent;
            StoreResult result = store.Set(key, clientFlags, 0, value, now, out cas);
            if (result != StoreResult.Stored)
                return result;
            int item = store.MetaFind(key, now, countGet: false);
            store.MetaSetExpiresAt(item, expiresAt);
            store.MetaAddBits(item, MetaItemBits.Stale | kept);
            return result;
        }

        private void MarkItemLocked(ReadOnlySpan<byte> key, MetaItemBits bits, long now)
        {
            int item = cache.Store.MetaFind(key, now, countGet: false);
            if (item >= 0)
                cache.Store.MetaAddBits(item, bits);
        }

        private void ReplyMetaSet(ref Command command, ReadOnlySpan<byte> data, StoreResult result, ulong cas, bool quiet)
        {
            switch (result)
            {
                case StoreResult.Stored:
                    if (!quiet)
                        WriteMetaEchoLine(MetaStatus.Header, ref command, data, echoCas: true, cas);
                    break;
                case StoreResult.NotStored:
                    WriteMetaEchoLine(MetaStatus.NotStored, ref command, data, echoCas: true, 0);
                    break;
                case StoreResult.Exists:
                    WriteMetaEchoLine(MetaStatus.Exists, ref command, data, echoCas: true, 0);
                    break;
                case StoreResult.NotFound:
                    WriteMetaEchoLine(MetaStatus.NotFound, ref command, data, echoCas: true, 0);
                    break;
                case StoreResult.TooLarge:
                    AppendReply(TooLargeLine);
                    break;
                default:
                    AppendReply(OutOfMemoryLine);
                    break;
            }
        }

        // A meta set whose block exceeds the item size limit: refused, the old value removed (the
        // caller swallows the block).
        private void RefuseOversizedMetaSet(ref Command command, ReadOnlySpan<byte> data)
        {
            DeleteQuietly(MetaKeyOf(ref command, data));
            AppendReply(TooLargeLine);
        }

        private void ExecuteMetaDelete(ref Command command, ReadOnlySpan<byte> data)
        {
            bool compare = false;
            ulong compareCas = 0;
            bool invalidate = false;
            bool quiet = false;
            bool withTtl = false;
            int exptime = 0;
            for (int index = 0; index < command.MetaFlagCount; index++)
            {
                ReadOnlySpan<byte> token = command.GetMetaFlag(index).Of(data);
                switch (token[0])
                {
                    case (byte)'C': compareCas = MetaTokenUInt64(token); compare = true; break;
                    case (byte)'I': invalidate = true; break;
                    case (byte)'q': quiet = true; break;
                    case (byte)'T': exptime = MetaTokenInt32(token); withTtl = true; break;
                }
            }
            ReadOnlySpan<byte> key = MetaKeyOf(ref command, data);
            cache.Lock();
            long now = cache.NowSeconds;
            MetaStatus status = DeleteLocked(key, compare, compareCas, invalidate, withTtl, exptime, now);
            cache.Unlock();
            if (status != MetaStatus.Header || !quiet)
                WriteMetaEchoLine(status, ref command, data, echoCas: false, 0);
        }

        private MetaStatus DeleteLocked(ReadOnlySpan<byte> key, bool compare, ulong compareCas, bool invalidate,
            bool withTtl, int exptime, long now)
        {
            ItemStore store = cache.Store;
            if (!compare && !invalidate)
                return store.Delete(key, now) == StoreResult.Deleted ? MetaStatus.Header : MetaStatus.NotFound;
            int item = store.MetaFind(key, now, countGet: false);
            if (item < 0)
                return MetaStatus.NotFound;
            if (compare && store.MetaView(item).Cas != compareCas)
                return MetaStatus.Exists;
            if (!invalidate)
                return store.Delete(key, now) == StoreResult.Deleted ? MetaStatus.Header : MetaStatus.NotFound;
            store.MetaMarkStale(item);
            if (withTtl)
                store.MetaSetExptime(item, exptime, now);
            return MetaStatus.Header;
        }
    }
}
