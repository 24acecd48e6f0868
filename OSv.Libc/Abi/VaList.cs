// The System V x86-64 va_list (psABI 3.5.7): variadic arguments are read first from the register
// save area a variadic entry point spills (six integer registers, then eight SSE registers of 16
// bytes each), then from the caller's stack. C passes va_list as a pointer to this structure,
// and the variadic shims in Abi/X64/libc.S build one on their stack.
namespace OSv.Libc.Abi
{
    public unsafe struct VaList
    {
        public const uint GeneralRegisterAreaBytes = 6 * 8;
        public const uint RegisterSaveAreaBytes = GeneralRegisterAreaBytes + 8 * 16;

        public uint GeneralOffset;
        public uint FloatOffset;
        public byte* OverflowArea;
        public byte* RegisterSaveArea;

        /// <summary>The next INTEGER-class argument (int, long, pointer: all read as 64 bits; a
        /// caller narrows).</summary>
        public ulong NextInteger()
        {
            if (GeneralOffset < GeneralRegisterAreaBytes)
            {
                ulong value = *(ulong*)(RegisterSaveArea + GeneralOffset);
                GeneralOffset += 8;
                return value;
            }
            ulong spilled = *(ulong*)OverflowArea;
            OverflowArea += 8;
            return spilled;
        }

        /// <summary>The next SSE-class argument (double; float is promoted to double by C).</summary>
        public double NextDouble()
        {
            if (FloatOffset < RegisterSaveAreaBytes)
            {
                double value = *(double*)(RegisterSaveArea + FloatOffset);
                FloatOffset += 16;
                return value;
            }
            double spilled = *(double*)OverflowArea;
            OverflowArea += 8;
            return spilled;
        }

        /// <summary>The next `long double` (x87 80-bit, MEMORY class: always on the stack, 16-byte
        /// aligned), converted to double.</summary>
        public double NextLongDouble()
        {
            OverflowArea = (byte*)(((ulong)OverflowArea + 15) & ~15UL);
            byte* slot = OverflowArea;
            OverflowArea += 16;
            return X87.ToDouble(slot);
        }
    }
}
