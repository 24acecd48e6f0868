// The only locale: "C" (= "POSIX"; POSIX.1-2017 XBD 7.2), with the ASCII character set glibc
// calls ANSI_X3.4-1968. setlocale accepts "C", "POSIX" and "" (the environment's locale, which
// here is always C: LANG and LC_* are not consulted) and refuses every other name (NULL, ENOENT)
// so a program falls back to C as it would on a host without that locale installed.
// newlocale/uselocale/duplocale/freelocale hand out one static locale object; uselocale's
// current locale is process-wide (all locales are the same C locale, so no thread can tell).
//
// localeconv's struct lconv (glibc x86-64 layout: ten char* then fourteen char, 96 bytes) has
// "." as decimal point, "" strings and CHAR_MAX (127) numbers: "not available" in C.
// nl_langinfo items are glibc's numbers, (category << 16) | index (<langinfo.h>); an unknown
// item gives "" as in glibc. Every string handed to C is a NUL-terminated literal.
namespace OSv.Libc.Locale
{
    using System;

    public static unsafe class CLocale
    {
        public const int CategoryCount = 13;          // LC_CTYPE (0) .. LC_IDENTIFICATION (12)
        public const int CategoryAll = 6;             // LC_ALL
        public const int CategoryMaskAll = 0x1FBF;    // LC_ALL_MASK: every category bit but LC_ALL's
        public const nint GlobalLocale = -1;          // LC_GLOBAL_LOCALE
        public const int LconvSizeBytes = 96;
        private const int LconvStringCount = 10;
        private const int LconvNumberCount = 14;
        private const byte CharMax = 127;

        private static byte* s_lconv;
        private static nint* s_localeObject;          // what newlocale returns: a small static object
        private static nint s_currentLocale = GlobalLocale;

        public static ReadOnlySpan<byte> Name => "C\0"u8;
        public static ReadOnlySpan<byte> CodesetName => "ANSI_X3.4-1968\0"u8;

        public static void Initialize()
        {
            if (s_lconv != null)
                return;
            byte* lconv = OSv.Libc.Memory.CellMemory.AllocateZeroed(LconvSizeBytes);
            byte** strings = (byte**)lconv;
            strings[0] = Pointer(".\0"u8); // decimal_point
            for (int i = 1; i < LconvStringCount; i++)
                strings[i] = Pointer("\0"u8);
            for (int i = 0; i < LconvNumberCount; i++)
                lconv[LconvStringCount * sizeof(byte*) + i] = CharMax;
            s_localeObject = (nint*)OSv.Libc.Memory.CellMemory.AllocateZeroed(16);
            s_lconv = lconv;
        }

        public static byte* Lconv
        {
            get
            {
                Initialize();
                return s_lconv;
            }
        }

        public static nint LocaleObject
        {
            get
            {
                Initialize();
                return (nint)s_localeObject;
            }
        }

        public static nint CurrentLocale
        {
            get => System.Threading.Volatile.Read(ref s_currentLocale);
            set => System.Threading.Volatile.Write(ref s_currentLocale, value);
        }

        /// <summary>True for the names that mean the C locale: "C", "POSIX", "".</summary>
        public static bool IsCName(byte* name)
        {
            if (name == null)
                return false;
            if (name[0] == 0)
                return true;
            if (name[0] == (byte)'C' && name[1] == 0)
                return true;
            ReadOnlySpan<byte> posix = "POSIX\0"u8;
            for (int i = 0; i < posix.Length; i++)
            {
                if (name[i] != posix[i])
                    return false;
            }
            return true;
        }

        public static byte* Pointer(ReadOnlySpan<byte> terminatedLiteral)
        {
            fixed (byte* text = terminatedLiteral)
                return text; // literal data: never moves
        }
    }
}
