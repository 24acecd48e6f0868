// The key index: a chained hash table (memcached's assoc.c) whose chains run through item
// handles, so linking an item allocates nothing. Buckets are a power of two, at least the
// handle count divided by ChainLengthTarget, fixed at construction: the table never grows
// (memcached expands at 1.5 items per bucket; growth is not needed while the bucket count is
// derived from the most items the budget can hold). Hash: 32-bit FNV-1a over the key bytes.
//
// Invariant: every item in use is in exactly one chain, its hash's bucket, and no two live
// chain members have equal keys (the store unlinks the old item before linking a new one).
// Caller rule: the item's key must be written (SlabAllocator.Key) before Insert.
using System;
using OSv.Core.Diagnostics;

namespace Memcached.Store
{
    public sealed class ItemTable
    {
        // Items per bucket when every handle is in use (all items in the smallest class).
        public const int ChainLengthTarget = 2;

        private readonly SlabAllocator slab;
        private readonly int[] buckets;
        private readonly int[] chainNext;
        private readonly uint[] itemHash;
        private readonly uint bucketMask;

        public ItemTable(SlabAllocator slab)
        {
            this.slab = slab;
            int bucketCount = 1;
            while (bucketCount < slab.HandleCount / ChainLengthTarget)
                bucketCount <<= 1;
            buckets = new int[bucketCount];
            bucketMask = (uint)bucketCount - 1;
            chainNext = new int[slab.HandleCount];
            itemHash = new uint[slab.HandleCount];
            for (int bucket = 0; bucket < bucketCount; bucket++)
                buckets[bucket] = -1;
        }

        public static uint Hash(ReadOnlySpan<byte> key)
        {
            uint hash = 2166136261;
            for (int index = 0; index < key.Length; index++)
                hash = (hash ^ key[index]) * 16777619;
            return hash;
        }

        // The item holding key, or -1.
        public int Find(ReadOnlySpan<byte> key, uint hash)
        {
            for (int item = buckets[hash & bucketMask]; item >= 0; item = chainNext[item])
            {
                if (itemHash[item] == hash && slab.Key(item).SequenceEqual(key))
                    return item;
            }
            return -1;
        }

        public void Insert(int item, uint hash)
        {
            itemHash[item] = hash;
            chainNext[item] = buckets[hash & bucketMask];
            buckets[hash & bucketMask] = item;
        }

        public void Remove(int item)
        {
            uint bucket = itemHash[item] & bucketMask;
            int previous = -1;
            for (int current = buckets[bucket]; current >= 0; current = chainNext[current])
            {
                if (current != item)
                {
                    previous = current;
                    continue;
                }
                if (previous < 0)
                    buckets[bucket] = chainNext[item];
                else
                    chainNext[previous] = chainNext[item];
                return;
            }
            Invariant.Fail("item table: removed item is in no chain");
        }
    }
}
