// Multibyte and wide characters in the C locale (ISO C 7.22.7, 7.29.6): the character set is
// ASCII, one byte per character (MB_CUR_MAX 1), and wchar_t (4 bytes, int) holds the same code.
// A byte 0x80..0xFF or a wide character above 0x7F is not a character: EILSEQ, as glibc's C
// locale says. The encoding has no shift states, so every mbstate_t stays in the initial state
// and the restartable functions ignore theirs.
namespace OSv.Libc.Locale
{
    public static unsafe class AsciiMultiByte
    {
        public const int AsciiMax = 0x7F;
        public const uint WideEndOfFile = 0xFFFFFFFF; // WEOF
        public static nuint Invalid => unchecked((nuint)ulong.MaxValue);       // (size_t)-1
        public static nuint Incomplete => unchecked((nuint)ulong.MaxValue) - 1; // (size_t)-2

        public static bool IsCharacter(byte value) => value <= AsciiMax;

        public static bool IsWideCharacter(int value) => value >= 0 && value <= AsciiMax;

        /// <summary>mbrtowc: bytes consumed (0 for NUL), Incomplete for n = 0, Invalid (EILSEQ).</summary>
        public static nuint ToWide(int* wide, byte* bytes, nuint count)
        {
            if (bytes == null)
                return 0; // mbrtowc(pwc, NULL, n, ps) is mbrtowc(NULL, "", 1, ps)
            if (count == 0)
                return Incomplete;
            byte value = bytes[0];
            if (!IsCharacter(value))
            {
                OSv.Libc.Errors.Errno.Set(OSv.Libc.Errors.ErrnoCodes.EILSEQ);
                return Invalid;
            }
            if (wide != null)
                *wide = value;
            return value == 0 ? 0 : (nuint)1;
        }

        /// <summary>wcrtomb: 1, or Invalid (EILSEQ). A NULL destination resets: 1.</summary>
        public static nuint FromWide(byte* destination, int wide)
        {
            if (destination == null)
                return 1;
            if (!IsWideCharacter(wide))
            {
                OSv.Libc.Errors.Errno.Set(OSv.Libc.Errors.ErrnoCodes.EILSEQ);
                return Invalid;
            }
            *destination = (byte)wide;
            return 1;
        }

        /// <summary>mbstowcs: wide characters stored (without the NUL), or Invalid. A NULL
        /// destination counts the whole string, ignoring count.</summary>
        public static nuint StringToWide(int* destination, byte* source, nuint count)
        {
            if (source == null)
                return Invalid;
            nuint converted = 0;
            while (destination == null || converted < count)
            {
                byte value = source[converted];
                if (!IsCharacter(value))
                {
                    OSv.Libc.Errors.Errno.Set(OSv.Libc.Errors.ErrnoCodes.EILSEQ);
                    return Invalid;
                }
                if (destination != null)
                    destination[converted] = value;
                if (value == 0)
                    return converted;
                converted++;
            }
            return converted;
        }

        /// <summary>wcstombs: bytes stored (without the NUL), or Invalid. A NULL destination counts.</summary>
        public static nuint WideToString(byte* destination, int* source, nuint count)
        {
            if (source == null)
                return Invalid;
            nuint converted = 0;
            while (destination == null || converted < count)
            {
                int wide = source[converted];
                if (!IsWideCharacter(wide))
                {
                    OSv.Libc.Errors.Errno.Set(OSv.Libc.Errors.ErrnoCodes.EILSEQ);
                    return Invalid;
                }
                if (destination != null)
                    destination[converted] = (byte)wide;
                if (wide == 0)
                    return converted;
                converted++;
            }
            return converted;
        }
    }
}
