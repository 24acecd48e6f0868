// One item as a get sees it: a view into the store's memory, valid until the next store call
// (the caller copies the value into its reply before releasing the store's lock).
using System;

namespace Memcached.Store
{
    public readonly ref struct ItemView
    {
        public readonly bool Found;
        public readonly uint Flags;
        public readonly ulong Cas;
        public readonly ReadOnlySpan<byte> Value;

        public ItemView(uint flags, ulong cas, ReadOnlySpan<byte> value)
        {
            Found = true;
            Flags = flags;
            Cas = cas;
            Value = value;
        }
    }
}
