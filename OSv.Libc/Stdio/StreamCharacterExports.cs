// The byte, block and line functions of <stdio.h>: fgetc/getc/_IO_getc and fputc/putc/_IO_putc
// with their *_unlocked forms, __uflow/__underflow/__overflow (what gcc's inline getc/putc call
// when a buffer runs out), ungetc, fread/fwrite, fgets, fputs, puts, getline/getdelim, perror,
// and the _FORTIFY_SOURCE _chk forms. FILE* arguments are checked against the stream table.
namespace OSv.Libc.Stdio
{
    using System;
    using System.Runtime.InteropServices;
    using OSv.Libc.Abi;
    using OSv.Libc.Errors;
    using OSv.Libc.Files;
    using OSv.Libc.Format;

    public static unsafe class StreamCharacterExports
    {
        private const int EndOfFile = FileLayout.EndOfFile;

        private const int GetlineInitialBytes = 120;

        public static void Register(ExportTable table)
        {
            RegisterCharacters(table);
            RegisterBlocksAndLines(table);
        }

        private static void RegisterCharacters(ExportTable table)
        {
            nint get = (nint)(delegate* unmanaged<byte*, int>)&GetCharacter;
            table.Add("fgetc"u8, get);
            table.Add("getc"u8, get);
            table.Add("_IO_getc"u8, get);
            table.Add("getchar"u8, (nint)(delegate* unmanaged<int>)&GetStandardCharacter);
            nint getUnlocked = (nint)(delegate* unmanaged<byte*, int>)&GetCharacterUnlocked;
            table.Add("getc_unlocked"u8, getUnlocked);
            table.Add("fgetc_unlocked"u8, getUnlocked);
            table.Add("getchar_unlocked"u8, (nint)(delegate* unmanaged<int>)&GetStandardCharacterUnlocked);
            nint put = (nint)(delegate* unmanaged<int, byte*, int>)&PutCharacter;
            table.Add("fputc"u8, put);
            table.Add("putc"u8, put);
            table.Add("_IO_putc"u8, put);
            table.Add("putchar"u8, (nint)(delegate* unmanaged<int, int>)&PutStandardCharacter);
            nint putUnlocked = (nint)(delegate* unmanaged<int, byte*, int>)&PutCharacterUnlocked;
            table.Add("putc_unlocked"u8, putUnlocked);
            table.Add("fputc_unlocked"u8, putUnlocked);
            table.Add("putchar_unlocked"u8, (nint)(delegate* unmanaged<int, int>)&PutStandardCharacterUnlocked);
            table.Add("ungetc"u8, (nint)(delegate* unmanaged<int, byte*, int>)&UngetCharacter);
            table.Add("__uflow"u8, (nint)(delegate* unmanaged<byte*, int>)&UnderflowAdvance);
            table.Add("__underflow"u8, (nint)(delegate* unmanaged<byte*, int>)&UnderflowPeek);
            table.Add("__overflow"u8, (nint)(delegate* unmanaged<byte*, int, int>)&OverflowExport);
        }

        private static void RegisterBlocksAndLines(ExportTable table)
        {
            table.Add("fread"u8, (nint)(delegate* unmanaged<byte*, nuint, nuint, byte*, nuint>)&ReadItems);
            table.Add("fread_unlocked"u8, (nint)(delegate* unmanaged<byte*, nuint, nuint, byte*, nuint>)&ReadItemsUnlocked);
            table.Add("fwrite"u8, (nint)(delegate* unmanaged<byte*, nuint, nuint, byte*, nuint>)&WriteItems);
            table.Add("fwrite_unlocked"u8, (nint)(delegate* unmanaged<byte*, nuint, nuint, byte*, nuint>)&WriteItemsUnlocked);
            table.Add("fgets"u8, (nint)(delegate* unmanaged<byte*, int, byte*, byte*>)&GetString);
            table.Add("fgets_unlocked"u8, (nint)(delegate* unmanaged<byte*, int, byte*, byte*>)&GetStringUnlocked);
            table.Add("__fread_chk"u8, (nint)(delegate* unmanaged<byte*, nuint, nuint, nuint, byte*, nuint>)&ReadItemsChecked);
            table.Add("__fread_unlocked_chk"u8, (nint)(delegate* unmanaged<byte*, nuint, nuint, nuint, byte*, nuint>)&ReadItemsUnlockedChecked);
            table.Add("__fgets_chk"u8, (nint)(delegate* unmanaged<byte*, nuint, int, byte*, byte*>)&GetStringChecked);
            table.Add("__fgets_unlocked_chk"u8, (nint)(delegate* unmanaged<byte*, nuint, int, byte*, byte*>)&GetStringUnlockedChecked);
            table.Add("fputs"u8, (nint)(delegate* unmanaged<byte*, byte*, int>)&PutString);
            table.Add("fputs_unlocked"u8, (nint)(delegate* unmanaged<byte*, byte*, int>)&PutStringUnlocked);
            table.Add("puts"u8, (nint)(delegate* unmanaged<byte*, int>)&PutLine);
            table.Add("getline"u8, (nint)(delegate* unmanaged<byte**, nuint*, byte*, long>)&GetLine);
            nint getDelimited = (nint)(delegate* unmanaged<byte**, nuint*, int, byte*, long>)&GetDelimited;
            table.Add("getdelim"u8, getDelimited);
            table.Add("__getdelim"u8, getDelimited);
            table.Add("perror"u8, (nint)(delegate* unmanaged<byte*, void>)&PrintError);
        }

        // ---- characters ----------------------------------------------------------------------

        [UnmanagedCallersOnly]
        public static int GetCharacter(byte* file) => GetLocked(Streams.FromFile(file));

        [UnmanagedCallersOnly]
        public static int GetStandardCharacter() => GetLocked(Streams.StandardInput);

        private static int GetLocked(StdioStream? stream)
        {
            if (stream == null || !stream.InUse)
                return EndOfFile;
            return HeldStream.Hold(stream).Release(stream.GetByte());
        }

        [UnmanagedCallersOnly]
        public static int GetCharacterUnlocked(byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            return stream == null ? EndOfFile : stream.GetByte();
        }

        [UnmanagedCallersOnly]
        public static int GetStandardCharacterUnlocked() =>
            Streams.StandardInput.InUse ? Streams.StandardInput.GetByte() : EndOfFile;

        [UnmanagedCallersOnly]
        public static int PutCharacter(int value, byte* file) => PutLocked(value, Streams.FromFile(file));

        [UnmanagedCallersOnly]
        public static int PutStandardCharacter(int value) => PutLocked(value, Streams.StandardOutput);

        private static int PutLocked(int value, StdioStream? stream)
        {
            if (stream == null || !stream.InUse)
                return EndOfFile;
            return HeldStream.Hold(stream).Release(stream.PutByte(value));
        }

        [UnmanagedCallersOnly]
        public static int PutCharacterUnlocked(int value, byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            return stream == null ? EndOfFile : stream.PutByte(value);
        }

        [UnmanagedCallersOnly]
        public static int PutStandardCharacterUnlocked(int value) =>
            Streams.StandardOutput.InUse ? Streams.StandardOutput.PutByte(value) : EndOfFile;

        [UnmanagedCallersOnly]
        public static int UngetCharacter(int value, byte* file)
        {
            HeldStream held = HeldStream.Find(file);
            return held.Stream == null ? EndOfFile : held.Release(held.Stream.Unget(value));
        }

        [UnmanagedCallersOnly]
        public static int UnderflowAdvance(byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            return stream == null ? EndOfFile : stream.Underflow(true);
        }

        [UnmanagedCallersOnly]
        public static int UnderflowPeek(byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            return stream == null ? EndOfFile : stream.Underflow(false);
        }

        [UnmanagedCallersOnly]
        public static int OverflowExport(byte* file, int value)
        {
            StdioStream? stream = Streams.FromFile(file);
            return stream == null ? EndOfFile : stream.Overflow(value);
        }

        // ---- blocks and lines ----------------------------------------------------------------

        [UnmanagedCallersOnly]
        public static nuint ReadItems(byte* destination, nuint size, nuint count, byte* file) =>
            TransferItems(destination, size, count, file, false, true);

        [UnmanagedCallersOnly]
        public static nuint ReadItemsUnlocked(byte* destination, nuint size, nuint count, byte* file) =>
            TransferItems(destination, size, count, file, false, false);

        [UnmanagedCallersOnly]
        public static nuint WriteItems(byte* source, nuint size, nuint count, byte* file) =>
            TransferItems(source, size, count, file, true, true);

        [UnmanagedCallersOnly]
        public static nuint WriteItemsUnlocked(byte* source, nuint size, nuint count, byte* file) =>
            TransferItems(source, size, count, file, true, false);

        // _FORTIFY_SOURCE forms: a request larger than the caller's known buffer is refused
        // (EFAULT, nothing read) where glibc would abort the program through __chk_fail.
        [UnmanagedCallersOnly]
        public static nuint ReadItemsChecked(byte* destination, nuint bufferBytes, nuint size, nuint count, byte* file) =>
            FitsBuffer(bufferBytes, size, count) ? TransferItems(destination, size, count, file, false, true) : 0;

        [UnmanagedCallersOnly]
        public static nuint ReadItemsUnlockedChecked(byte* destination, nuint bufferBytes, nuint size, nuint count, byte* file) =>
            FitsBuffer(bufferBytes, size, count) ? TransferItems(destination, size, count, file, false, false) : 0;

        [UnmanagedCallersOnly]
        public static byte* GetStringChecked(byte* destination, nuint bufferBytes, int size, byte* file) =>
            size > 0 && (nuint)size > bufferBytes ? StdioExports.FailNull(ErrnoCodes.EFAULT) : GetStringCore(destination, size, file, true);

        [UnmanagedCallersOnly]
        public static byte* GetStringUnlockedChecked(byte* destination, nuint bufferBytes, int size, byte* file) =>
            size > 0 && (nuint)size > bufferBytes ? StdioExports.FailNull(ErrnoCodes.EFAULT) : GetStringCore(destination, size, file, false);

        private static bool FitsBuffer(nuint bufferBytes, nuint size, nuint count)
        {
            bool fits = size == 0 || count <= bufferBytes / size;
            if (!fits)
                Errno.Set(ErrnoCodes.EFAULT);
            return fits;
        }

        // fread/fwrite: whole items only; size * count must fit (else EOVERFLOW, nothing moved).
        private static nuint TransferItems(byte* bytes, nuint size, nuint count, byte* file, bool writing, bool locking)
        {
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null || size == 0 || count == 0)
                return 0;
            if ((ulong)count > (ulong)long.MaxValue / (ulong)size)
            {
                Errno.Set(ErrnoCodes.EOVERFLOW);
                return 0;
            }
            if (bytes == null)
            {
                Errno.Set(ErrnoCodes.EFAULT);
                return 0;
            }
            long total = (long)(size * count);
            HeldStream held = HeldStream.Hold(stream, locking);
            long done = held.Release(writing ? stream.Write(bytes, total) : stream.Read(bytes, total));
            return (nuint)done / size;
        }

        [UnmanagedCallersOnly]
        public static byte* GetString(byte* destination, int size, byte* file) => GetStringCore(destination, size, file, true);

        [UnmanagedCallersOnly]
        public static byte* GetStringUnlocked(byte* destination, int size, byte* file) => GetStringCore(destination, size, file, false);

        private static byte* GetStringCore(byte* destination, int size, byte* file, bool locking)
        {
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null)
                return null;
            if (destination == null || size <= 0)
                return StdioExports.FailNull(ErrnoCodes.EINVAL);
            if (size == 1)
            {
                destination[0] = 0;
                return destination;
            }
            return HeldStream.Hold(stream, locking).Release(LineReading.GetString(stream, destination, size));
        }

        [UnmanagedCallersOnly]
        public static int PutString(byte* text, byte* file) => PutStringCore(text, file, true);

        [UnmanagedCallersOnly]
        public static int PutStringUnlocked(byte* text, byte* file) => PutStringCore(text, file, false);

        // fputs returns 1 on success, as glibc's does (C asks for a non-negative value).
        private static int PutStringCore(byte* text, byte* file, bool locking)
        {
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null)
                return EndOfFile;
            if (text == null)
            {
                Errno.Set(ErrnoCodes.EFAULT);
                return EndOfFile;
            }
            long length = (long)OSv.Libc.String.CStrings.Length(text);
            long written = HeldStream.Hold(stream, locking).Release(stream.Write(text, length));
            return written == length ? 1 : EndOfFile;
        }

        // puts returns the bytes written, newline included, capped at INT_MAX (glibc).
        [UnmanagedCallersOnly]
        public static int PutLine(byte* text)
        {
            StdioStream stream = Streams.StandardOutput;
            if (text == null || !stream.InUse)
                return EndOfFile;
            long length = (long)OSv.Libc.String.CStrings.Length(text);
            stream.Lock.Lock();
            bool written = stream.Write(text, length) == length && stream.PutByte('\n') == '\n';
            stream.Lock.Unlock();
            return !written ? EndOfFile : (length + 1 > int.MaxValue ? int.MaxValue : (int)(length + 1));
        }

        [UnmanagedCallersOnly]
        public static long GetLine(byte** line, nuint* capacity, byte* file) => GetDelimitedCore(line, capacity, '\n', file);

        [UnmanagedCallersOnly]
        public static long GetDelimited(byte** line, nuint* capacity, int delimiter, byte* file) =>
            GetDelimitedCore(line, capacity, delimiter, file);

        private static long GetDelimitedCore(byte** line, nuint* capacity, int delimiter, byte* file)
        {
            if (line == null || capacity == null)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return -1;
            }
            HeldStream held = HeldStream.Find(file);
            return held.Stream == null ? -1
                : held.Release(LineReading.GetDelimited(held.Stream, line, capacity, (byte)delimiter, GetlineInitialBytes));
        }

        private const int PerrorMessageBytesMax = 64;

        /// <summary>perror: "prefix: message\n" on stderr (just the message when the prefix is
        /// null or empty); errno is left as it was.</summary>
        [UnmanagedCallersOnly]
        public static void PrintError(byte* prefix)
        {
            int code = Errno.Get();
            Span<byte> message = stackalloc byte[PerrorMessageBytesMax];
            int length = OSv.Libc.String.ErrorMessages.Format(code, message);
            length = length < message.Length ? length : message.Length;
            StdioStream stream = Streams.StandardError;
            if (!stream.InUse)
                return;
            byte* chunk = stackalloc byte[ChunkedSink<StreamTarget>.ChunkBytes];
            var sink = new ChunkedSink<StreamTarget>(new StreamTarget(stream), chunk);
            stream.Lock.Lock();
            if (prefix != null && prefix[0] != 0)
            {
                long prefixLength = (long)OSv.Libc.String.CStrings.Length(prefix);
                sink.Write(new ReadOnlySpan<byte>(prefix, prefixLength > int.MaxValue ? int.MaxValue : (int)prefixLength));
                sink.Write(": "u8);
            }
            sink.Write(message.Slice(0, length));
            sink.Write("\n"u8);
            sink.Flush();
            stream.Lock.Unlock();
            Errno.Set(code);
        }
    }
}
