// What the meta commands (protocol.txt, "Meta Commands") need of an item beyond the public
// storage API: a lookup that returns the item's handle, so that one mg/ma can read and change
// the same item flag by flag in the order the client sent them (memcached 1.6.18's
// process_mget_command does exactly that), and the per-item facts memcached keeps in it_flags
// and it->time: fetched ("h"), win token sent ("W"/"Z"), stale ("X", md I), binary key ("b"),
// last access ("l", me's la).
//
// Those facts live in the item header (ItemHeader.cs), so they cost nothing outside -m: fetched
// is the header's StateFetched (set by every hit, text or meta, as memcached's item_get does),
// the other marks are its MetaBits byte (cleared when a chunk is handed out, so a new item
// starts without marks), last access is its AccessedAt (Unix seconds mod 2^32, exact until
// 2106). An in-place change (an incr whose digits fit) keeps the header and so the marks, as
// memcached's in-place do_add_delta keeps it_flags.
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
        Fetched = 1,       // ITEM_FETCHED: a hit has read it before
        WinTokenSent = 2,  // ITEM_TOKEN_SENT: a client was told "W"
        Stale = 4,         // ITEM_STALE: md I, or ms I with an older CAS
        BinaryKey = 8,     // ITEM_KEY_BINARY: stored through a base64 ("b") key
    }

    public sealed partial class ItemStore
    {
        // The live item holding key, or -1 (a dead one is unlinked on the way). With countGet, a
        // get is counted (cmd_get, get_hits / get_misses) as for a text get.
        public int MetaFind(ReadOnlySpan<byte> key, long now, bool countGet)
        {
            if (countGet)
                Stats.CmdGet++;
            int item = Lookup(key, ItemTable.Hash(key), now, countGet);
            if (countGet && item < 0)
                Stats.GetMisses++;
            else if (countGet)
                Stats.GetHits++;
            return item;
        }

        public ItemView MetaView(int item)
        {
            ref byte header = ref slab.Header(item);
            return new ItemView(ItemHeader.Flags(ref header), ItemHeader.Cas(ref header), slab.Value(item));
        }

        public ReadOnlySpan<byte> MetaKey(int item) => slab.Key(item);

        // The absolute expiry (Expiry.Never for none).
        public long MetaExpiresAt(int item) => ItemHeader.ExpiresAt(ref slab.Header(item));

        // A client's exptime (relative, absolute or 0), as touch applies it.
        public void MetaSetExptime(int item, long exptime, long now) =>
            ItemHeader.SetExpiresAt(ref slab.Header(item), Expiry.ToAbsolute(exptime, now));

        // An absolute expiry carried over from an item's predecessor (ms I keeps the old TTL).
        public void MetaSetExpiresAt(int item, long expiresAtSeconds) =>
            ItemHeader.SetExpiresAt(ref slab.Header(item), expiresAtSeconds);

        public MetaItemBits MetaBitsOf(int item)
        {
            ref byte header = ref slab.Header(item);
            MetaItemBits bits = (MetaItemBits)ItemHeader.MetaBits(ref header);
            return ItemHeader.Has(ref header, ItemHeader.StateFetched) ? bits | MetaItemBits.Fetched : bits;
        }

        public void MetaAddBits(int item, MetaItemBits bits) => MetaRestore(item, MetaBitsOf(item) | bits, MetaLastAccess(item));

        // Sets an item's marks and last access outright (an in-place change keeps what it had).
        public void MetaRestore(int item, MetaItemBits bits, long lastAccess)
        {
            ref byte header = ref slab.Header(item);
            ItemHeader.SetMetaBits(ref header, (byte)(bits & ~MetaItemBits.Fetched));
            if ((bits & MetaItemBits.Fetched) != 0)
                ItemHeader.Raise(ref header, ItemHeader.StateFetched);
            else
                ItemHeader.Clear(ref header, ItemHeader.StateFetched);
            ItemHeader.SetAccessedAt(ref header, lastAccess);
        }

        // When the item was last read or stored (Unix seconds).
        public long MetaLastAccess(int item) => ItemHeader.AccessedAt(ref slab.Header(item));

        // A fetch that counts (mg without u): LRU bump, fetched, last access now.
        public void MetaAccess(int item, long now) => Accessed(item, now);

        // md I: the item takes a new CAS and is marked stale; a win token sent before no longer
        // counts, so the next mg wins (memcached clears ITEM_TOKEN_SENT).
        public ulong MetaMarkStale(int item)
        {
            MetaItemBits bits = (MetaBitsOf(item) | MetaItemBits.Stale) & ~MetaItemBits.WinTokenSent;
            ref byte header = ref slab.Header(item);
            ulong cas = ++lastCas;
            ItemHeader.SetCas(ref header, cas);
            MetaRestore(item, bits, MetaLastAccess(item));
            return cas;
        }

        // memcached's slab class id (1-based) of the item's chunk.
        public int MetaSizeClassId(int item) => slab.ClassOfHandle(item) + 1;
    }
}
