// The C library's exports by name: what OSv.Loader binds a loaded object's undefined symbols to.
// Each area registers its [UnmanagedCallersOnly] functions and its data objects once, at start;
// the loader looks a name up for every symbol a program imports (lua5.4 with its libraries:
// ~1,900 lookups), so a lookup is one hash and, almost always, one probe.
//
// Open addressing with linear probing over SlotCount = 2 * CapacityMax slots (load factor at most
// 1/2, so a probe sequence is short and always reaches an empty slot: the table never fills).
// A slot holds entry index + 1 (0 = empty); each entry keeps its name's hash, so a probe
// compares bytes only when the hashes agree. The hash is the DT_GNU_HASH function (h*33 + c
// from 5381), which spreads C identifiers well. Entries are never removed, so probe sequences
// never break. Names are C identifiers in UTF-8 without a version suffix.
namespace OSv.Libc.Abi
{
    using System;

    public sealed unsafe class ExportTable
    {
        public const int CapacityMax = 2048;
        /// <summary>Hash slots: a power of two, twice CapacityMax (load factor at most 1/2).</summary>
        public const int SlotCount = 2 * CapacityMax;
        private const int SlotMask = SlotCount - 1;

        private readonly byte[][] _names = new byte[CapacityMax][];
        private readonly nint[] _addresses = new nint[CapacityMax];
        private readonly uint[] _hashes = new uint[CapacityMax];
        private readonly int[] _slots = new int[SlotCount];
        private int _count;

        public int Count => _count;

        /// <summary>Adds (or replaces) the export <paramref name="name"/>.</summary>
        public void Add(System.ReadOnlySpan<byte> name, nint address)
        {
            OSv.Core.Diagnostics.Invariant.Assert(address != 0, "an export needs an address");
            uint hash = Hash(name);
            int slot = FindSlot(name, hash);
            if (_slots[slot] != 0)
            {
                _addresses[_slots[slot] - 1] = address;
                return;
            }
            OSv.Core.Diagnostics.Invariant.Assert(_count < CapacityMax, "ExportTable.CapacityMax exceeded");
            _names[_count] = name.ToArray();
            _addresses[_count] = address;
            _hashes[_count] = hash;
            _count++;
            _slots[slot] = _count;
        }

        /// <summary>The address exported as <paramref name="name"/>, or 0.</summary>
        public nint Lookup(System.ReadOnlySpan<byte> name)
        {
            int entry = _slots[FindSlot(name, Hash(name))];
            return entry == 0 ? 0 : _addresses[entry - 1];
        }

        public System.ReadOnlySpan<byte> NameAt(int index) => _names[index];

        // The slot holding name, or the empty slot where it would go. Bounded: at most CapacityMax
        // slots are used, so within SlotCount steps an empty one is reached.
        private int FindSlot(System.ReadOnlySpan<byte> name, uint hash)
        {
            int slot = (int)(hash & SlotMask);
            for (int step = 0; step < SlotCount; step++)
            {
                int entry = _slots[slot];
                if (entry == 0)
                    return slot;
                if (_hashes[entry - 1] == hash && name.SequenceEqual(_names[entry - 1]))
                    return slot;
                slot = (slot + 1) & SlotMask;
            }
            OSv.Core.Diagnostics.Invariant.Fail("ExportTable: no empty slot (load factor above 1/2)");
            return 0;
        }

        private static uint Hash(System.ReadOnlySpan<byte> name)
        {
            uint hash = 5381;
            for (int i = 0; i < name.Length; i++)
                hash = hash * 33 + name[i];
            return hash;
        }
    }
}
