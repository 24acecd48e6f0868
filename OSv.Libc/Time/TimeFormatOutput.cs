// The output side of strftime: a bounded byte writer that pads fields the way glibc's strftime
// does, so that width and flag combinations print exactly what the host's C library prints.
//
// strftime (ISO C 7.27.3.5) returns the number of bytes written, not counting the NUL, when the
// whole result and its NUL fit in maxsize; otherwise 0 with the contents unspecified. So every
// append first checks that it leaves room for the NUL (glibc's "incr >= maxsize - length" test)
// and, when it does not, latches Overflowed and writes nothing more. A writer whose destination
// is null only counts (used to measure a sub-format before padding it).
//
// Padding (glibc semantics, checked against glibc 2.36 by the tests):
//   text   pads on the left to the field width with spaces, or zeros under the '0' flag;
//   number pads to max(width, default digits) with zeros ('0', the default for most numbers)
//          or spaces ('_'); the sign counts toward the width, before the zeros and after spaces;
//   '-'    suppresses the default padding (the parser turns '-' with a width into '_').
namespace OSv.Libc.Time
{
    using System;

    public unsafe struct TimeFormatOutput
    {
        public const byte PadDefault = 0;
        public const byte PadSpaces = (byte)'_';
        public const byte PadNone = (byte)'-';
        public const byte PadZeros = (byte)'0';

        public const int CaseKeep = 0, CaseUpper = 1, CaseLower = 2;

        private const int DigitsMax = 20; // a ulong in decimal

        private readonly byte* _destination; // null: count only
        private readonly nuint _capacity;    // maxsize, including the NUL
        private nuint _length;

        public TimeFormatOutput(byte* destination, nuint capacity)
        {
            _destination = destination;
            _capacity = capacity;
            _length = 0;
            Overflowed = false;
        }

        public bool Overflowed { get; private set; }

        public nuint Length => _length;

        public byte* Destination => _destination;

        /// <summary>Appends <paramref name="text"/> padded to <paramref name="width"/> (negative:
        /// none), with a case conversion.</summary>
        public void AppendText(ReadOnlySpan<byte> text, int width, byte pad, int caseConversion)
        {
            nuint padding = PaddingFor(text.Length, width, pad);
            if (!Reserve(padding + (nuint)text.Length))
                return;
            Fill(pad == PadZeros ? (byte)'0' : (byte)' ', padding);
            for (int i = 0; i < text.Length; i++)
                Put(ConvertCase(text[i], caseConversion));
        }

        /// <summary>Reserves room for a field whose text a caller writes itself (a sub-format):
        /// writes the padding and returns false when the field does not fit.</summary>
        public bool AppendPaddingFor(nuint textLength, int width, byte pad)
        {
            nuint padding = PaddingFor((int)(textLength > int.MaxValue ? int.MaxValue : textLength), width, pad);
            if (!Reserve(padding + textLength))
                return false;
            Fill(pad == PadZeros ? (byte)'0' : (byte)' ', padding);
            return true;
        }

        /// <summary>Appends a decimal number in a field of at least <paramref name="digits"/>
        /// characters (or <paramref name="width"/> when larger), glibc's do_number.</summary>
        public void AppendNumber(long value, int digits, int width, byte pad, bool alwaysSign)
        {
            Span<byte> buffer = stackalloc byte[DigitsMax];
            ulong magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
            int start = DigitsMax;
            do
            {
                buffer[--start] = (byte)('0' + (int)(magnitude % 10));
                magnitude /= 10;
            }
            while (magnitude != 0);
            ReadOnlySpan<byte> number = buffer.Slice(start);

            if (pad == PadDefault)
                pad = PadZeros;
            int fieldWidth = width > digits ? width : digits;
            byte sign = value < 0 ? (byte)'-' : alwaysSign ? (byte)'+' : (byte)0;
            if (sign != 0)
            {
                int shortage = fieldWidth - 1 - number.Length;
                if (pad == PadSpaces && shortage > 0)
                {
                    AppendText(default, shortage, PadSpaces, CaseKeep);
                    fieldWidth -= shortage;
                }
                AppendText(sign == (byte)'-' ? "-"u8 : "+"u8, -1, pad, CaseKeep);
                fieldWidth--;
            }
            AppendText(number, fieldWidth, pad, CaseKeep);
        }

        /// <summary>Converts the bytes written since <paramref name="start"/> to upper case.</summary>
        public void UpperCaseSince(nuint start)
        {
            if (_destination == null || Overflowed)
                return;
            for (nuint i = start; i < _length; i++)
                _destination[i] = ConvertCase(_destination[i], CaseUpper);
        }

        /// <summary>Writes the NUL (there is always room for it unless Overflowed).</summary>
        public void Terminate()
        {
            if (_destination != null && !Overflowed && _length < _capacity)
                _destination[_length] = 0;
        }

        private static nuint PaddingFor(int textLength, int width, byte pad)
        {
            if (pad == PadNone || width < 0 || width <= textLength)
                return 0;
            return (nuint)(width - textLength);
        }

        // glibc's check: the field plus the NUL must fit in what is left.
        private bool Reserve(nuint bytes)
        {
            if (Overflowed)
                return false;
            if (_length >= _capacity || bytes >= _capacity - _length)
            {
                Overflowed = true;
                return false;
            }
            return true;
        }

        private void Fill(byte value, nuint count)
        {
            for (nuint i = 0; i < count; i++)
                Put(value);
        }

        private void Put(byte value)
        {
            if (_destination != null)
                _destination[_length] = value;
            _length++;
        }

        private static byte ConvertCase(byte value, int caseConversion)
        {
            if (caseConversion == CaseUpper && value >= (byte)'a' && value <= (byte)'z')
                return (byte)(value - 32);
            if (caseConversion == CaseLower && value >= (byte)'A' && value <= (byte)'Z')
                return (byte)(value + 32);
            return value;
        }
    }
}
