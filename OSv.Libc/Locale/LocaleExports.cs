// <locale.h>, <langinfo.h> and the C-locale multibyte functions of <stdlib.h> and <wchar.h> as
// C exports; see CLocale and AsciiMultiByte for the rules. glibc's errors: setlocale with a
// category out of range is EINVAL, with an unknown locale name ENOENT; newlocale with a bad mask
// or NULL name EINVAL, with an unknown name ENOENT.
namespace OSv.Libc.Locale
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Errors;

    public static unsafe class LocaleExports
    {
        public static void Register(OSv.Libc.Abi.ExportTable table)
        {
            CLocale.Initialize();
            table.Add("setlocale"u8, (nint)(delegate* unmanaged<int, byte*, byte*>)&SetLocale);
            table.Add("localeconv"u8, (nint)(delegate* unmanaged<byte*>)&LocaleConventions);
            table.Add("nl_langinfo"u8, (nint)(delegate* unmanaged<int, byte*>)&LanguageInfoOf);
            table.Add("nl_langinfo_l"u8, (nint)(delegate* unmanaged<int, nint, byte*>)&LanguageInfoOfLocale);
            table.Add("newlocale"u8, (nint)(delegate* unmanaged<int, byte*, nint, nint>)&NewLocale);
            table.Add("__newlocale"u8, (nint)(delegate* unmanaged<int, byte*, nint, nint>)&NewLocale);
            table.Add("uselocale"u8, (nint)(delegate* unmanaged<nint, nint>)&UseLocale);
            table.Add("__uselocale"u8, (nint)(delegate* unmanaged<nint, nint>)&UseLocale);
            table.Add("duplocale"u8, (nint)(delegate* unmanaged<nint, nint>)&DuplicateLocale);
            table.Add("__duplocale"u8, (nint)(delegate* unmanaged<nint, nint>)&DuplicateLocale);
            table.Add("freelocale"u8, (nint)(delegate* unmanaged<nint, void>)&FreeLocale);
            table.Add("__freelocale"u8, (nint)(delegate* unmanaged<nint, void>)&FreeLocale);
            table.Add("__ctype_get_mb_cur_max"u8, (nint)(delegate* unmanaged<nuint>)&MultiByteCurrentMax);
            table.Add("mblen"u8, (nint)(delegate* unmanaged<byte*, nuint, int>)&MultiByteLength);
            table.Add("mbtowc"u8, (nint)(delegate* unmanaged<int*, byte*, nuint, int>)&MultiByteToWide);
            table.Add("wctomb"u8, (nint)(delegate* unmanaged<byte*, int, int>)&WideToMultiByte);
            table.Add("mbstowcs"u8, (nint)(delegate* unmanaged<int*, byte*, nuint, nuint>)&MultiByteStringToWide);
            table.Add("wcstombs"u8, (nint)(delegate* unmanaged<byte*, int*, nuint, nuint>)&WideStringToMultiByte);
            table.Add("btowc"u8, (nint)(delegate* unmanaged<int, uint>)&ByteToWide);
            table.Add("wctob"u8, (nint)(delegate* unmanaged<uint, int>)&WideToByte);
            table.Add("mbrtowc"u8, (nint)(delegate* unmanaged<int*, byte*, nuint, void*, nuint>)&MultiByteToWideRestartable);
            table.Add("mbrlen"u8, (nint)(delegate* unmanaged<byte*, nuint, void*, nuint>)&MultiByteLengthRestartable);
            table.Add("wcrtomb"u8, (nint)(delegate* unmanaged<byte*, int, void*, nuint>)&WideToMultiByteRestartable);
            table.Add("mbsinit"u8, (nint)(delegate* unmanaged<void*, int>)&MultiByteStateIsInitial);
        }

        [UnmanagedCallersOnly]
        public static byte* SetLocale(int category, byte* name) => Select(category, name);

        /// <summary>setlocale's rules, callable from C#.</summary>
        public static byte* Select(int category, byte* name)
        {
            if (category < 0 || category >= CLocale.CategoryCount)
                return FailNull(ErrnoCodes.EINVAL);
            if (name != null && !CLocale.IsCName(name))
                return FailNull(ErrnoCodes.ENOENT);
            return CLocale.Pointer(CLocale.Name);
        }

        [UnmanagedCallersOnly]
        public static byte* LocaleConventions() => CLocale.Lconv;

        [UnmanagedCallersOnly]
        public static byte* LanguageInfoOf(int item) => CLocale.Pointer(LanguageInfo.Lookup(item));

        [UnmanagedCallersOnly]
        public static byte* LanguageInfoOfLocale(int item, nint locale) => CLocale.Pointer(LanguageInfo.Lookup(item));

        [UnmanagedCallersOnly]
        public static nint NewLocale(int categoryMask, byte* name, nint baseLocale)
        {
            if (name == null || (categoryMask & ~CLocale.CategoryMaskAll) != 0)
                return FailZero(ErrnoCodes.EINVAL);
            if (!CLocale.IsCName(name))
                return FailZero(ErrnoCodes.ENOENT);
            return CLocale.LocaleObject;
        }

        // Returns the previous locale; 0 only asks.
        [UnmanagedCallersOnly]
        public static nint UseLocale(nint locale)
        {
            nint previous = CLocale.CurrentLocale;
            if (locale != 0)
                CLocale.CurrentLocale = locale;
            return previous;
        }

        [UnmanagedCallersOnly]
        public static nint DuplicateLocale(nint locale) => CLocale.LocaleObject;

        [UnmanagedCallersOnly]
        public static void FreeLocale(nint locale) { }

        [UnmanagedCallersOnly]
        public static nuint MultiByteCurrentMax() => 1;

        [UnmanagedCallersOnly]
        public static int MultiByteLength(byte* bytes, nuint count) => ToWideStateless(null, bytes, count);

        [UnmanagedCallersOnly]
        public static int MultiByteToWide(int* wide, byte* bytes, nuint count) => ToWideStateless(wide, bytes, count);

        // wctomb(NULL, wc) asks whether the encoding has shift states: 0, none.
        [UnmanagedCallersOnly]
        public static int WideToMultiByte(byte* destination, int wide) =>
            destination == null ? 0 : AsciiMultiByte.FromWide(destination, wide) == AsciiMultiByte.Invalid ? -1 : 1;

        [UnmanagedCallersOnly]
        public static nuint MultiByteStringToWide(int* destination, byte* source, nuint count) =>
            AsciiMultiByte.StringToWide(destination, source, count);

        [UnmanagedCallersOnly]
        public static nuint WideStringToMultiByte(byte* destination, int* source, nuint count) =>
            AsciiMultiByte.WideToString(destination, source, count);

        [UnmanagedCallersOnly]
        public static uint ByteToWide(int value) =>
            value >= 0 && value <= AsciiMultiByte.AsciiMax ? (uint)value : AsciiMultiByte.WideEndOfFile;

        [UnmanagedCallersOnly]
        public static int WideToByte(uint wide) => wide <= AsciiMultiByte.AsciiMax ? (int)wide : -1;

        [UnmanagedCallersOnly]
        public static nuint MultiByteToWideRestartable(int* wide, byte* bytes, nuint count, void* state) =>
            AsciiMultiByte.ToWide(wide, bytes, count);

        [UnmanagedCallersOnly]
        public static nuint MultiByteLengthRestartable(byte* bytes, nuint count, void* state) =>
            AsciiMultiByte.ToWide(null, bytes, count);

        [UnmanagedCallersOnly]
        public static nuint WideToMultiByteRestartable(byte* destination, int wide, void* state) =>
            AsciiMultiByte.FromWide(destination, wide);

        [UnmanagedCallersOnly]
        public static int MultiByteStateIsInitial(void* state) => 1;

        // mblen/mbtowc: NULL asks about shift states (0); n = 0 is -1 without errno (glibc).
        private static int ToWideStateless(int* wide, byte* bytes, nuint count)
        {
            if (bytes == null)
                return 0;
            if (count == 0)
                return -1;
            nuint result = AsciiMultiByte.ToWide(wide, bytes, count);
            return result == AsciiMultiByte.Invalid ? -1 : (int)result;
        }

        private static byte* FailNull(int error)
        {
            Errno.Set(error);
            return null;
        }

        private static nint FailZero(int error)
        {
            Errno.Set(error);
            return 0;
        }
    }
}
