// mg <key> <flags>* (protocol.txt, "Meta Get"; memcached 1.6.18's process_mget_command).
//
//   hit   "VA <size>" with v, else "HD"; then per request flag, in order: s (size), t (TTL
//         left, -1 none), c (CAS), f (client flags), l (seconds since last access), h (hit
//         before: 0/1), O (opaque echo), k (key); T sets the TTL and N (on a stub it just
//         created) too, at their place; then " Z" if a win token went out before, " X" if
//         stale, " W" if this request wins (N created the stub, R found less TTL left than its
//         token, or the item is stale and no token went out); "\r\n"; with v the data block.
//         h and l describe the item before this request; unless u, the hit then bumps the item
//         in the LRU, marks it fetched and sets its last access.
//   miss  with N(ttl): a stub with an empty value is stored and answered as a hit that wins.
//         Otherwise "EN" with the O and k echoes, hidden by q.
// b decodes the key (Session.Meta.cs). Flags not listed (b q u v, and E of later versions,
// refused by the parser) print nothing.
using System;
using Memcached.Protocol;
using Memcached.Store;

namespace Memcached.Server
{
    public sealed partial class Session
    {
        private void ExecuteMetaGet(ref Command command, ReadOnlySpan<byte> data)
        {
            bool quiet = false;
            bool withValue = false;
            bool noBump = false;
            bool vivify = false;
            for (int index = 0; index < command.MetaFlagCount; index++)
            {
                byte flag = command.GetMetaFlag(index).FirstByte(data);
                quiet |= flag == (byte)'q';
                withValue |= flag == (byte)'v';
                noBump |= flag == (byte)'u';
                vivify |= flag == (byte)'N';
            }
            ReadOnlySpan<byte> key = MetaKeyOf(ref command, data);
            cache.Lock();
            long now = cache.NowSeconds;
            int item = cache.Store.MetaFind(key, now, countGet: true);
            bool created = false;
            if (item < 0 && vivify)
            {
                item = VivifyLocked(key, default, now);
                created = item >= 0;
            }
            if (item < 0)
            {
                cache.Unlock();
                if (!quiet)
                    WriteMetaEchoLine(MetaStatus.Miss, ref command, data, echoCas: false, 0);
                return;
            }
            WriteMetaGetHitLocked(ref command, data, item, created, withValue, now);
            if (!noBump)
                cache.Store.MetaAccess(item, now);
            cache.Unlock();
        }

        // Stores a stub (mg N) or an initial number (ma N) for a missed key: flags 0, no expiry
        // (the N flag sets it during the reply walk, as memcached). Its handle, or -1. Like
        // memcached's, a vivified item is not marked as having a binary key, even from a "b" key.
        private int VivifyLocked(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long now)
        {
            ItemStore store = cache.Store;
            if (store.Add(key, 0, 0, value, now, out _) != StoreResult.Stored)
                return -1;
            return store.MetaFind(key, now, countGet: false);
        }

        private void WriteMetaGetHitLocked(ref Command command, ReadOnlySpan<byte> data, int item, bool created,
            bool withValue, long now)
        {
            ItemStore store = cache.Store;
            ItemView view = store.MetaView(item);
            MetaItemBits bits = store.MetaBitsOf(item);
            long lastAccess = store.MetaLastAccess(item);
            bool tokenSent = (bits & MetaItemBits.WinTokenSent) != 0;
            bool won = false;
            if (withValue)
                MetaLineBeginValue(view.Value.Length);
            else
                MetaLineBegin(MetaStatus.Header);
            for (int index = 0; index < command.MetaFlagCount; index++)
            {
                ReadOnlySpan<byte> token = command.GetMetaFlag(index).Of(data);
                switch (token[0])
                {
                    case (byte)'T':
                        store.MetaSetExptime(item, MetaTokenInt32(token), now);
                        break;
                    case (byte)'N':
                        if (created)
                        {
                            store.MetaSetExptime(item, MetaTokenInt32(token), now);
                            won = true;
                        }
                        break;
                    case (byte)'R':
                        won |= !tokenSent && !created && IsRecacheDue(store.MetaExpiresAt(item), MetaTokenInt32(token), now);
                        break;
                    case (byte)'s': MetaLineNumber((byte)'s', (ulong)view.Value.Length); break;
                    case (byte)'t': MetaLineTimeToLive(store.MetaExpiresAt(item), now); break;
                    case (byte)'c': MetaLineNumber((byte)'c', view.Cas); break;
                    case (byte)'f': MetaLineNumber((byte)'f', view.Flags); break;
                    case (byte)'l': MetaLineNumber((byte)'l', now > lastAccess ? (ulong)(now - lastAccess) : 0); break;
                    case (byte)'h': MetaLineNumber((byte)'h', (bits & MetaItemBits.Fetched) != 0 ? 1UL : 0UL); break;
                    case (byte)'O': MetaLineToken(token); break;
                    case (byte)'k':
                        bool binary = (bits & MetaItemBits.BinaryKey) != 0;
                        MetaLineKey(ItemKeyText(store.MetaKey(item), binary), binary);
                        break;
                }
            }
            WriteWinFlags(item, bits, won);
            MetaLineFinish(view.Value, withValue);
        }

        // " Z" (a token went out before), " X" (stale; wins if no token went out), " W" (this
        // request wins, and no other will until the item is replaced).
        private void WriteWinFlags(int item, MetaItemBits bits, bool won)
        {
            bool tokenSent = (bits & MetaItemBits.WinTokenSent) != 0;
            if (tokenSent)
                MetaLineFlag((byte)'Z');
            if ((bits & MetaItemBits.Stale) != 0)
            {
                MetaLineFlag((byte)'X');
                won |= !tokenSent;
            }
            if (!won)
                return;
            MetaLineFlag((byte)'W');
            cache.Store.MetaAddBits(item, MetaItemBits.WinTokenSent);
        }

        // R(token): the item expires before the moment the token names (memcached compares its
        // exptime with realtime(token); a token of 0 or less names no moment).
        private static bool IsRecacheDue(long expiresAt, int recacheSeconds, long now)
        {
            if (recacheSeconds <= 0 || expiresAt == Expiry.Never)
                return false;
            long deadline = Expiry.ToAbsolute(recacheSeconds, now);
            return deadline != Expiry.AlreadyExpired && expiresAt < deadline;
        }
    }
}
