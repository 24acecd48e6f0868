// The C stream functions of <stdio.h> (C11 7.21, POSIX, glibc), in four files: this one (the
// data objects, opening, closing, flushing and buffering), StreamCharacterExports (bytes, blocks,
// lines), StreamStateExports (indicators, position, locks) and FormattedStreamExports (the
// v*printf/v*scanf targets of the variadic shims). Register here adds all of them. Every entry
// point checks its FILE* against the stream table (EBADF otherwise), takes the stream's
// recursive lock unless it is an *_unlocked variant, and calls StdioStream. The exported data
// objects: `stdin`, `stdout`, `stderr` (cells holding the FILE*) and `_IO_2_1_stdin_` etc.
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
        private const int FilePermissionsDefault = 0x1B6; // 0666, before the umask

        private static byte** s_standardInputCell, s_standardOutputCell, s_standardErrorCell;

        public static void Register(ExportTable table)
        {
            RegisterData(table);
            RegisterOpenClose(table);
            StreamCharacterExports.Register(table);
            StreamStateExports.Register(table);
            FormattedStreamExports.Register(table);
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

        // ---- opening and closing -------------------------------------------------------------

        internal static byte* FailNull(int code)
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
            return OpenOrClose(descriptor, parsed.Readable, parsed.Writable);
        }

        // A stream over a descriptor this call opened; with no free stream slot the descriptor
        // is closed again and errno is EMFILE.
        private static byte* OpenOrClose(int descriptor, bool readable, bool writable)
        {
            StdioStream? stream = Streams.Open(descriptor, readable, writable);
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
            HeldStream held = HeldStream.Find(file);
            return held.Stream == null ? EndOfFile : held.Release(Streams.Close(held.Stream));
        }

        /// <summary>tmpfile: a read-write stream over an in-memory file that vanishes on fclose.</summary>
        [UnmanagedCallersOnly]
        public static byte* TemporaryFile()
        {
            int descriptor = FileDescriptorTable.CreateMemoryFile();
            if (descriptor < 0)
                return null;
            return OpenOrClose(descriptor, readable: true, writable: true);
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
            HeldStream held = HeldStream.Find(file, locking);
            return held.Stream == null ? EndOfFile : held.Release(held.Stream.Synchronize() == 0 ? 0 : EndOfFile);
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
            HeldStream held = HeldStream.Find(file);
            return held.Stream == null ? EndOfFile : held.Release(held.Stream.SetBuffering(buffer, mode, size));
        }
    }
}
