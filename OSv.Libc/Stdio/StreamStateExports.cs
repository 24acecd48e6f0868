// The state, position and locking functions of <stdio.h>: feof/ferror/clearerr (and their
// *_unlocked forms), fseek/fseeko/ftell/ftello/rewind/fgetpos/fsetpos, and flockfile/
// funlockfile/ftrylockfile over each stream's recursive lock.
namespace OSv.Libc.Stdio
{
    using System;
    using System.Runtime.InteropServices;
    using OSv.Libc.Abi;
    using OSv.Libc.Errors;
    using OSv.Libc.Files;
    using OSv.Libc.Format;

    public static unsafe class StreamStateExports
    {
        public static void Register(ExportTable table)
        {
            RegisterState(table);
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
            HeldStream held = HeldStream.Find(file);
            return held.Stream == null ? -1 : held.Release(held.Stream.Seek(offset, whence));
        }

        [UnmanagedCallersOnly]
        public static long TellStream(byte* file) => TellCore(file);

        private static long TellCore(byte* file)
        {
            HeldStream held = HeldStream.Find(file);
            return held.Stream == null ? -1 : held.Release(held.Stream.Tell());
        }

        [UnmanagedCallersOnly]
        public static void Rewind(byte* file)
        {
            HeldStream held = HeldStream.Find(file);
            if (held.Stream == null)
                return;
            held.Stream.Seek(0, OpenFlags.SeekSet);
            held.Stream.ClearIndicators();
            held.Release();
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
    }
}
