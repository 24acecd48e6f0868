// The item header: the fixed bookkeeping at the front of every slab chunk, so that an item's
// metadata is paid for out of the -m budget as in memcached (items.h's `struct _stritem`, whose
// 48 bytes plus the 8-byte CAS make the 56 here). A chunk is [header | key | value]; an item
// needs SizeBytes + key + value bytes, and its size class is chosen on that total.
//
// Layout (byte offsets; fields unaligned-safe, read with Unsafe.ReadUnaligned/WriteUnaligned):
//    0 ulong Cas          CAS unique
//    8 long  ExpiresAt    absolute Unix seconds, or Expiry.Never
//   16 long  StoredAt     Unix seconds of the last store or in-place modification (flush_all)
//   24 uint  Flags        the client's opaque flags
//   28 int   ValueLength  value bytes
//   32 int   LruPrevious  handle towards the head of the class LRU, or -1
//   36 int   LruNext      handle towards the tail, or -1
//   40 int   HashNext     next handle in the hash chain; on a free chunk, the next free chunk
//   44 uint  Hash         the key's hash (chain walks compare it before the key; growth rehomes
//                         chains without rehashing)
//   48 uint  AccessedAt   last access, Unix seconds mod 2^32 (LRU age; differences wrap right)
//   52 byte  KeyLength    1..250
//   53 byte  State        StateInUse | StateLinked | StateFetched
//   54 byte  MetaBits     the meta commands' per-item marks (MetaItemBits, ItemStore.Meta.cs)
//   55 1 byte padding, so the key starts 8-byte aligned within the chunk
//
// Invariant: SizeBytes < ChunkSizeMinBytes (StoreLimits checks it at compile time), so every
// chunk holds a header and at least one key byte; each accessor reads inside
// [chunk, chunk + SizeBytes), hence inside the chunk and its page.
// Caller rule: `chunk` is a reference to a chunk's first byte (SlabAllocator.Header).
using System.Runtime.CompilerServices;

namespace Memcached.Store
{
    public static class ItemHeader
    {
        public const int CasOffset = 0;
        public const int ExpiresAtOffset = 8;
        public const int StoredAtOffset = 16;
        public const int FlagsOffset = 24;
        public const int ValueLengthOffset = 28;
        public const int LruPreviousOffset = 32;
        public const int LruNextOffset = 36;
        public const int HashNextOffset = 40;
        public const int HashOffset = 44;
        public const int AccessedAtOffset = 48;
        public const int KeyLengthOffset = 52;
        public const int StateOffset = 53;
        public const int MetaBitsOffset = 54;
        public const int SizeBytes = 56;

        public const byte StateInUse = 1;   // handed out by the slab allocator
        public const byte StateLinked = 2;  // on its class's LRU
        public const byte StateFetched = 4; // read or touched since stored (memcached ITEM_FETCHED)

        public static ulong Cas(ref byte chunk) => Read<ulong>(ref chunk, CasOffset);
        public static void SetCas(ref byte chunk, ulong value) => Write(ref chunk, CasOffset, value);

        public static long ExpiresAt(ref byte chunk) => Read<long>(ref chunk, ExpiresAtOffset);
        public static void SetExpiresAt(ref byte chunk, long value) => Write(ref chunk, ExpiresAtOffset, value);

        public static long StoredAt(ref byte chunk) => Read<long>(ref chunk, StoredAtOffset);
        public static void SetStoredAt(ref byte chunk, long value) => Write(ref chunk, StoredAtOffset, value);

        public static uint Flags(ref byte chunk) => Read<uint>(ref chunk, FlagsOffset);
        public static void SetFlags(ref byte chunk, uint value) => Write(ref chunk, FlagsOffset, value);

        public static int ValueLength(ref byte chunk) => Read<int>(ref chunk, ValueLengthOffset);
        public static void SetValueLength(ref byte chunk, int value) => Write(ref chunk, ValueLengthOffset, value);

        public static int LruPrevious(ref byte chunk) => Read<int>(ref chunk, LruPreviousOffset);
        public static void SetLruPrevious(ref byte chunk, int value) => Write(ref chunk, LruPreviousOffset, value);

        public static int LruNext(ref byte chunk) => Read<int>(ref chunk, LruNextOffset);
        public static void SetLruNext(ref byte chunk, int value) => Write(ref chunk, LruNextOffset, value);

        public static int HashNext(ref byte chunk) => Read<int>(ref chunk, HashNextOffset);
        public static void SetHashNext(ref byte chunk, int value) => Write(ref chunk, HashNextOffset, value);

        public static uint Hash(ref byte chunk) => Read<uint>(ref chunk, HashOffset);
        public static void SetHash(ref byte chunk, uint value) => Write(ref chunk, HashOffset, value);

        public static uint AccessedAt(ref byte chunk) => Read<uint>(ref chunk, AccessedAtOffset);
        public static void SetAccessedAt(ref byte chunk, long nowSeconds) => Write(ref chunk, AccessedAtOffset, unchecked((uint)nowSeconds));

        public static int KeyLength(ref byte chunk) => Unsafe.Add(ref chunk, KeyLengthOffset);
        public static void SetKeyLength(ref byte chunk, int value) => Unsafe.Add(ref chunk, KeyLengthOffset) = (byte)value;

        public static byte MetaBits(ref byte chunk) => Unsafe.Add(ref chunk, MetaBitsOffset);
        public static void SetMetaBits(ref byte chunk, byte value) => Unsafe.Add(ref chunk, MetaBitsOffset) = value;

        public static bool Has(ref byte chunk, byte state) => (Unsafe.Add(ref chunk, StateOffset) & state) != 0;
        public static void SetState(ref byte chunk, byte state) => Unsafe.Add(ref chunk, StateOffset) = state;
        public static void Raise(ref byte chunk, byte state) => Unsafe.Add(ref chunk, StateOffset) |= state;
        public static void Clear(ref byte chunk, byte state) => Unsafe.Add(ref chunk, StateOffset) &= (byte)~state;

        // Seconds since the last access, for LRU age and evicted_time (wrap-safe difference).
        public static long SecondsSinceAccess(ref byte chunk, long nowSeconds) =>
            unchecked((uint)nowSeconds - AccessedAt(ref chunk));

        private static T Read<T>(ref byte chunk, int offset) =>
            Unsafe.ReadUnaligned<T>(ref Unsafe.Add(ref chunk, offset));

        private static void Write<T>(ref byte chunk, int offset, T value) =>
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref chunk, offset), value);
    }
}
