// What the meta commands (protocol.txt, "Meta Commands") need of an item beyond the public
// storage API: a lookup that returns the item's handle, so that one mg/ma can read and change
// the same item flag by flag in the order the client sent them (memcached 1.6.18's
// process_mget_command does exactly that), and the per-item facts memcached keeps in it_flags
// and it->time: fetched ("h"), win token sent ("W"/"Z"), stale ("X", md I), binary key ("b"),
// last access ("l", me's la).
//
// Those facts live in three arrays indexed by handle, allocated once on the first meta call
// (an image that never sees a meta command never pays for them). They are stamped with the CAS
// the item had when they were written, and count only while the item still has that CAS: every
// store, incr and replacement gives an item a new CAS, so a handle reused by a new item (or a
// value replaced) starts with no bits and "last access = stored at" without the writing paths
// in ItemStore.cs having to know about them. Departures: a text get does not mark an item
// fetched (only mg does); la is the last bumping fetch or store, where memcached only moves
// it->time on a second hit (segmented LRU).
//
// Caller rules: the server's lock is held; a handle is used only within the call that found it
// (no store write in between, except through the methods here).
using System;

namespace Memcached.Store
{
    [Flags]
    public enum MetaItemBits : byte
    {
        None = 0,
        Fetched = 1,       // ITEM_FETCHED: mg has hit it before
        WinTokenSent = 2,  // ITEM_TOKEN_SENT: a client was told "W"
        Stale = 4,         // ITEM_STALE: md I, or ms I with an older CAS
        BinaryKey = 8,     // ITEM_KEY_BINARY: stored through a base64 ("b") key
    }

    public sealed partial class ItemStore
    {
        private byte[]? metaBits;
        private long[]? metaLastAccess;
        private ulong[]? metaStampCas;

        // The live item holding key, or -1 (a dead one is unlinked on the way). With countGet, a
        // get is counted (cmd_get, get_hits / get_misses) as for a text get.
        public int MetaFind(ReadOnlySpan<byte> key, long now, bool countGet)
        {
            EnsureMetaArrays();
            if (countGet)
                Stats.CmdGet++;
            int item = Lookup(key, ItemTable.Hash(key), now, countGet);
            if (countGet && item < 0)
                Stats.GetMisses++;
            else if (countGet)
                Stats.GetHits++;
            return item;
        }

        public ItemView MetaView(int item) => new ItemView(flags[item], casUnique[item], slab.Value(item));

        public ReadOnlySpan<byte> MetaKey(int item) => slab.Key(item);

        // The absolute expiry (Expiry.Never for none).
        public long MetaExpiresAt(int item) => expiresAt[item];

        // A client's exptime (relative, absolute or 0), as touch applies it.
        public void MetaSetExptime(int item, long exptime, long now) => expiresAt[item] = Expiry.ToAbsolute(exptime, now);

        public MetaItemBits MetaBitsOf(int item) =>
            IsMetaStampCurrent(item) ? (MetaItemBits)metaBits![item] : MetaItemBits.None;

        public void MetaAddBits(int item, MetaItemBits bits)
        {
            EnsureMetaArrays();
            MetaItemBits current = MetaBitsOf(item);
            long lastAccess = MetaLastAccess(item);
            metaBits![item] = (byte)(current | bits);
            metaLastAccess![item] = lastAccess;
            metaStampCas![item] = casUnique[item];
        }

        // Puts back the facts an item had before a store call that kept it in place but gave it
        // a new CAS (an incr whose digits fit, as memcached's in-place do_add_delta).
        public void MetaRestore(int item, MetaItemBits bits, long lastAccess)
        {
            EnsureMetaArrays();
            metaBits![item] = (byte)bits;
            metaLastAccess![item] = lastAccess;
            metaStampCas![item] = casUnique[item];
        }

        // When the item was last fetched (mg without u), or stored if never.
        public long MetaLastAccess(int item) => IsMetaStampCurrent(item) ? metaLastAccess![item] : storedAt[item];

        // A fetch that counts (mg without u): LRU bump, fetched, last access now.
        public void MetaAccess(int item, long now)
        {
            lru.Bump(slab.ClassOfHandle(item), item);
            MetaAddBits(item, MetaItemBits.Fetched);
            metaLastAccess![item] = now;
        }

        // An absolute expiry carried over from an item's predecessor (ms I keeps the old TTL).
        public void MetaSetExpiresAt(int item, long expiresAtSeconds) => expiresAt[item] = expiresAtSeconds;

        // md I: the item takes a new CAS and is marked stale; a win token sent before no longer
        // counts, so the next mg wins (memcached clears ITEM_TOKEN_SENT).
        public ulong MetaMarkStale(int item)
        {
            EnsureMetaArrays();
            MetaItemBits bits = (MetaBitsOf(item) | MetaItemBits.Stale) & ~MetaItemBits.WinTokenSent;
            long lastAccess = MetaLastAccess(item);
            casUnique[item] = ++lastCas;
            metaBits![item] = (byte)bits;
            metaLastAccess![item] = lastAccess;
            metaStampCas![item] = casUnique[item];
            return casUnique[item];
        }

        // memcached's slab class id (1-based) of the item's chunk.
        public int MetaSizeClassId(int item) => slab.ClassOfHandle(item) + 1;

        private bool IsMetaStampCurrent(int item) => metaStampCas != null && metaStampCas[item] == casUnique[item];

        private void EnsureMetaArrays()
        {
            if (metaBits != null)
                return;
            metaBits = new byte[slab.HandleCount];
            metaLastAccess = new long[slab.HandleCount];
            metaStampCas = new ulong[slab.HandleCount];
        }
    }
}
