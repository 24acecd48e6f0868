// The table of C streams: StreamCountMax fixed slots of FileLayout.SlotBytes in one block of
// pages, so that a FILE* from C is checked by arithmetic (inside the block, on a slot boundary,
// in use) before anything dereferences it, and a foreign pointer is refused with EBADF. Slots
// 0, 1, 2 are stdin, stdout, stderr (glibc's _IO_2_1_stdin_ and friends), never reused by
// fopen; the rest are handed out lowest-free-first and return on fclose. Each slot's managed
// StdioStream (its lock, its buffer page) is made once at start and lives forever.
//
// stderr is unbuffered (C11 7.21.3p7); stdin and stdout are line-buffered on a terminal and
// fully buffered otherwise, decided at their first I/O, as glibc does. FlushAll is
// fflush(NULL); FlushAllAtExit is what exit() calls after the atexit handlers.
namespace OSv.Libc.Stdio
{
    using OSv.Libc.Errors;

    public static unsafe class Streams
    {
        public const int StreamCountMax = 64;
        public const int StandardStreamCount = 3;

        private static readonly byte* s_slots = AllocateSlots();
        private static readonly StdioStream[] s_streams = CreateStreams();
        private static readonly OSv.Core.Sync.Mutex s_tableLock = new OSv.Core.Sync.Mutex();

        private static byte* AllocateSlots()
        {
            byte* slots = OSv.Libc.Memory.PageSource.Allocate(StreamCountMax * FileLayout.SlotBytes);
            OSv.Core.Diagnostics.Invariant.Assert(slots != null, "no memory for the C streams");
            return slots;
        }

        private static StdioStream[] CreateStreams()
        {
            var streams = new StdioStream[StreamCountMax];
            for (int i = 0; i < StreamCountMax; i++)
                streams[i] = new StdioStream(s_slots + i * FileLayout.SlotBytes);
            OpenStandard(streams);
            return streams;
        }

        private static void OpenStandard(StdioStream[] streams)
        {
            streams[0].Open(0, readable: true, writable: false);
            streams[1].Open(1, readable: false, writable: true);
            streams[2].Open(2, readable: false, writable: true, BufferMode.None);
        }

        public static StdioStream StandardInput => s_streams[0];

        public static StdioStream StandardOutput => s_streams[1];

        public static StdioStream StandardError => s_streams[2];

        /// <summary>The stream whose FILE* is <paramref name="file"/>, or null (errno EBADF) if it
        /// is not an open stream of ours.</summary>
        public static StdioStream? FromFile(byte* file)
        {
            ulong offset = (ulong)file - (ulong)s_slots;
            if (file == null || offset >= (ulong)(StreamCountMax * FileLayout.SlotBytes) || offset % FileLayout.SlotBytes != 0)
                return Refuse();
            StdioStream stream = s_streams[(int)(offset / FileLayout.SlotBytes)];
            return stream.InUse ? stream : Refuse();
        }

        private static StdioStream? Refuse()
        {
            Errno.Set(ErrnoCodes.EBADF);
            return null;
        }

        /// <summary>A free non-standard slot, opened on <paramref name="descriptor"/>; null with
        /// EMFILE when all are taken.</summary>
        public static StdioStream? Open(int descriptor, bool readable, bool writable)
        {
            s_tableLock.Lock();
            StdioStream? found = null;
            for (int i = StandardStreamCount; i < StreamCountMax && found == null; i++)
            {
                if (!s_streams[i].InUse)
                    found = s_streams[i];
            }
            found?.Open(descriptor, readable, writable);
            s_tableLock.Unlock();
            if (found == null)
                Errno.Set(ErrnoCodes.EMFILE);
            return found;
        }

        /// <summary>Frees a stream's slot (fclose), under the table lock so Open never sees a
        /// half-released slot.</summary>
        public static int Close(StdioStream stream)
        {
            s_tableLock.Lock();
            int result = stream.Close();
            s_tableLock.Unlock();
            return result;
        }

        /// <summary>Flushes every open stream's output (exit, fflush(NULL)): 0, or EOF if any
        /// write failed.</summary>
        public static int FlushAll()
        {
            int result = 0;
            for (int i = 0; i < StreamCountMax; i++)
            {
                StdioStream stream = s_streams[i];
                if (!stream.InUse)
                    continue;
                stream.Lock.Lock();
                if (stream.InUse && stream.FlushOutput() != 0)
                    result = FileLayout.EndOfFile;
                stream.Lock.Unlock();
            }
            return result;
        }

        /// <summary>The exit path's flush: like FlushAll, but never waits for a stream another
        /// thread holds (glibc's exit flush takes no locks at all); such a stream is flushed
        /// unlocked, since that thread will not run again once exit completes.</summary>
        public static int FlushAllAtExit()
        {
            int result = 0;
            for (int i = 0; i < StreamCountMax; i++)
            {
                StdioStream stream = s_streams[i];
                if (!stream.InUse)
                    continue;
                bool locked = stream.Lock.TryLock();
                if (stream.InUse && stream.FlushOutput() != 0)
                    result = FileLayout.EndOfFile;
                if (locked)
                    stream.Lock.Unlock();
            }
            return result;
        }

        /// <summary>Before a console read refills <paramref name="reader"/>: a prompt waiting in
        /// a line-buffered stdout is written first (glibc flushes stdout likewise).</summary>
        public static void FlushLineBufferedOutput(StdioStream reader)
        {
            StdioStream output = StandardOutput;
            if (output == reader || !output.InUse || !output.HasPendingLineOutput)
                return;
            if (!output.Lock.TryLock())
                return;
            output.FlushOutput();
            output.Lock.Unlock();
        }

        /// <summary>Re-opens stdin, stdout and stderr on descriptors 0, 1, 2 with fresh state,
        /// dropping buffered bytes and re-deriving buffering (hosted tests switch consoles).</summary>
        public static void ResetStandardStreams() => OpenStandard(s_streams);
    }
}
