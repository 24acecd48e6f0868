// string.h (C11 7.24, POSIX, glibc extensions) and the fortified _chk variants gcc emits under
// _FORTIFY_SOURCE, as C functions. Each entry point validates nothing C does not (a null string
// is a caller bug in C too) and forwards to the C# primitives: MemoryBlocks (mem*), CStrings
// (str* length, search, compare, copy), StringSearch (strstr, byte sets, tokens), ErrorMessages
// and SignalNames (strerror, strsignal).
//
// The _chk functions gcc emits under _FORTIFY_SOURCE forward to Fortified.cs.
//
// No entry point allocates managed memory; strdup/strndup allocate from the C heap.
using System.Runtime.InteropServices;

namespace OSv.Libc.String
{
    public static unsafe class StringExports
    {
        private static nint s_strtokSave;   // strtok's position (a byte*): one per program, as in C

        // ---- memory blocks -----------------------------------------------------------------

        [UnmanagedCallersOnly] public static byte* memcpy(byte* d, byte* s, nuint n) { MemoryBlocks.Copy(d, s, n); return d; }
        [UnmanagedCallersOnly] public static byte* memmove(byte* d, byte* s, nuint n) { MemoryBlocks.Move(d, s, n); return d; }
        [UnmanagedCallersOnly] public static byte* mempcpy(byte* d, byte* s, nuint n) { MemoryBlocks.Copy(d, s, n); return d + n; }
        [UnmanagedCallersOnly] public static byte* memset(byte* d, int c, nuint n) { MemoryBlocks.Fill(d, (byte)c, n); return d; }
        [UnmanagedCallersOnly] public static int memcmp(byte* a, byte* b, nuint n) => MemoryBlocks.Compare(a, b, n);
        [UnmanagedCallersOnly] public static byte* memchr(byte* s, int c, nuint n) => MemoryBlocks.IndexOf(s, (byte)c, n);
        [UnmanagedCallersOnly] public static byte* memrchr(byte* s, int c, nuint n) => MemoryBlocks.LastIndexOf(s, (byte)c, n);
        [UnmanagedCallersOnly] public static byte* rawmemchr(byte* s, int c) => MemoryBlocks.IndexOf(s, (byte)c, nuint.MaxValue);
        [UnmanagedCallersOnly] public static void bzero(byte* d, nuint n) => MemoryBlocks.Fill(d, 0, n);

        [UnmanagedCallersOnly]
        public static byte* memccpy(byte* d, byte* s, int c, nuint n)
        {
            byte* found = MemoryBlocks.IndexOf(s, (byte)c, n);
            nuint count = found == null ? n : (nuint)(found - s) + 1;
            MemoryBlocks.Copy(d, s, count);
            return found == null ? null : d + count;
        }

        // ---- lengths, comparison, search ------------------------------------------------------

        [UnmanagedCallersOnly] public static nuint strlen(byte* s) => CStrings.Length(s);
        [UnmanagedCallersOnly] public static nuint strnlen(byte* s, nuint n) => CStrings.BoundedLength(s, n);
        [UnmanagedCallersOnly] public static int strcmp(byte* a, byte* b) => CStrings.Compare(a, b);
        [UnmanagedCallersOnly] public static int strncmp(byte* a, byte* b, nuint n) => CStrings.CompareBounded(a, b, n);
        [UnmanagedCallersOnly] public static int strcasecmp(byte* a, byte* b) => CStrings.CompareIgnoringCase(a, b);
        [UnmanagedCallersOnly] public static int strncasecmp(byte* a, byte* b, nuint n) => CStrings.CompareIgnoringCaseBounded(a, b, n);
        [UnmanagedCallersOnly] public static int strcoll(byte* a, byte* b) => CStrings.Compare(a, b);
        [UnmanagedCallersOnly] public static byte* strchr(byte* s, int c) => CStrings.IndexOf(s, (byte)c);
        [UnmanagedCallersOnly] public static byte* strrchr(byte* s, int c) => CStrings.LastIndexOf(s, (byte)c);
        [UnmanagedCallersOnly] public static byte* strchrnul(byte* s, int c) => CStrings.IndexOfOrEnd(s, (byte)c);
        [UnmanagedCallersOnly] public static byte* strstr(byte* h, byte* n) => StringSearch.Find(h, n);
        [UnmanagedCallersOnly] public static byte* strcasestr(byte* h, byte* n) => StringSearch.FindIgnoringCase(h, n);
        [UnmanagedCallersOnly] public static byte* strpbrk(byte* s, byte* accept) => StringSearch.FindAny(s, accept);
        [UnmanagedCallersOnly] public static nuint strspn(byte* s, byte* accept) => StringSearch.SpanOf(s, accept);
        [UnmanagedCallersOnly] public static nuint strcspn(byte* s, byte* reject) => StringSearch.SpanNotOf(s, reject);

        [UnmanagedCallersOnly]
        public static int ffs(int i) => i == 0 ? 0 : System.Numerics.BitOperations.TrailingZeroCount((uint)i) + 1;

        [UnmanagedCallersOnly]
        public static int ffsl(long i) => i == 0 ? 0 : System.Numerics.BitOperations.TrailingZeroCount((ulong)i) + 1;

        // ---- copying ----------------------------------------------------------------------

        [UnmanagedCallersOnly] public static byte* strcpy(byte* d, byte* s) { CStrings.CopyReturningEnd(d, s); return d; }
        [UnmanagedCallersOnly] public static byte* stpcpy(byte* d, byte* s) => CStrings.CopyReturningEnd(d, s);
        [UnmanagedCallersOnly] public static byte* strncpy(byte* d, byte* s, nuint n) { CStrings.CopyPaddedReturningEnd(d, s, n); return d; }
        [UnmanagedCallersOnly] public static byte* stpncpy(byte* d, byte* s, nuint n) => CStrings.CopyPaddedReturningEnd(d, s, n);
        [UnmanagedCallersOnly] public static byte* strcat(byte* d, byte* s) { CStrings.CopyReturningEnd(d + CStrings.Length(d), s); return d; }
        [UnmanagedCallersOnly] public static byte* strncat(byte* d, byte* s, nuint n) => CStrings.AppendBounded(d, s, n);
        [UnmanagedCallersOnly] public static byte* strdup(byte* s) => CStrings.Duplicate(s, nuint.MaxValue);
        [UnmanagedCallersOnly] public static byte* strndup(byte* s, nuint n) => CStrings.Duplicate(s, n);

        /// <summary>strxfrm in the C locale: the transformed string is the string itself.</summary>
        [UnmanagedCallersOnly]
        public static nuint strxfrm(byte* d, byte* s, nuint n)
        {
            nuint length = CStrings.Length(s);
            if (n != 0)
                MemoryBlocks.Copy(d, s, length + 1 < n ? length + 1 : n);
            return length;
        }

        // ---- tokens -------------------------------------------------------------------------

        [UnmanagedCallersOnly]
        public static byte* strtok(byte* s, byte* delimiters)
        {
            byte* save = (byte*)s_strtokSave;
            byte* token = StringSearch.NextToken(s, delimiters, &save);
            s_strtokSave = (nint)save;
            return token;
        }

        [UnmanagedCallersOnly] public static byte* strtok_r(byte* s, byte* delimiters, byte** save) => StringSearch.NextToken(s, delimiters, save);
        [UnmanagedCallersOnly] public static byte* strsep(byte** cursor, byte* delimiters) => StringSearch.NextField(cursor, delimiters);

        // ---- messages -----------------------------------------------------------------------

        [UnmanagedCallersOnly] public static byte* strerror(int errorNumber) => ErrorMessages.Pointer(errorNumber);
        [UnmanagedCallersOnly] public static byte* strsignal(int signal) => SignalNames.Pointer(signal);

        /// <summary>GNU strerror_r: a fixed message's own address, or the buffer holding
        /// "Unknown error N" (truncated to fit).</summary>
        [UnmanagedCallersOnly]
        public static byte* strerror_r(int errorNumber, byte* buffer, nuint bufferBytes)
        {
            if (ErrorMessages.IsKnown(errorNumber))
                return ErrorMessages.KnownPointer(errorNumber);
            WriteTruncated(errorNumber, buffer, bufferBytes);
            return buffer;
        }

        /// <summary>XSI strerror_r: copies the message (truncated, always terminated when there is
        /// room); 0, ERANGE when truncated, EINVAL for an unknown number.</summary>
        [UnmanagedCallersOnly]
        public static int __xpg_strerror_r(int errorNumber, byte* buffer, nuint bufferBytes)
        {
            bool known = ErrorMessages.IsKnown(errorNumber);
            int length = WriteTruncated(errorNumber, buffer, bufferBytes);
            if (!known)
                return Errors.ErrnoCodes.EINVAL;
            return (nuint)length >= bufferBytes ? Errors.ErrnoCodes.ERANGE : 0;
        }

        private static int WriteTruncated(int errorNumber, byte* buffer, nuint bufferBytes)
        {
            if (bufferBytes == 0)
                return ErrorMessages.Format(errorNumber, default);
            int room = bufferBytes - 1 > int.MaxValue ? int.MaxValue : (int)(bufferBytes - 1);
            int length = ErrorMessages.Format(errorNumber, new System.Span<byte>(buffer, room));
            buffer[length < room ? length : room] = 0;
            return length;
        }

        // ---- fortified variants (-D_FORTIFY_SOURCE): Fortified.cs -----------------------------

        [UnmanagedCallersOnly] public static byte* __memcpy_chk(byte* d, byte* s, nuint n, nuint size) => Fortified.MemoryCopy(d, s, n, size);
        [UnmanagedCallersOnly] public static byte* __memmove_chk(byte* d, byte* s, nuint n, nuint size) => Fortified.MemoryMove(d, s, n, size);
        [UnmanagedCallersOnly] public static byte* __mempcpy_chk(byte* d, byte* s, nuint n, nuint size) => Fortified.MemoryCopy(d, s, n, size) + n;
        [UnmanagedCallersOnly] public static byte* __memset_chk(byte* d, int c, nuint n, nuint size) => Fortified.MemorySet(d, c, n, size);
        [UnmanagedCallersOnly] public static byte* __strcpy_chk(byte* d, byte* s, nuint size) => Fortified.StringCopy(d, s, size);
        [UnmanagedCallersOnly] public static byte* __stpcpy_chk(byte* d, byte* s, nuint size) => Fortified.StringCopyReturningEnd(d, s, size);
        [UnmanagedCallersOnly] public static byte* __strncpy_chk(byte* d, byte* s, nuint n, nuint size) => Fortified.StringCopyPadded(d, s, n, size);
        [UnmanagedCallersOnly] public static byte* __stpncpy_chk(byte* d, byte* s, nuint n, nuint size) => Fortified.StringCopyPaddedReturningEnd(d, s, n, size);
        [UnmanagedCallersOnly] public static byte* __strcat_chk(byte* d, byte* s, nuint size) => Fortified.StringAppend(d, s, size);
        [UnmanagedCallersOnly] public static byte* __strncat_chk(byte* d, byte* s, nuint n, nuint size) => Fortified.StringAppendBounded(d, s, n, size);

        /// <summary>Adds every function above (and glibc's internal aliases of some) to the table.</summary>
        public static void Register(OSv.Libc.Abi.ExportTable table)
        {
            table.Add("memcpy"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, byte*>)&memcpy);
            table.Add("memmove"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, byte*>)&memmove);
            table.Add("mempcpy"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, byte*>)&mempcpy);
            table.Add("__mempcpy"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, byte*>)&mempcpy);
            table.Add("memset"u8, (nint)(delegate* unmanaged<byte*, int, nuint, byte*>)&memset);
            table.Add("memcmp"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, int>)&memcmp);
            table.Add("bcmp"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, int>)&memcmp);
            table.Add("memchr"u8, (nint)(delegate* unmanaged<byte*, int, nuint, byte*>)&memchr);
            table.Add("memrchr"u8, (nint)(delegate* unmanaged<byte*, int, nuint, byte*>)&memrchr);
            table.Add("rawmemchr"u8, (nint)(delegate* unmanaged<byte*, int, byte*>)&rawmemchr);
            table.Add("__rawmemchr"u8, (nint)(delegate* unmanaged<byte*, int, byte*>)&rawmemchr);
            table.Add("memccpy"u8, (nint)(delegate* unmanaged<byte*, byte*, int, nuint, byte*>)&memccpy);
            table.Add("bzero"u8, (nint)(delegate* unmanaged<byte*, nuint, void>)&bzero);
            table.Add("explicit_bzero"u8, (nint)(delegate* unmanaged<byte*, nuint, void>)&bzero);
            table.Add("strlen"u8, (nint)(delegate* unmanaged<byte*, nuint>)&strlen);
            table.Add("strnlen"u8, (nint)(delegate* unmanaged<byte*, nuint, nuint>)&strnlen);
            table.Add("strcmp"u8, (nint)(delegate* unmanaged<byte*, byte*, int>)&strcmp);
            table.Add("strncmp"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, int>)&strncmp);
            table.Add("strcasecmp"u8, (nint)(delegate* unmanaged<byte*, byte*, int>)&strcasecmp);
            table.Add("strncasecmp"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, int>)&strncasecmp);
            table.Add("strcoll"u8, (nint)(delegate* unmanaged<byte*, byte*, int>)&strcoll);
            table.Add("strxfrm"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, nuint>)&strxfrm);
            table.Add("strchr"u8, (nint)(delegate* unmanaged<byte*, int, byte*>)&strchr);
            table.Add("index"u8, (nint)(delegate* unmanaged<byte*, int, byte*>)&strchr);
            table.Add("strrchr"u8, (nint)(delegate* unmanaged<byte*, int, byte*>)&strrchr);
            table.Add("rindex"u8, (nint)(delegate* unmanaged<byte*, int, byte*>)&strrchr);
            table.Add("strchrnul"u8, (nint)(delegate* unmanaged<byte*, int, byte*>)&strchrnul);
            table.Add("strstr"u8, (nint)(delegate* unmanaged<byte*, byte*, byte*>)&strstr);
            table.Add("strcasestr"u8, (nint)(delegate* unmanaged<byte*, byte*, byte*>)&strcasestr);
            table.Add("strpbrk"u8, (nint)(delegate* unmanaged<byte*, byte*, byte*>)&strpbrk);
            table.Add("strspn"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint>)&strspn);
            table.Add("strcspn"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint>)&strcspn);
            table.Add("ffs"u8, (nint)(delegate* unmanaged<int, int>)&ffs);
            table.Add("ffsl"u8, (nint)(delegate* unmanaged<long, int>)&ffsl);
            table.Add("ffsll"u8, (nint)(delegate* unmanaged<long, int>)&ffsl);
            table.Add("strcpy"u8, (nint)(delegate* unmanaged<byte*, byte*, byte*>)&strcpy);
            table.Add("stpcpy"u8, (nint)(delegate* unmanaged<byte*, byte*, byte*>)&stpcpy);
            table.Add("__stpcpy"u8, (nint)(delegate* unmanaged<byte*, byte*, byte*>)&stpcpy);
            table.Add("strncpy"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, byte*>)&strncpy);
            table.Add("stpncpy"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, byte*>)&stpncpy);
            table.Add("strcat"u8, (nint)(delegate* unmanaged<byte*, byte*, byte*>)&strcat);
            table.Add("strncat"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, byte*>)&strncat);
            table.Add("strdup"u8, (nint)(delegate* unmanaged<byte*, byte*>)&strdup);
            table.Add("__strdup"u8, (nint)(delegate* unmanaged<byte*, byte*>)&strdup);
            table.Add("strndup"u8, (nint)(delegate* unmanaged<byte*, nuint, byte*>)&strndup);
            table.Add("strtok"u8, (nint)(delegate* unmanaged<byte*, byte*, byte*>)&strtok);
            table.Add("strtok_r"u8, (nint)(delegate* unmanaged<byte*, byte*, byte**, byte*>)&strtok_r);
            table.Add("__strtok_r"u8, (nint)(delegate* unmanaged<byte*, byte*, byte**, byte*>)&strtok_r);
            table.Add("strsep"u8, (nint)(delegate* unmanaged<byte**, byte*, byte*>)&strsep);
            table.Add("strerror"u8, (nint)(delegate* unmanaged<int, byte*>)&strerror);
            table.Add("strerror_r"u8, (nint)(delegate* unmanaged<int, byte*, nuint, byte*>)&strerror_r);
            table.Add("__xpg_strerror_r"u8, (nint)(delegate* unmanaged<int, byte*, nuint, int>)&__xpg_strerror_r);
            table.Add("strsignal"u8, (nint)(delegate* unmanaged<int, byte*>)&strsignal);
            table.Add("__memcpy_chk"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, nuint, byte*>)&__memcpy_chk);
            table.Add("__memmove_chk"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, nuint, byte*>)&__memmove_chk);
            table.Add("__mempcpy_chk"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, nuint, byte*>)&__mempcpy_chk);
            table.Add("__memset_chk"u8, (nint)(delegate* unmanaged<byte*, int, nuint, nuint, byte*>)&__memset_chk);
            table.Add("__strcpy_chk"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, byte*>)&__strcpy_chk);
            table.Add("__stpcpy_chk"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, byte*>)&__stpcpy_chk);
            table.Add("__strncpy_chk"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, nuint, byte*>)&__strncpy_chk);
            table.Add("__stpncpy_chk"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, nuint, byte*>)&__stpncpy_chk);
            table.Add("__strcat_chk"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, byte*>)&__strcat_chk);
            table.Add("__strncat_chk"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, nuint, byte*>)&__strncat_chk);
        }
    }
}
