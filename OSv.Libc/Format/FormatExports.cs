// The C entry points of the formatting area: the v*printf family for strings (the variadic
// snprintf/sprintf/asprintf are assembly shims, owned by Abi, that build a va_list and call these),
// sscanf's v-forms, the _chk variants _FORTIFY_SOURCE programs call, and the strto*/ato*
// conversions. C `va_list` arrives as a pointer to the System V structure (VaList*).
//
// strtold is deliberately absent: it returns a long double in x87 st0, which C# cannot produce;
// a wrapper in Abi/X64/libc.S around FloatParser.ParseDouble could load st0 if a program needs it.
namespace OSv.Libc.Format
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Abi;
    using OSv.Libc.Errors;

    public static unsafe class FormatExports
    {
        public static void Register(ExportTable table)
        {
            table.Add("vsnprintf"u8, (nint)(delegate* unmanaged<byte*, nuint, byte*, VaList*, int>)&VSnPrintf);
            table.Add("vsprintf"u8, (nint)(delegate* unmanaged<byte*, byte*, VaList*, int>)&VSPrintf);
            table.Add("__vsnprintf_chk"u8, (nint)(delegate* unmanaged<byte*, nuint, int, nuint, byte*, VaList*, int>)&VSnPrintfChecked);
            table.Add("__vsprintf_chk"u8, (nint)(delegate* unmanaged<byte*, int, nuint, byte*, VaList*, int>)&VSPrintfChecked);
            table.Add("vasprintf"u8, (nint)(delegate* unmanaged<byte**, byte*, VaList*, int>)&VASPrintf);
            table.Add("vsscanf"u8, (nint)(delegate* unmanaged<byte*, byte*, VaList*, int>)&VSScanf);
            table.Add("__isoc99_vsscanf"u8, (nint)(delegate* unmanaged<byte*, byte*, VaList*, int>)&VSScanf);
            nint signedParse = (nint)(delegate* unmanaged<byte*, byte**, int, long>)&StringToLong;
            nint unsignedParse = (nint)(delegate* unmanaged<byte*, byte**, int, ulong>)&StringToUnsignedLong;
            table.Add("strtol"u8, signedParse);
            table.Add("strtoll"u8, signedParse);
            table.Add("strtoimax"u8, signedParse);
            table.Add("__isoc23_strtol"u8, signedParse);
            table.Add("__isoc23_strtoll"u8, signedParse);
            table.Add("strtoul"u8, unsignedParse);
            table.Add("strtoull"u8, unsignedParse);
            table.Add("strtoumax"u8, unsignedParse);
            table.Add("__isoc23_strtoul"u8, unsignedParse);
            table.Add("__isoc23_strtoull"u8, unsignedParse);
            table.Add("atoi"u8, (nint)(delegate* unmanaged<byte*, int>)&AsciiToInt);
            nint asciiToLong = (nint)(delegate* unmanaged<byte*, long>)&AsciiToLong;
            table.Add("atol"u8, asciiToLong);
            table.Add("atoll"u8, asciiToLong);
            table.Add("strtod"u8, (nint)(delegate* unmanaged<byte*, byte**, double>)&StringToDouble);
            table.Add("strtof"u8, (nint)(delegate* unmanaged<byte*, byte**, float>)&StringToFloat);
            table.Add("atof"u8, (nint)(delegate* unmanaged<byte*, double>)&AsciiToDouble);
        }

        // printf's result is an int: longer output is EOVERFLOW (C11 7.21.6.1p14, POSIX).
        private static int ToIntResult(long length)
        {
            if (length <= int.MaxValue)
                return (int)length;
            Errno.Set(ErrnoCodes.EOVERFLOW);
            return -1;
        }

        [UnmanagedCallersOnly]
        private static int VSnPrintf(byte* buffer, nuint size, byte* format, VaList* args) =>
            ToIntResult(Printf.FormatToBuffer(buffer, size, format, ref *args));

        [UnmanagedCallersOnly]
        private static int VSPrintf(byte* buffer, byte* format, VaList* args) =>
            ToIntResult(Printf.FormatToBuffer(buffer, ~(nuint)0, format, ref *args));

        // glibc: the object size the compiler knew (slen) must cover maxlen.
        [UnmanagedCallersOnly]
        private static int VSnPrintfChecked(byte* buffer, nuint maxLength, int flag, nuint objectSize, byte* format, VaList* args)
        {
            if (objectSize < maxLength)
                BufferOverflowDetected();
            return ToIntResult(Printf.FormatToBuffer(buffer, maxLength, format, ref *args));
        }

        [UnmanagedCallersOnly]
        private static int VSPrintfChecked(byte* buffer, int flag, nuint objectSize, byte* format, VaList* args)
        {
            if (objectSize == 0)
                BufferOverflowDetected();
            long length = Printf.FormatToBuffer(buffer, objectSize, format, ref *args);
            if (length >= 0 && (ulong)length >= objectSize)
                BufferOverflowDetected();
            return ToIntResult(length);
        }

        // Two passes over a copy of the va_list: measure, allocate exactly, format.
        [UnmanagedCallersOnly]
        private static int VASPrintf(byte** result, byte* format, VaList* args)
        {
            VaList measuring = *args;
            var counter = new CountingSink();
            long length = Printf.Format(ref counter, format, ref measuring);
            if (length < 0 || length >= int.MaxValue)
                return length < 0 ? -1 : ToIntResult(length);
            byte* text = OSv.Libc.Memory.Heap.Allocate((nuint)length + 1);
            if (text == null)
            {
                Errno.Set(ErrnoCodes.ENOMEM);
                return -1;
            }
            Printf.FormatToBuffer(text, (nuint)length + 1, format, ref *args);
            *result = text;
            return (int)length;
        }

        [UnmanagedCallersOnly]
        private static int VSScanf(byte* input, byte* format, VaList* args)
        {
            var source = new StringScanSource(input);
            return Scanf.Scan(ref source, format, ref *args);
        }

        [UnmanagedCallersOnly]
        private static long StringToLong(byte* text, byte** end, int numberBase) => IntegerParser.ParseSigned(text, end, numberBase);

        [UnmanagedCallersOnly]
        private static ulong StringToUnsignedLong(byte* text, byte** end, int numberBase) => IntegerParser.ParseUnsigned(text, end, numberBase);

        // glibc's atoi is (int) strtol(s, NULL, 10), errno included.
        [UnmanagedCallersOnly]
        private static int AsciiToInt(byte* text) => (int)IntegerParser.ParseSigned(text, null, 10);

        [UnmanagedCallersOnly]
        private static long AsciiToLong(byte* text) => IntegerParser.ParseSigned(text, null, 10);

        [UnmanagedCallersOnly]
        private static double StringToDouble(byte* text, byte** end) => FloatParser.ParseDouble(text, end);

        [UnmanagedCallersOnly]
        private static float StringToFloat(byte* text, byte** end) => FloatParser.ParseSingle(text, end);

        [UnmanagedCallersOnly]
        private static double AsciiToDouble(byte* text) => FloatParser.ParseDouble(text, null);

        // glibc's __chk_fail, detected inside C#: stopped the way every C library misuse is.
        private static void BufferOverflowDetected() =>
            OSv.Libc.Memory.Misuse.Stop("*** buffer overflow detected ***: terminated");
    }
}
