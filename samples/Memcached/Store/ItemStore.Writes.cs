// ItemStore's writing half: the storage commands, incr/decr, and making room in a size class.
// See ItemStore.cs for the design; this file holds the paths that allocate a chunk.
using System;
using Memcached.Protocol;
using OSv.Core.Diagnostics;

namespace Memcached.Store
{
    public sealed partial class ItemStore
    {
        // incr/decr (protocol.txt "Increment/Decrement"): the value must be a decimal unsigned
        // 64-bit number (memcached's safe_strtoull); incr wraps at 2^64, decr stops at 0. The item
        // keeps its flags and exptime and takes a new CAS; its length may change.
        public StoreResult Increment(ReadOnlySpan<byte> key, ulong delta, long now, out ulong value) =>
            AddDelta(key, delta, increment: true, now, out value);

        public StoreResult Decrement(ReadOnlySpan<byte> key, ulong delta, long now, out ulong value) =>
            AddDelta(key, delta, increment: false, now, out value);

        private StoreResult Store(StoreMode mode, ReadOnlySpan<byte> key, uint itemFlags, long exptime,
            ReadOnlySpan<byte> value, ulong expectedCas, long now, out ulong cas)
        {
            cas = 0;
            Stats.CmdSet++;
            uint hash = ItemTable.Hash(key);
            int existing = Lookup(key, hash, now, countGet: false);
            // memcached counts a class's cmd_set once it has allocated the item as sent, before
            // add/replace/cas decide: a refused store counts too, in the sent item's class.
            long sentBytes = (long)ItemHeader.SizeBytes + key.Length + value.Length;
            int sentClass = sentBytes <= itemSizeMaxBytes ? slab.Classes.ClassOf((int)sentBytes) : -1;
            StoreResult refused = Precondition(mode, existing, expectedCas, now);
            if (refused != StoreResult.Stored)
            {
                if (sentClass >= 0)
                    classCounters[sentClass].CmdSet++;
                return refused;
            }
            long itemExpiresAt = Expiry.ToAbsolute(exptime, now);
            int valueBytes = value.Length;
            if (mode == StoreMode.Append || mode == StoreMode.Prepend)
            {
                ref byte old = ref slab.Header(existing);
                itemFlags = ItemHeader.Flags(ref old);
                itemExpiresAt = ItemHeader.ExpiresAt(ref old);
                valueBytes += ItemHeader.ValueLength(ref old);
            }
            int item = AllocateReplacing(key.Length, valueBytes, existing, now, out StoreResult failure);
            if (item < 0)
            {
                // memcached: a failed set removes the old value rather than leave it stale.
                if (mode == StoreMode.Set && existing >= 0)
                    Unlink(existing);
                return failure;
            }
            WriteValue(mode, item, existing, value);
            classCounters[sentClass].CmdSet++;
            if (mode == StoreMode.Cas)
            {
                Stats.CasHits++;
                classCounters[slab.ClassOfHandle(item)].CasHits++;
            }
            cas = Publish(item, key, hash, itemFlags, itemExpiresAt, existing, now);
            return StoreResult.Stored;
        }

        // The new item's value: the sent bytes, or the existing value with them appended or
        // prepended (the chunk was sized for both).
        private void WriteValue(StoreMode mode, int item, int existing, ReadOnlySpan<byte> value)
        {
            Span<byte> target = slab.Value(item);
            if (mode == StoreMode.Append)
            {
                slab.Value(existing).CopyTo(target);
                value.CopyTo(target.Slice(target.Length - value.Length));
            }
            else if (mode == StoreMode.Prepend)
            {
                value.CopyTo(target);
                slab.Value(existing).CopyTo(target.Slice(value.Length));
            }
            else
            {
                value.CopyTo(target);
            }
        }

        // NotStored / NotFound / Exists when the mode's condition on the existing item fails;
        // Stored (meaning "go on") otherwise.
        private StoreResult Precondition(StoreMode mode, int existing, ulong expectedCas, long now)
        {
            switch (mode)
            {
                case StoreMode.Add:
                    if (existing < 0)
                        return StoreResult.Stored;
                    lru.Bump(slab.ClassOfHandle(existing), existing); // memcached bumps on a failed add
                    ItemHeader.SetAccessedAt(ref slab.Header(existing), now);
                    return StoreResult.NotStored;
                case StoreMode.Replace:
                case StoreMode.Append:
                case StoreMode.Prepend:
                    return existing < 0 ? StoreResult.NotStored : StoreResult.Stored;
                case StoreMode.Cas:
                    if (existing < 0)
                    {
                        Stats.CasMisses++;
                        return StoreResult.NotFound;
                    }
                    if (ItemHeader.Cas(ref slab.Header(existing)) != expectedCas)
                    {
                        Stats.CasBadValue++;
                        classCounters[slab.ClassOfHandle(existing)].CasBadValue++;
                        return StoreResult.Exists;
                    }
                    return StoreResult.Stored;
                default:
                    return StoreResult.Stored;
            }
        }

        private StoreResult AddDelta(ReadOnlySpan<byte> key, ulong delta, bool increment, long now, out ulong value)
        {
            value = 0;
            uint hash = ItemTable.Hash(key);
            int existing = Lookup(key, hash, now, countGet: false);
            if (existing < 0)
            {
                if (increment) Stats.IncrMisses++; else Stats.DecrMisses++;
                return StoreResult.NotFound;
            }
            if (!AsciiNumber.TryParseUInt64(slab.Value(existing), out ulong current))
                return StoreResult.NonNumeric;
            if (increment) Stats.IncrHits++; else Stats.DecrHits++;
            if (increment) classCounters[slab.ClassOfHandle(existing)].IncrHits++; else classCounters[slab.ClassOfHandle(existing)].DecrHits++;
            value = increment ? unchecked(current + delta) : (delta > current ? 0 : current - delta);
            AsciiNumber.TryFormat(value, digits, out int digitCount);
            if (digitCount == slab.Value(existing).Length)
            {
                // Same length: rewritten in place (memcached does so when the number fits).
                new ReadOnlySpan<byte>(digits, 0, digitCount).CopyTo(slab.Value(existing));
                ref byte header = ref Accessed(existing, now);
                ItemHeader.SetStoredAt(ref header, now);
                ItemHeader.SetCas(ref header, ++lastCas);
                return StoreResult.Incremented;
            }
            int item = AllocateReplacing(key.Length, digitCount, existing, now, out StoreResult failure);
            if (item < 0)
                return failure;
            new ReadOnlySpan<byte>(digits, 0, digitCount).CopyTo(slab.Value(item));
            ref byte replaced = ref slab.Header(existing);
            Publish(item, key, hash, ItemHeader.Flags(ref replaced), ItemHeader.ExpiresAt(ref replaced), existing, now);
            return StoreResult.Incremented;
        }

        // Writes the key and metadata of a filled item, replaces existing (if any) with it, and
        // returns its new CAS. The value bytes are already in place.
        private ulong Publish(int item, ReadOnlySpan<byte> key, uint hash, uint itemFlags, long itemExpiresAt, int existing, long now)
        {
            key.CopyTo(slab.Key(item));
            if (existing >= 0)
                Unlink(existing);
            ref byte header = ref slab.Header(item);
            ItemHeader.SetFlags(ref header, itemFlags);
            ItemHeader.SetExpiresAt(ref header, itemExpiresAt);
            ItemHeader.SetStoredAt(ref header, now);
            ItemHeader.SetAccessedAt(ref header, now);
            ItemHeader.SetCas(ref header, ++lastCas);
            Link(item, hash);
            return lastCas;
        }

        // A chunk shaped for keyBytes + valueBytes, with existing (if any) kept off its LRU
        // meanwhile so that it cannot be the victim. -1 and the reason when there is none.
        private int AllocateReplacing(int keyBytes, int valueBytes, int existing, long now, out StoreResult failure)
        {
            failure = StoreResult.Stored;
            long itemBytes = (long)ItemHeader.SizeBytes + keyBytes + valueBytes;
            int sizeClass = itemBytes <= itemSizeMaxBytes ? slab.Classes.ClassOf((int)itemBytes) : -1;
            if (sizeClass < 0)
            {
                failure = StoreResult.TooLarge;
                return -1;
            }
            if (existing >= 0)
                lru.Remove(slab.ClassOfHandle(existing), existing);
            int item = Allocate(sizeClass, now);
            if (existing >= 0)
                lru.PushHead(slab.ClassOfHandle(existing), existing);
            if (item < 0)
            {
                Stats.OutOfMemory++;
                classCounters[sizeClass].OutOfMemory++;
                failure = StoreResult.OutOfMemory;
                return -1;
            }
            slab.Shape(item, keyBytes, valueBytes);
            Stats.PagesAssigned = slab.PagesAssigned;
            return item;
        }

        // A free or fresh chunk of sizeClass, else one taken from the class's LRU tail: the first
        // dead item among the EvictionSearchDepth oldest, else the oldest (an eviction).
        private int Allocate(int sizeClass, long now)
        {
            int item = slab.TryAllocate(sizeClass);
            if (item >= 0)
                return item;
            int victim = lru.Tail(sizeClass);
            for (int depth = 0; depth < StoreLimits.EvictionSearchDepth && victim >= 0; depth++)
            {
                if (IsDead(victim, now))
                    break;
                victim = lru.Newer(victim);
            }
            if (victim >= 0 && IsDead(victim, now))
            {
                Stats.Reclaimed++;
                classCounters[sizeClass].Reclaimed++;
                if (IsUnfetchedExpiry(victim, now))
                    classCounters[sizeClass].ExpiredUnfetched++;
            }
            else
            {
                victim = lru.Tail(sizeClass);
                if (victim < 0)
                    return -1;
                Stats.Evictions++;
                CountEviction(sizeClass, victim, now);
            }
            Unlink(victim);
            item = slab.TryAllocate(sizeClass);
            Invariant.Assert(item >= 0, "no chunk right after freeing one of the class");
            return item;
        }
    
        // memcached's do_item_alloc_pull eviction counters for the victim's class.
        private void CountEviction(int sizeClass, int victim, long now)
        {
            ref byte header = ref slab.Header(victim);
            ref SlabClassStats counters = ref classCounters[sizeClass];
            counters.Evicted++;
            if (ItemHeader.ExpiresAt(ref header) != Expiry.Never)
                counters.EvictedNonzero++;
            if (!ItemHeader.Has(ref header, ItemHeader.StateFetched))
                counters.EvictedUnfetched++;
            counters.EvictedTimeSeconds = ItemHeader.SecondsSinceAccess(ref header, now);
        }
    }
}
