// fgets and getdelim/getline: reading up to a delimiter, a buffered run at a time (a span
// search over the stream's unread bytes, then one copy) rather than a call per byte.
//
// fgets (C11 7.21.7.2): at most size-1 bytes, stopping after a newline; NULL when nothing was
// read before end of file, or when a read error happens during this call (the array is then
// indeterminate), as glibc decides it: the error indicator is tested with the caller's earlier
// error hidden, then restored.
// getdelim (POSIX): grows *line with the C heap (realloc semantics, so the caller frees it), by
// doubling, always leaving room for the terminating NUL; -1 when nothing was read (EOF or
// error), or with EOVERFLOW/ENOMEM when the line cannot be held. Callers hold the stream lock.
namespace OSv.Libc.Stdio
{
    using System;
    using OSv.Libc.Errors;

    public static unsafe class LineReading
    {
        public static byte* GetString(StdioStream stream, byte* destination, int size)
        {
            bool earlierError = stream.HasError;
            if (earlierError)
                stream.ClearErrorOnly();
            int count = 0;
            int limit = size - 1;
            while (count < limit)
            {
                ReadOnlySpan<byte> buffered = stream.Buffered;
                if (buffered.IsEmpty)
                {
                    if (stream.Underflow(false) == FileLayout.EndOfFile)
                        break;
                    continue;
                }
                int window = buffered.Length < limit - count ? buffered.Length : limit - count;
                int newline = buffered.Slice(0, window).IndexOf((byte)'\n');
                int taken = newline >= 0 ? newline + 1 : window;
                buffered.Slice(0, taken).CopyTo(new Span<byte>(destination + count, taken));
                stream.Consume(taken);
                count += taken;
                if (newline >= 0)
                    break;
            }
            bool failedNow = stream.HasError;
            if (earlierError)
                stream.SetErrorOnly();
            if (count == 0 || failedNow)
                return null;
            destination[count] = 0;
            return destination;
        }

        public static long GetDelimited(StdioStream stream, byte** line, nuint* capacity, byte delimiter, int initialBytes)
        {
            if (*line == null || *capacity == 0)
            {
                byte* fresh = OSv.Libc.Memory.Heap.Reallocate(*line, (nuint)initialBytes);
                if (fresh == null)
                    return Fail(ErrnoCodes.ENOMEM);
                *line = fresh;
                *capacity = (nuint)initialBytes;
            }
            long used = 0;
            while (true)
            {
                ReadOnlySpan<byte> buffered = stream.Buffered;
                if (buffered.IsEmpty)
                {
                    if (stream.Underflow(false) == FileLayout.EndOfFile)
                        break;
                    continue;
                }
                int found = buffered.IndexOf(delimiter);
                int taken = found >= 0 ? found + 1 : buffered.Length;
                if (!EnsureCapacity(line, capacity, used + taken + 1))
                    return -1;
                buffered.Slice(0, taken).CopyTo(new Span<byte>(*line + used, taken));
                stream.Consume(taken);
                used += taken;
                if (found >= 0)
                    break;
            }
            if (used == 0)
                return -1;
            (*line)[used] = 0;
            return used;
        }

        private static bool EnsureCapacity(byte** line, nuint* capacity, long needed)
        {
            if ((nuint)needed <= *capacity)
                return true;
            if (needed > long.MaxValue / 2)
                return Fail(ErrnoCodes.EOVERFLOW) == 0;
            nuint grown = *capacity;
            while (grown < (nuint)needed)
                grown *= 2;
            byte* larger = OSv.Libc.Memory.Heap.Reallocate(*line, grown);
            if (larger == null)
                return Fail(ErrnoCodes.ENOMEM) == 0;
            *line = larger;
            *capacity = grown;
            return true;
        }

        private static long Fail(int code)
        {
            Errno.Set(code);
            return -1;
        }
    }
}
