// The C library's exports by name: what OSv.Loader binds a loaded object's undefined symbols to.
// Each area registers its [UnmanagedCallersOnly] functions and its data objects once, at start;
// lookups at load time are binary searches over names sorted once after registration. Names are
// C identifiers in UTF-8 without a version suffix.
namespace OSv.Libc.Abi
{
    using System;

    public sealed unsafe class ExportTable
    {
        public const int CapacityMax = 2048;

        private readonly byte[][] _names = new byte[CapacityMax][];
        private readonly nint[] _addresses = new nint[CapacityMax];
        private int _count;
        private bool _sorted;

        public int Count => _count;

        /// <summary>Adds (or replaces) the export <paramref name="name"/>.</summary>
        public void Add(System.ReadOnlySpan<byte> name, nint address)
        {
            OSv.Core.Diagnostics.Invariant.Assert(address != 0, "an export needs an address");
            int existing = IndexOfLinear(name);
            if (existing >= 0)
            {
                _addresses[existing] = address;
                return;
            }
            OSv.Core.Diagnostics.Invariant.Assert(_count < CapacityMax, "ExportTable.CapacityMax exceeded");
            _names[_count] = name.ToArray();
            _addresses[_count] = address;
            _count++;
            _sorted = false;
        }

        /// <summary>The address exported as <paramref name="name"/>, or 0.</summary>
        public nint Lookup(System.ReadOnlySpan<byte> name)
        {
            if (!_sorted)
                Sort();
            int low = 0, high = _count - 1;
            while (low <= high)
            {
                int middle = (low + high) >> 1;
                int order = Compare(name, _names[middle]);
                if (order == 0)
                    return _addresses[middle];
                if (order < 0)
                    high = middle - 1;
                else
                    low = middle + 1;
            }
            return 0;
        }

        public System.ReadOnlySpan<byte> NameAt(int index) => _names[index];

        private int IndexOfLinear(System.ReadOnlySpan<byte> name)
        {
            for (int i = 0; i < _count; i++)
            {
                if (name.SequenceEqual(_names[i]))
                    return i;
            }
            return -1;
        }

        private static int Compare(System.ReadOnlySpan<byte> left, System.ReadOnlySpan<byte> right)
        {
            int common = left.Length < right.Length ? left.Length : right.Length;
            for (int i = 0; i < common; i++)
            {
                if (left[i] != right[i])
                    return left[i] - right[i];
            }
            return left.Length - right.Length;
        }

        // Insertion sort: registration happens once, with a few hundred names.
        private void Sort()
        {
            for (int i = 1; i < _count; i++)
            {
                byte[] name = _names[i];
                nint address = _addresses[i];
                int j = i - 1;
                while (j >= 0 && Compare(_names[j], name) > 0)
                {
                    _names[j + 1] = _names[j];
                    _addresses[j + 1] = _addresses[j];
                    j--;
                }
                _names[j + 1] = name;
                _addresses[j + 1] = address;
            }
            _sorted = true;
        }
    }
}
