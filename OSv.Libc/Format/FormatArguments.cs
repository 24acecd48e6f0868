// printf's arguments, read in one of two orders. Sequential directives read the va_list as they
// go. Once any directive names a position (%n$, *m$), C requires the va_list to be read in
// position order with each argument's type known first (a double and an int travel in different
// registers), so Printf collects every position's class from the whole format, then fetches all
// of them here, in order, into fixed slots (POSIX printf, "Conversion specifications").
namespace OSv.Libc.Format
{
    using OSv.Libc.Abi;

    internal enum ArgumentClass : byte
    {
        Unused, Integer, Double, LongDouble,
    }

    internal unsafe struct FormatArguments
    {
        public const int PositionsMax = 128;

        private VaList* _list;
        private ulong* _slots;      // positional mode: raw bits, doubles as their IEEE bits
        private int _slotCount;

        public static FormatArguments Sequential(VaList* list) => new FormatArguments { _list = list };

        /// <summary>Fetches positions 1..count in order, each by its class (unused ones as
        /// integers, as glibc does).</summary>
        public static FormatArguments Positional(VaList* list, ArgumentClass* classes, ulong* slots, int count)
        {
            for (int i = 0; i < count; i++)
            {
                switch (classes[i])
                {
                    case ArgumentClass.Double:
                        double value = list->NextDouble();
                        slots[i] = *(ulong*)&value;
                        break;
                    case ArgumentClass.LongDouble:
                        double converted = list->NextLongDouble();
                        slots[i] = *(ulong*)&converted;
                        break;
                    default:
                        slots[i] = list->NextInteger();
                        break;
                }
            }
            return new FormatArguments { _list = list, _slots = slots, _slotCount = count };
        }

        public bool IsPositional => _slots != null;

        public ulong Integer(int position)
        {
            if (_slots == null)
                return _list->NextInteger();
            return position >= 1 && position <= _slotCount ? _slots[position - 1] : 0;
        }

        public double Double(int position, bool longDouble)
        {
            if (_slots == null)
                return longDouble ? _list->NextLongDouble() : _list->NextDouble();
            ulong bits = position >= 1 && position <= _slotCount ? _slots[position - 1] : 0;
            return *(double*)&bits;
        }
    }
}
