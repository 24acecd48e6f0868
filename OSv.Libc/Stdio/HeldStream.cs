// One shape for the stdio exports that find a stream by its FILE*, run one operation under
// the stream's lock and return what it returned:
//
//     HeldStream held = HeldStream.Find(file, locking);
//     return held.Stream == null ? EndOfFile : held.Release(held.Stream.Seek(offset, whence));
//
// Release runs after its argument is evaluated, so the operation happens inside the lock and
// the unlock after it. The guard is a plain struct with an explicit Release, so holding a stream
// allocates nothing and each export stays one expression; no finally is needed because stream
// operations report errors as return values and errno, never by throwing (C callers cannot catch).
// When locking is false (the *_unlocked forms) Find and Release touch no lock at all.
// Caller rules: call Release exactly once, and only when Stream is not null.
namespace OSv.Libc.Stdio
{
    public readonly unsafe struct HeldStream
    {
        /// <summary>The stream, locked if the caller asked; null for a FILE* that is not an
        /// open stream of ours (errno is then EBADF, set by Streams.FromFile).</summary>
        public readonly StdioStream? Stream;
        private readonly bool _locked;

        private HeldStream(StdioStream? stream, bool locked)
        {
            Stream = stream;
            _locked = locked;
        }

        /// <summary>Looks the stream up and, when locking and it exists, takes its lock.</summary>
        public static HeldStream Find(byte* file, bool locking = true) => Hold(Streams.FromFile(file), locking);

        /// <summary>Takes the lock of a stream already found (when locking).</summary>
        public static HeldStream Hold(StdioStream? stream, bool locking = true)
        {
            bool locked = locking && stream != null;
            if (locked)
                stream!.Lock.Lock();
            return new HeldStream(stream, locked);
        }

        public int Release(int result)
        {
            Release();
            return result;
        }

        public long Release(long result)
        {
            Release();
            return result;
        }

        public byte* Release(byte* result)
        {
            Release();
            return result;
        }

        /// <summary>Unlocks the stream if Find or Hold locked it.</summary>
        public void Release()
        {
            if (_locked)
                Stream!.Lock.Unlock();
        }
    }
}
