// One parsed printf directive: %[n$][flags][width][.precision][length]conversion (C11 7.21.6.1,
// plus glibc's positional n$/*m$, the ' flag and the q/Z length letters).
namespace OSv.Libc.Format
{
    internal enum LengthModifier : byte
    {
        None, Char, Short, Long, LongLong, IntMax, Size, PtrDiff, LongDouble,
    }

    internal struct ConversionSpec
    {
        public const int NoPrecision = -1;

        public bool LeftAlign;       // '-'
        public bool ForceSign;       // '+'
        public bool SpaceSign;       // ' '
        public bool Alternate;       // '#'
        public bool ZeroPad;         // '0'
        public int Width;
        public int Precision;        // NoPrecision when absent
        public LengthModifier Length;
        public byte Conversion;

        // Argument positions (1-based) for positional directives; 0 = take the next argument.
        public int ArgumentPosition;
        public bool WidthFromArgument;
        public int WidthPosition;
        public bool PrecisionFromArgument;
        public int PrecisionPosition;

        // Where the directive's text lies in the format, for printing an unknown one literally.
        public int TextLength;
    }
}
