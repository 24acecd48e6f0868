// The C stream functions of <stdio.h> (C11 7.21, POSIX, and the glibc entry points gcc-compiled
// code calls: __uflow/__overflow behind inline getc/putc, _IO_getc/_IO_putc, the v*printf and
// v*scanf targets of the variadic shims, their _chk and __isoc99_ forms). Each entry point
// checks its FILE* against the stream table (EBADF otherwise), takes the stream's recursive
// lock unless it is an *_unlocked variant, and calls StdioStream. The exported data objects:
// `stdin`, `stdout`, `stderr` (cells holding the FILE*) and `_IO_2_1_stdin_` etc. (the FILEs).
namespace OSv.Libc.Stdio
{
    using System;
    using System.Runtime.InteropServices;
    using OSv.Libc.Abi;
    using OSv.Libc.Errors;
    using OSv.Libc.Files;
    using OSv.Libc.Format;

    public static unsafe class StdioExports
    {
        private const int EndOfFile = FileLayout.EndOfFile;
        private const int GetlineInitialBytes = 120;
        private const int FilePermissionsDefault = 0x1B6; // 0666, before the umask

        private static byte** s_standardInputCell, s_standardOutputCell, s_standardErrorCell;

        public static void Register(ExportTable table)
        {
            RegisterData(table);
            RegisterOpenClose(table);
            RegisterCharacters(table);
            RegisterBlocksAndLines(table);
            RegisterState(table);
            RegisterFormatted(table);
        }

        private static void RegisterData(ExportTable table)
        {
            s_standardInputCell = NewCell(Streams.StandardInput);
            s_standardOutputCell = NewCell(Streams.StandardOutput);
            s_standardErrorCell = NewCell(Streams.StandardError);
            table.Add("stdin"u8, (nint)s_standardInputCell);
            table.Add("stdout"u8, (nint)s_standardOutputCell);
            table.Add("stderr"u8, (nint)s_standardErrorCell);
            table.Add("_IO_2_1_stdin_"u8, (nint)Streams.StandardInput.File);
            table.Add("_IO_2_1_stdout_"u8, (nint)Streams.StandardOutput.File);
            table.Add("_IO_2_1_stderr_"u8, (nint)Streams.StandardError.File);
        }

        private static byte** NewCell(StdioStream stream)
        {
            byte** cell = (byte**)OSv.Libc.Memory.CellMemory.AllocateZeroed((nuint)sizeof(byte*));
            *cell = stream.File;
            return cell;
        }

        private static void RegisterOpenClose(ExportTable table)
        {
            nint open = (nint)(delegate* unmanaged<byte*, byte*, byte*>)&OpenFile;
            table.Add("fopen"u8, open);
            table.Add("fopen64"u8, open);
            table.Add("fdopen"u8, (nint)(delegate* unmanaged<int, byte*, byte*>)&OpenDescriptor);
            nint reopen = (nint)(delegate* unmanaged<byte*, byte*, byte*, byte*>)&ReopenFile;
            table.Add("freopen"u8, reopen);
            table.Add("freopen64"u8, reopen);
            table.Add("fclose"u8, (nint)(delegate* unmanaged<byte*, int>)&CloseFile);
            nint temporary = (nint)(delegate* unmanaged<byte*>)&TemporaryFile;
            table.Add("tmpfile"u8, temporary);
            table.Add("tmpfile64"u8, temporary);
            table.Add("popen"u8, (nint)(delegate* unmanaged<byte*, byte*, byte*>)&OpenProcess);
            table.Add("pclose"u8, (nint)(delegate* unmanaged<byte*, int>)&CloseProcess);
            table.Add("fileno"u8, (nint)(delegate* unmanaged<byte*, int>)&FileNumber);
            table.Add("fileno_unlocked"u8, (nint)(delegate* unmanaged<byte*, int>)&FileNumber);
            table.Add("fflush"u8, (nint)(delegate* unmanaged<byte*, int>)&Flush);
            table.Add("fflush_unlocked"u8, (nint)(delegate* unmanaged<byte*, int>)&FlushUnlocked);
            table.Add("setvbuf"u8, (nint)(delegate* unmanaged<byte*, byte*, int, nuint, int>)&SetBuffer);
            table.Add("setbuf"u8, (nint)(delegate* unmanaged<byte*, byte*, void>)&SetBufferDefaultSize);
            table.Add("setlinebuf"u8, (nint)(delegate* unmanaged<byte*, void>)&SetLineBuffered);
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
            table.Add("fputs"u8, (nint)(delegate* unmanaged<byte*, byte*, int>)&PutString);
            table.Add("fputs_unlocked"u8, (nint)(delegate* unmanaged<byte*, byte*, int>)&PutStringUnlocked);
            table.Add("puts"u8, (nint)(delegate* unmanaged<byte*, int>)&PutLine);
            table.Add("getline"u8, (nint)(delegate* unmanaged<byte**, nuint*, byte*, long>)&GetLine);
            nint getDelimited = (nint)(delegate* unmanaged<byte**, nuint*, int, byte*, long>)&GetDelimited;
            table.Add("getdelim"u8, getDelimited);
            table.Add("__getdelim"u8, getDelimited);
            table.Add("perror"u8, (nint)(delegate* unmanaged<byte*, void>)&PrintError);
        }

        private static void RegisterState(ExportTable table)
        {
            table.Add("feof"u8, (nint)(delegate* unmanaged<byte*, int>)&EndOfFileIndicator);
            table.Add("feof_unlocked"u8, (nint)(delegate* unmanaged<byte*, int>)&EndOfFileIndicator);
            table.Add("ferror"u8, (nint)(delegate* unmanaged<byte*, int>)&ErrorIndicator);
            table.Add("ferror_unlocked"u8, (nint)(delegate* unmanaged<byte*, int>)&ErrorIndicator);
            table.Add("clearerr"u8, (nint)(delegate* unmanaged<byte*, void>)&ClearIndicators);
            table.Add("clearerr_unlocked"u8, (nint)(delegate* unmanaged<byte*, void>)&ClearIndicators);
            nint seek = (nint)(delegate* unmanaged<byte*, long, int, int>)&SeekStream;
            table.Add("fseek"u8, seek);
            table.Add("fseeko"u8, seek);
            table.Add("fseeko64"u8, seek);
            nint tell = (nint)(delegate* unmanaged<byte*, long>)&TellStream;
            table.Add("ftell"u8, tell);
            table.Add("ftello"u8, tell);
            table.Add("ftello64"u8, tell);
            table.Add("rewind"u8, (nint)(delegate* unmanaged<byte*, void>)&Rewind);
            nint getPosition = (nint)(delegate* unmanaged<byte*, long*, int>)&GetPosition;
            table.Add("fgetpos"u8, getPosition);
            table.Add("fgetpos64"u8, getPosition);
            nint setPosition = (nint)(delegate* unmanaged<byte*, long*, int>)&SetPosition;
            table.Add("fsetpos"u8, setPosition);
            table.Add("fsetpos64"u8, setPosition);
            table.Add("flockfile"u8, (nint)(delegate* unmanaged<byte*, void>)&LockFile);
            table.Add("funlockfile"u8, (nint)(delegate* unmanaged<byte*, void>)&UnlockFile);
            table.Add("ftrylockfile"u8, (nint)(delegate* unmanaged<byte*, int>)&TryLockFile);
        }

        private static void RegisterFormatted(ExportTable table)
        {
            table.Add("vfprintf"u8, (nint)(delegate* unmanaged<byte*, byte*, VaList*, int>)&FormatToStream);
            table.Add("vprintf"u8, (nint)(delegate* unmanaged<byte*, VaList*, int>)&FormatToStandardOutput);
            table.Add("vdprintf"u8, (nint)(delegate* unmanaged<int, byte*, VaList*, int>)&FormatToDescriptor);
            table.Add("__vfprintf_chk"u8, (nint)(delegate* unmanaged<byte*, int, byte*, VaList*, int>)&FormatToStreamChecked);
            table.Add("__vprintf_chk"u8, (nint)(delegate* unmanaged<int, byte*, VaList*, int>)&FormatToStandardOutputChecked);
            table.Add("__vdprintf_chk"u8, (nint)(delegate* unmanaged<int, int, byte*, VaList*, int>)&FormatToDescriptorChecked);
            nint scanStream = (nint)(delegate* unmanaged<byte*, byte*, VaList*, int>)&ScanStream;
            table.Add("vfscanf"u8, scanStream);
            table.Add("__isoc99_vfscanf"u8, scanStream);
            table.Add("__isoc23_vfscanf"u8, scanStream);
            nint scanInput = (nint)(delegate* unmanaged<byte*, VaList*, int>)&ScanStandardInput;
            table.Add("vscanf"u8, scanInput);
            table.Add("__isoc99_vscanf"u8, scanInput);
            table.Add("__isoc23_vscanf"u8, scanInput);
        }

        // ---- opening and closing -------------------------------------------------------------

        private static byte* FailNull(int code)
        {
            Errno.Set(code);
            return null;
        }

        [UnmanagedCallersOnly]
        public static byte* OpenFile(byte* path, byte* mode)
        {
            if (!StreamModes.TryParse(mode, out StreamMode parsed))
                return FailNull(ErrnoCodes.EINVAL);
            int descriptor = FileDescriptorTable.Open(path, parsed.OpenFlags, FilePermissionsDefault);
            if (descriptor < 0)
                return null;
            StdioStream? stream = Streams.Open(descriptor, parsed.Readable, parsed.Writable);
            if (stream == null)
            {
                FileDescriptorTable.Close(descriptor);
                Errno.Set(ErrnoCodes.EMFILE);
                return null;
            }
            return stream.File;
        }

        // fdopen: the mode must not ask for a direction the descriptor was not opened for.
        [UnmanagedCallersOnly]
        public static byte* OpenDescriptor(int descriptor, byte* mode)
        {
            if (!StreamModes.TryParse(mode, out StreamMode parsed))
                return FailNull(ErrnoCodes.EINVAL);
            int statusFlags = FileDescriptorTable.Control(descriptor, OpenFlags.GetStatusFlags, 0);
            if (statusFlags < 0)
                return null;
            int access = statusFlags & OpenFlags.AccessModeMask;
            if ((parsed.Readable && access == OpenFlags.WriteOnly) || (parsed.Writable && access == OpenFlags.ReadOnly))
                return FailNull(ErrnoCodes.EINVAL);
            StdioStream? stream = Streams.Open(descriptor, parsed.Readable, parsed.Writable);
            return stream == null ? null : stream.File;
        }

        // freopen: the old descriptor is closed first, so reopening stdout takes descriptor 1
        // again. On failure the stream is closed and NULL returned (C11 7.21.5.4).
        [UnmanagedCallersOnly]
        public static byte* ReopenFile(byte* path, byte* mode, byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null)
                return null;
            if (!StreamModes.TryParse(mode, out StreamMode parsed))
                return FailNull(ErrnoCodes.EINVAL);
            stream.Lock.Lock();
            stream.Synchronize();
            if (path == null)
            {
                stream.Open(stream.Descriptor, parsed.Readable, parsed.Writable);
                stream.Lock.Unlock();
                return stream.File;
            }
            FileDescriptorTable.Close(stream.Descriptor);
            int descriptor = FileDescriptorTable.Open(path, parsed.OpenFlags, FilePermissionsDefault);
            if (descriptor < 0)
                stream.Release();
            else
                stream.Open(descriptor, parsed.Readable, parsed.Writable);
            stream.Lock.Unlock();
            return descriptor < 0 ? null : stream.File;
        }

        [UnmanagedCallersOnly]
        public static int CloseFile(byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null)
                return EndOfFile;
            stream.Lock.Lock();
            int result = Streams.Close(stream);
            stream.Lock.Unlock();
            return result;
        }

        /// <summary>tmpfile: a read-write stream over an in-memory file that vanishes on fclose.</summary>
        [UnmanagedCallersOnly]
        public static byte* TemporaryFile()
        {
            int descriptor = FileDescriptorTable.CreateMemoryFile();
            if (descriptor < 0)
                return null;
            StdioStream? stream = Streams.Open(descriptor, readable: true, writable: true);
            if (stream == null)
            {
                FileDescriptorTable.Close(descriptor);
                Errno.Set(ErrnoCodes.EMFILE);
                return null;
            }
            return stream.File;
        }

        [UnmanagedCallersOnly]
        public static byte* OpenProcess(byte* command, byte* mode) => FailNull(ErrnoCodes.ENOSYS);

        [UnmanagedCallersOnly]
        public static int CloseProcess(byte* file)
        {
            Errno.Set(ErrnoCodes.ENOSYS);
            return -1;
        }

        [UnmanagedCallersOnly]
        public static int FileNumber(byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            return stream == null ? -1 : stream.Descriptor;
        }

        [UnmanagedCallersOnly]
        public static int Flush(byte* file) => FlushCore(file, true);

        [UnmanagedCallersOnly]
        public static int FlushUnlocked(byte* file) => FlushCore(file, false);

        private static int FlushCore(byte* file, bool locking)
        {
            if (file == null)
                return Streams.FlushAll();
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null)
                return EndOfFile;
            if (locking)
                stream.Lock.Lock();
            int result = stream.Synchronize() == 0 ? 0 : EndOfFile;
            if (locking)
                stream.Lock.Unlock();
            return result;
        }

        [UnmanagedCallersOnly]
        public static int SetBuffer(byte* file, byte* buffer, int mode, nuint size) => SetBufferCore(file, buffer, mode, size);

        [UnmanagedCallersOnly]
        public static void SetBufferDefaultSize(byte* file, byte* buffer) =>
            SetBufferCore(file, buffer, buffer == null ? (int)BufferMode.None : (int)BufferMode.Full, BufferSizeOfSetbuf);

        [UnmanagedCallersOnly]
        public static void SetLineBuffered(byte* file) => SetBufferCore(file, null, (int)BufferMode.Line, 0);

        /// <summary>glibc's BUFSIZ: the size setbuf assumes the caller's buffer has.</summary>
        private const int BufferSizeOfSetbuf = 8192;

        private static int SetBufferCore(byte* file, byte* buffer, int mode, nuint size)
        {
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null)
                return EndOfFile;
            stream.Lock.Lock();
            int result = stream.SetBuffering(buffer, mode, size);
            stream.Lock.Unlock();
            return result;
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
            stream.Lock.Lock();
            int value = stream.GetByte();
            stream.Lock.Unlock();
            return value;
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
            stream.Lock.Lock();
            int result = stream.PutByte(value);
            stream.Lock.Unlock();
            return result;
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
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null)
                return EndOfFile;
            stream.Lock.Lock();
            int result = stream.Unget(value);
            stream.Lock.Unlock();
            return result;
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
            if (locking)
                stream.Lock.Lock();
            long done = writing ? stream.Write(bytes, total) : stream.Read(bytes, total);
            if (locking)
                stream.Lock.Unlock();
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
                return FailNull(ErrnoCodes.EINVAL);
            if (size == 1)
            {
                destination[0] = 0;
                return destination;
            }
            if (locking)
                stream.Lock.Lock();
            byte* result = LineReading.GetString(stream, destination, size);
            if (locking)
                stream.Lock.Unlock();
            return result;
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
            long length = LengthOf(text);
            if (locking)
                stream.Lock.Lock();
            long written = stream.Write(text, length);
            if (locking)
                stream.Lock.Unlock();
            return written == length ? 1 : EndOfFile;
        }

        // puts returns the bytes written, newline included, capped at INT_MAX (glibc).
        [UnmanagedCallersOnly]
        public static int PutLine(byte* text)
        {
            StdioStream stream = Streams.StandardOutput;
            if (text == null || !stream.InUse)
                return EndOfFile;
            long length = LengthOf(text);
            stream.Lock.Lock();
            bool written = stream.Write(text, length) == length && stream.PutByte('\n') == '\n';
            stream.Lock.Unlock();
            return !written ? EndOfFile : (length + 1 > int.MaxValue ? int.MaxValue : (int)(length + 1));
        }

        private static long LengthOf(byte* text)
        {
            long length = 0;
            while (text[length] != 0)
                length++;
            return length;
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
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null)
                return -1;
            stream.Lock.Lock();
            long result = LineReading.GetDelimited(stream, line, capacity, (byte)delimiter, GetlineInitialBytes);
            stream.Lock.Unlock();
            return result;
        }

        /// <summary>perror: "prefix: message\n" on stderr (just the message when the prefix is
        /// null or empty); errno is left as it was.</summary>
        [UnmanagedCallersOnly]
        public static void PrintError(byte* prefix)
        {
            int code = Errno.Get();
            Span<byte> message = stackalloc byte[ErrorMessages.MessageBytesMax];
            int length = ErrorMessages.Describe(code, message);
            StdioStream stream = Streams.StandardError;
            if (!stream.InUse)
                return;
            stream.Lock.Lock();
            if (prefix != null && prefix[0] != 0)
            {
                stream.Write(prefix, LengthOf(prefix));
                byte* separator = stackalloc byte[] { (byte)':', (byte)' ' };
                stream.Write(separator, 2);
            }
            fixed (byte* text = message)
                stream.Write(text, length);
            stream.PutByte('\n');
            stream.Lock.Unlock();
            Errno.Set(code);
        }

        // ---- state and position --------------------------------------------------------------

        [UnmanagedCallersOnly]
        public static int EndOfFileIndicator(byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            return stream != null && stream.AtEndOfFile ? 1 : 0;
        }

        [UnmanagedCallersOnly]
        public static int ErrorIndicator(byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            return stream != null && stream.HasError ? 1 : 0;
        }

        [UnmanagedCallersOnly]
        public static void ClearIndicators(byte* file) => Streams.FromFile(file)?.ClearIndicators();

        [UnmanagedCallersOnly]
        public static int SeekStream(byte* file, long offset, int whence) => SeekCore(file, offset, whence);

        private static int SeekCore(byte* file, long offset, int whence)
        {
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null)
                return -1;
            stream.Lock.Lock();
            int result = stream.Seek(offset, whence);
            stream.Lock.Unlock();
            return result;
        }

        [UnmanagedCallersOnly]
        public static long TellStream(byte* file) => TellCore(file);

        private static long TellCore(byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null)
                return -1;
            stream.Lock.Lock();
            long result = stream.Tell();
            stream.Lock.Unlock();
            return result;
        }

        [UnmanagedCallersOnly]
        public static void Rewind(byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            if (stream == null)
                return;
            stream.Lock.Lock();
            stream.Seek(0, OpenFlags.SeekSet);
            stream.ClearIndicators();
            stream.Lock.Unlock();
        }

        // fpos_t (glibc): { off64_t position; mbstate_t state (8 bytes) }.
        [UnmanagedCallersOnly]
        public static int GetPosition(byte* file, long* position)
        {
            if (position == null)
            {
                Errno.Set(ErrnoCodes.EFAULT);
                return -1;
            }
            long here = TellCore(file);
            if (here < 0)
                return -1;
            position[0] = here;
            position[1] = 0;
            return 0;
        }

        [UnmanagedCallersOnly]
        public static int SetPosition(byte* file, long* position)
        {
            if (position == null)
            {
                Errno.Set(ErrnoCodes.EFAULT);
                return -1;
            }
            return SeekCore(file, position[0], OpenFlags.SeekSet);
        }

        [UnmanagedCallersOnly]
        public static void LockFile(byte* file) => Streams.FromFile(file)?.Lock.Lock();

        // Unlocking a stream this thread does not hold is undefined in C; here it is ignored.
        [UnmanagedCallersOnly]
        public static void UnlockFile(byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            if (stream != null && stream.Lock.IsOwnedByCurrentThread)
                stream.Lock.Unlock();
        }

        [UnmanagedCallersOnly]
        public static int TryLockFile(byte* file)
        {
            StdioStream? stream = Streams.FromFile(file);
            return stream != null && stream.Lock.TryLock() ? 0 : 1;
        }

        // ---- formatted I/O (the variadic shims' targets) ---------------------------------------

        [UnmanagedCallersOnly]
        public static int FormatToStream(byte* file, byte* format, VaList* arguments) =>
            FormatToStreamCore(Streams.FromFile(file), format, arguments);

        [UnmanagedCallersOnly]
        public static int FormatToStandardOutput(byte* format, VaList* arguments) =>
            FormatToStreamCore(Streams.StandardOutput, format, arguments);

        // _FORTIFY_SOURCE forms: the flag asks for %n checks, which our engine applies anyway.
        [UnmanagedCallersOnly]
        public static int FormatToStreamChecked(byte* file, int flag, byte* format, VaList* arguments) =>
            FormatToStreamCore(Streams.FromFile(file), format, arguments);

        [UnmanagedCallersOnly]
        public static int FormatToStandardOutputChecked(int flag, byte* format, VaList* arguments) =>
            FormatToStreamCore(Streams.StandardOutput, format, arguments);

        [UnmanagedCallersOnly]
        public static int FormatToDescriptor(int descriptor, byte* format, VaList* arguments) =>
            FormatToDescriptorCore(descriptor, format, arguments);

        [UnmanagedCallersOnly]
        public static int FormatToDescriptorChecked(int descriptor, int flag, byte* format, VaList* arguments) =>
            FormatToDescriptorCore(descriptor, format, arguments);

        private static int FormatToStreamCore(StdioStream? stream, byte* format, VaList* arguments)
        {
            if (stream == null || !stream.InUse)
                return -1;
            if (format == null || arguments == null)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return -1;
            }
            stream.Lock.Lock();
            var sink = new StreamSink(stream);
            long produced = Printf.Format(ref sink, format, ref *arguments);
            stream.Lock.Unlock();
            return FormatResult(produced, sink.Failed);
        }

        private static int FormatToDescriptorCore(int descriptor, byte* format, VaList* arguments)
        {
            if (format == null || arguments == null)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return -1;
            }
            if (!FileDescriptorTable.IsOpen(descriptor))
            {
                Errno.Set(ErrnoCodes.EBADF);
                return -1;
            }
            byte* chunk = stackalloc byte[DescriptorSink.DescriptorChunkBytes];
            var sink = new DescriptorSink(descriptor, chunk);
            long produced = Printf.Format(ref sink, format, ref *arguments);
            sink.Flush();
            return FormatResult(produced, sink.Failed);
        }

        // printf's count is an int: more is EOVERFLOW (C11 7.21.6.1p15, POSIX).
        private static int FormatResult(long produced, bool failed)
        {
            if (failed || produced < 0)
                return -1;
            if (produced > int.MaxValue)
            {
                Errno.Set(ErrnoCodes.EOVERFLOW);
                return -1;
            }
            return (int)produced;
        }

        [UnmanagedCallersOnly]
        public static int ScanStream(byte* file, byte* format, VaList* arguments) =>
            ScanCore(Streams.FromFile(file), format, arguments);

        [UnmanagedCallersOnly]
        public static int ScanStandardInput(byte* format, VaList* arguments) =>
            ScanCore(Streams.StandardInput, format, arguments);

        private static int ScanCore(StdioStream? stream, byte* format, VaList* arguments)
        {
            if (stream == null || !stream.InUse)
                return EndOfFile;
            if (format == null || arguments == null)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return EndOfFile;
            }
            stream.Lock.Lock();
            var source = new StreamSource(stream);
            int assigned = Scanf.Scan(ref source, format, ref *arguments);
            stream.Lock.Unlock();
            return assigned;
        }
    }
}
