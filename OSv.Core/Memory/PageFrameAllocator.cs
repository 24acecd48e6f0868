// The physical page-frame allocator: 4 KiB frames of the usable RAM (PhysicalRanges.cs turns the
// firmware map minus the image and boot structures into frame-aligned ranges), handed out one at
// a time, as runs of N contiguous frames, or as 2 MiB-aligned 2 MiB runs for large mappings.
//
// Structure: OSv's two levels (core/mempool.cc, page_range_allocator and the per-CPU l1/l2 page
// pools). L2, the global pool, is a bitmap with one bit per frame, 1 = not in the pool (handed
// out, held in a CPU cache, reserved, or a hole between ranges), 0 = free. It is searched
// next-fit from a cursor that moves past each allocation, scanning whole words (64 frames) at a
// time, and is guarded by the caller's PoolLock. L1 is a stack of at most
// Limits.PageFrameCacheCapacity free single frames per CPU. A single-frame allocate pops the
// CPU's stack and a free pushes on it, touching nothing shared but a read of the frame's bitmap
// word; only when the stack is empty (refill) or full (drain) does the CPU take the pool lock and
// move Limits.PageFrameCacheBatchFrames frames. Runs come from the pool directly and go back to it.
//
// Invariant: every usable frame is in exactly one of: the pool (bit 0), one CPU cache (bit 1),
// the caller's hands (bit 1); every frame outside the ranges has bit 1 forever. Why it holds:
// bits change only under the pool lock, and each change moves a frame between the pool and one
// owner (a cache in refill/drain, a caller in run allocate/free), asserting the bit's old value;
// a cache is touched only by its own CPU. The counts are exact for the same reason:
// PoolFreeFrames changes with the bits, and each cache's Count with its stack.
//
// Misuse caught (Invariant: panic on metal, InvalidOperationException hosted): freeing an
// address that is not frame-aligned or not inside one managed range; freeing a frame that is free
// in the pool; freeing a frame twice on the same CPU while it is still in that CPU's cache (a scan
// of at most PageFrameCacheCapacity entries). Not caught at once: a frame freed on two different
// CPUs, or given to Free and then to FreeRun, sits in a cache twice or is in a cache and the pool;
// the second drain or the run allocation that finds it then fails its assertion. Catching it at
// once would need a write to shared per-frame state on every free, which L1 exists to avoid.
//
// Departures from OSv: a bitmap instead of OSv's tree of free page ranges (fixed memory, no
// allocation after construction, and contiguous runs fall out of the scan); the pool never waits
// for memory to be reclaimed: it fails, and Allocate* panic naming the requester. A request fails
// while other CPUs' caches may still hold free frames (at most PageFrameCacheCapacity each): a
// cache is reachable only from its own CPU. Run allocations first return the caller's own cache to
// the pool before failing.
//
// Caller rules: the cpu argument is the calling CPU, and its cache is used with preemption (on
// metal, interrupts) off, so that nothing else runs on it mid-operation; hosted, one thread per
// cpu index. PoolLock must be usable from wherever frames are allocated (an interrupts-off
// spinlock on metal). The bitmap array holds PhysicalRanges.BitmapWordCount(ranges) words or
// more and belongs to the allocator from then on. After an invariant failure the allocator is
// not usable (a pool lock may still be held).
using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;
using OSv.Core.Boot;
using OSv.Core.Diagnostics;

namespace OSv.Core.Memory
{
    // The global pool's lock. An abstract class, not an interface: a virtual call is one indirect
    // call, while OSv.Runtime's interface dispatch has no cell cache yet and resolves every
    // interface call through CoreLib.
    public abstract class PoolLock
    {
        public abstract void Enter();
        public abstract void Exit();
    }

    public sealed class PageFrameAllocator
    {
        public const ulong FrameSizeBytes = PhysicalRanges.FrameSizeBytes;
        public const int LargeRunFrames = PhysicalRanges.LargeRunFrames;

        private const int FrameShift = PhysicalRanges.FrameShift;
        private const int WordShift = 6;
        private const int WordMask = 63;
        private const ulong FullWord = ulong.MaxValue;

        // One CPU's L1. Only its CPU writes it; other CPUs read Count and the counters for
        // statistics (Volatile.Read, approximate while that CPU runs). Allocated in CPU order, so
        // each cache's hot fields are separated from the next CPU's by its 512-byte frame array.
        private sealed class CpuCache
        {
            public readonly ulong[] Frames = new ulong[Limits.PageFrameCacheCapacity];
            public int Count;
            public long AllocationCount;
            public long FreeCount;
            public long FailedCount;
        }

        private readonly PoolLock _poolLock;
        private readonly ulong[] _bitmap;
        private readonly ulong _baseAddress;
        private readonly long _spanFrames;
        private readonly long _totalFrames;
        private readonly ulong[] _rangeStarts;
        private readonly ulong[] _rangeEnds;
        private readonly CpuCache[] _caches;

        // Under _poolLock; read without it (Volatile.Read) only for statistics.
        private long _cursorFrame;
        private long _poolFreeFrames;
        private long _runAllocationCount;
        private long _runFreeCount;
        private long _runFailedCount;
        private long _refillCount;
        private long _drainCount;

        // usableRanges: PhysicalRanges.TryCompute's output. bitmapWords: see the caller rules.
        public PageFrameAllocator(System.ReadOnlySpan<MemoryRegion> usableRanges, ulong[] bitmapWords, int cpuCount, PoolLock poolLock)
        {
            Invariant.Assert(usableRanges.Length >= 1, "PageFrameAllocator: no usable ranges");
            Invariant.Assert(usableRanges.Length <= Limits.PhysicalRangesMax, "PageFrameAllocator: more ranges than PhysicalRangesMax");
            Invariant.Assert(PhysicalRanges.AreCanonical(usableRanges), "PageFrameAllocator: ranges not frame-aligned, sorted and separated");
            Invariant.Assert(cpuCount >= 1 && cpuCount <= Limits.PageFrameCpusMax, "PageFrameAllocator: cpu count out of range");
            Invariant.Assert(bitmapWords.Length >= PhysicalRanges.BitmapWordCount(usableRanges), "PageFrameAllocator: bitmap too small");
            _poolLock = poolLock;
            _bitmap = bitmapWords;
            _baseAddress = PhysicalRanges.BitmapBase(usableRanges);
            _spanFrames = PhysicalRanges.SpanFrameCount(usableRanges);
            _rangeStarts = new ulong[usableRanges.Length];
            _rangeEnds = new ulong[usableRanges.Length];
            for (int i = 0; i < _bitmap.Length; i++)
                _bitmap[i] = FullWord; // holes, and the tail of the last word, stay "in use" forever
            for (int i = 0; i < usableRanges.Length; i++)
            {
                _rangeStarts[i] = usableRanges[i].Start;
                _rangeEnds[i] = usableRanges[i].End;
                long frames = (long)(usableRanges[i].SizeBytes >> FrameShift);
                FillRange(FrameIndex(usableRanges[i].Start), frames, false);
                _totalFrames += frames;
            }
            _poolFreeFrames = _totalFrames;
            _caches = new CpuCache[cpuCount];
            for (int i = 0; i < cpuCount; i++)
                _caches[i] = new CpuCache();
        }

        public int CpuCount => _caches.Length;
        public long TotalFrames => _totalFrames;

        // Frames in the pool plus frames in CPU caches: not in any caller's hands.
        public long FreeFrames => PoolFreeFrames + CachedFrames;

        public long PoolFreeFrames => Volatile.Read(ref _poolFreeFrames);

        public long CachedFrames
        {
            get
            {
                long frames = 0;
                for (int i = 0; i < _caches.Length; i++)
                    frames += Volatile.Read(ref _caches[i].Count);
                return frames;
            }
        }

        public int CachedFrameCount(int cpu) => Volatile.Read(ref CacheOf(cpu).Count);

        // Successful allocations (a run counts once), frees (likewise) and refused requests.
        public long AllocationCount => SumCaches(0) + Volatile.Read(ref _runAllocationCount);
        public long FreeCount => SumCaches(1) + Volatile.Read(ref _runFreeCount);
        public long FailedAllocationCount => SumCaches(2) + Volatile.Read(ref _runFailedCount);

        // Batches moved from the pool into a cache, and from a cache back to the pool.
        public long RefillCount => Volatile.Read(ref _refillCount);
        public long DrainCount => Volatile.Read(ref _drainCount);

        // One frame. Fast path: pop the CPU's cache; slow path: refill it from the pool.
        public bool TryAllocate(int cpu, out ulong physicalAddress)
        {
            CpuCache cache = CacheOf(cpu);
            if (cache.Count == 0 && !Refill(cache))
            {
                cache.FailedCount++;
                physicalAddress = 0;
                return false;
            }
            int top = cache.Count - 1;
            ulong address = cache.Frames[top];
            cache.Count = top;
            if (!IsInUse(FrameIndex(address)))
                FailFrame("PageFrameAllocator: a cached frame is free in the pool: ", address);
            cache.AllocationCount++;
            physicalAddress = address;
            return true;
        }

        public ulong Allocate(int cpu, string requester)
        {
            if (!TryAllocate(cpu, out ulong physicalAddress))
                PanicOutOfMemory(requester, 1);
            return physicalAddress;
        }

        // One frame back. Fast path: push on the CPU's cache; slow path: drain a batch first.
        public void Free(int cpu, ulong physicalAddress)
        {
            CpuCache cache = CacheOf(cpu);
            long frame = ManagedFrameIndex(physicalAddress, 1);
            // A plain read of a word others change under the lock: 8-byte aligned reads are atomic
            // on x86-64, and this frame's bit cannot change while its owner (the caller) has it.
            if (!IsInUse(frame))
                FailFrame("PageFrameAllocator: double free (the frame is free in the pool): ", physicalAddress);
            for (int i = 0; i < cache.Count; i++)
            {
                if (cache.Frames[i] == physicalAddress)
                    FailFrame("PageFrameAllocator: double free (the frame is in this CPU's cache): ", physicalAddress);
            }
            if (cache.Count == Limits.PageFrameCacheCapacity)
                Drain(cache, Limits.PageFrameCacheBatchFrames);
            cache.Frames[cache.Count] = physicalAddress;
            cache.Count++;
            cache.FreeCount++;
        }

        // frameCount physically contiguous frames, from the pool.
        public bool TryAllocateRun(int cpu, int frameCount, out ulong physicalAddress) =>
            TryAllocateAligned(cpu, frameCount, 1, out physicalAddress);

        public ulong AllocateRun(int cpu, int frameCount, string requester)
        {
            if (!TryAllocateRun(cpu, frameCount, out ulong physicalAddress))
                PanicOutOfMemory(requester, frameCount);
            return physicalAddress;
        }

        // LargeRunFrames contiguous frames at a 2 MiB-aligned address, for a large mapping.
        public bool TryAllocateLargeRun(int cpu, out ulong physicalAddress) =>
            TryAllocateAligned(cpu, LargeRunFrames, LargeRunFrames, out physicalAddress);

        public ulong AllocateLargeRun(int cpu, string requester)
        {
            if (!TryAllocateLargeRun(cpu, out ulong physicalAddress))
                PanicOutOfMemory(requester, LargeRunFrames);
            return physicalAddress;
        }

        // Frames back to the pool directly: a run, or any frames the caller holds contiguously.
        public void FreeRun(ulong physicalAddress, int frameCount)
        {
            Invariant.Assert(frameCount >= 1, "PageFrameAllocator: freeing an empty run");
            long first = ManagedFrameIndex(physicalAddress, frameCount);
            _poolLock.Enter();
            if (FindNextClear(first, first + frameCount) != first + frameCount)
                FailFrame("PageFrameAllocator: double free (part of the run is free in the pool): ", physicalAddress);
            FillRange(first, frameCount, false);
            _poolFreeFrames += frameCount;
            _runFreeCount++;
            _poolLock.Exit();
        }

        // Returns all of a CPU's cached frames to the pool (the CPU goes idle or offline).
        public void DrainCache(int cpu)
        {
            CpuCache cache = CacheOf(cpu);
            if (cache.Count > 0)
                Drain(cache, cache.Count);
        }

        // The panic text of Allocate* (public so that tests can check it without exiting).
        public string OutOfMemoryReason(string requester, long frameCount)
        {
            Span<byte> text = stackalloc byte[OutOfMemoryReasonBytesMax];
            int length = FormatOutOfMemoryReason(text, requester, frameCount);
            var chars = new char[length];
            for (int i = 0; i < length; i++)
                chars[i] = (char)text[i];
            return new string(chars);
        }

        // Longest panic text; a longer requester name is cut.
        private const int OutOfMemoryReasonBytesMax = 160;

        // "out of memory: <requester> asked for N pages (F free, T total)" as ASCII, without
        // allocating: when frames run out, the object heap may have none to give a string either
        // (its pages come from here). Returns the bytes written.
        private int FormatOutOfMemoryReason(Span<byte> text, string requester, long frameCount)
        {
            int length = 0;
            AppendAscii(text, ref length, "out of memory: ");
            AppendAscii(text, ref length, requester);
            AppendAscii(text, ref length, " asked for ");
            AppendDecimal(text, ref length, frameCount);
            AppendAscii(text, ref length, " pages (");
            AppendDecimal(text, ref length, FreeFrames);
            AppendAscii(text, ref length, " free, ");
            AppendDecimal(text, ref length, TotalFrames);
            AppendAscii(text, ref length, " total)");
            return length;
        }

        private static void AppendAscii(Span<byte> text, ref int length, string value)
        {
            for (int i = 0; i < value.Length && length < text.Length; i++)
                text[length++] = value[i] < 128 ? (byte)value[i] : (byte)'?';
        }

        private static void AppendDecimal(Span<byte> text, ref int length, long value)
        {
            Span<byte> digits = stackalloc byte[20];
            ulong remaining = value < 0 ? 0 : (ulong)value;
            int count = 0;
            do
            {
                digits[digits.Length - ++count] = (byte)('0' + (int)(remaining % 10));
                remaining /= 10;
            }
            while (remaining != 0);
            for (int i = digits.Length - count; i < digits.Length && length < text.Length; i++)
                text[length++] = digits[i];
        }

        // O(frames): for tests and debugging, with no other operation in progress.
        public void CheckInvariants()
        {
            long clearBits = 0;
            for (int i = 0; i < _bitmap.Length; i++)
                clearBits += BitOperations.PopCount(~_bitmap[i]);
            Invariant.Assert(clearBits == _poolFreeFrames, "PageFrameAllocator: pool count differs from the bitmap");
            long previousEnd = 0;
            for (int r = 0; r <= _rangeStarts.Length; r++)
            {
                long holeEnd = r < _rangeStarts.Length ? FrameIndex(_rangeStarts[r]) : _spanFrames;
                Invariant.Assert(FindNextClear(previousEnd, holeEnd) == holeEnd, "PageFrameAllocator: a frame outside the ranges is free");
                if (r < _rangeStarts.Length)
                    previousEnd = FrameIndex(_rangeEnds[r]);
            }
            long cached = 0;
            for (int c = 0; c < _caches.Length; c++)
            {
                CpuCache cache = _caches[c];
                Invariant.Assert(cache.Count >= 0 && cache.Count <= Limits.PageFrameCacheCapacity, "PageFrameAllocator: cache count out of range");
                for (int i = 0; i < cache.Count; i++)
                {
                    Invariant.Assert(IsInUse(ManagedFrameIndex(cache.Frames[i], 1)), "PageFrameAllocator: a cached frame is free in the pool");
                    Invariant.Assert(CountCached(cache.Frames[i]) == 1, "PageFrameAllocator: a frame is cached twice");
                }
                cached += cache.Count;
            }
            Invariant.Assert(_poolFreeFrames + cached <= _totalFrames, "PageFrameAllocator: more free frames than frames");
        }

        private CpuCache CacheOf(int cpu)
        {
            Invariant.Assert((uint)cpu < (uint)_caches.Length, "PageFrameAllocator: cpu index out of range");
            return _caches[cpu];
        }

        // Slow path of TryAllocate: one batch from the pool, lowest address on top.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private bool Refill(CpuCache cache)
        {
            _poolLock.Enter();
            int taken = TakeFromPool(cache.Frames, Limits.PageFrameCacheBatchFrames);
            if (taken > 0)
                _refillCount++;
            cache.Count = taken;
            _poolLock.Exit();
            for (int low = 0, high = taken - 1; low < high; low++, high--)
            {
                ulong swapped = cache.Frames[low];
                cache.Frames[low] = cache.Frames[high];
                cache.Frames[high] = swapped;
            }
            return taken > 0;
        }

        // Slow path of Free: the oldest count frames (bottom of the stack) go back to the pool; the
        // most recently freed, likeliest still in this CPU's data cache, stay.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Drain(CpuCache cache, int count)
        {
            Invariant.Assert(count >= 1 && count <= cache.Count, "PageFrameAllocator: drain count out of range");
            _poolLock.Enter();
            ReturnToPool(cache, count);
            _poolLock.Exit();
        }

        // Under the pool lock.
        private void ReturnToPool(CpuCache cache, int count)
        {
            for (int i = 0; i < count; i++)
            {
                long frame = FrameIndex(cache.Frames[i]);
                if (!IsInUse(frame))
                    FailFrame("PageFrameAllocator: a frame was freed twice (found in the pool while draining a cache): ", cache.Frames[i]);
                _bitmap[WordOf(frame)] &= ~(1UL << (int)(frame & WordMask));
            }
            for (int i = count; i < cache.Count; i++)
                cache.Frames[i - count] = cache.Frames[i];
            cache.Count -= count;
            _poolFreeFrames += count;
            _drainCount++;
        }

        // Under the pool lock: up to wanted free frames, next-fit from the cursor, wrapping once.
        private int TakeFromPool(ulong[] destination, int wanted)
        {
            if (_poolFreeFrames == 0)
                return 0;
            int taken = 0;
            long frame = _cursorFrame;
            long limit = _spanFrames;
            bool wrapped = false;
            while (taken < wanted) // each round takes a frame, or ends a pass (at most two)
            {
                long next = FindNextClear(frame, limit);
                if (next == limit)
                {
                    if (wrapped || _cursorFrame == 0)
                        break;
                    wrapped = true;
                    frame = 0;
                    limit = _cursorFrame;
                    continue;
                }
                _bitmap[WordOf(next)] |= 1UL << (int)(next & WordMask);
                destination[taken++] = AddressOf(next);
                frame = next + 1;
            }
            _poolFreeFrames -= taken;
            _cursorFrame = frame < _spanFrames ? frame : 0;
            return taken;
        }

        private bool TryAllocateAligned(int cpu, int frameCount, int alignFrames, out ulong physicalAddress)
        {
            Invariant.Assert(frameCount >= 1, "PageFrameAllocator: allocating an empty run");
            CpuCache cache = CacheOf(cpu);
            _poolLock.Enter();
            long first = FindRun(frameCount, alignFrames);
            if (first < 0 && cache.Count > 0)
            {
                // This CPU's cached frames may be what empties or fragments the pool.
                ReturnToPool(cache, cache.Count);
                first = FindRun(frameCount, alignFrames);
            }
            if (first >= 0)
            {
                Invariant.Assert(FindNextSet(first, first + frameCount) == first + frameCount, "PageFrameAllocator: run search returned frames not in the pool");
                FillRange(first, frameCount, true);
                _poolFreeFrames -= frameCount;
                _runAllocationCount++;
                _cursorFrame = first + frameCount < _spanFrames ? first + frameCount : 0;
            }
            else
            {
                _runFailedCount++;
            }
            _poolLock.Exit();
            physicalAddress = first >= 0 ? AddressOf(first) : 0;
            return first >= 0;
        }

        // Under the pool lock: the first free run at or after the cursor, else from the start.
        // A run starting before the cursor ends before cursor + frameCount, so the second pass
        // stops there.
        private long FindRun(int frameCount, int alignFrames)
        {
            if (_poolFreeFrames < frameCount)
                return -1;
            long found = SearchRun(_cursorFrame, _spanFrames, frameCount, alignFrames);
            if (found < 0 && _cursorFrame > 0)
            {
                long limit = _cursorFrame + frameCount < _spanFrames ? _cursorFrame + frameCount : _spanFrames;
                found = SearchRun(0, limit, frameCount, alignFrames);
            }
            return found;
        }

        // The first aligned start in [from, limit) followed by frameCount clear bits, or -1.
        // Bounded: start strictly increases each round (blocker ≥ aligned ≥ start).
        private long SearchRun(long from, long limit, long frameCount, long alignFrames)
        {
            long start = from;
            while (true)
            {
                start = FindNextClear(start, limit);
                if (start >= limit)
                    return -1;
                long aligned = (start + alignFrames - 1) & ~(alignFrames - 1);
                if (aligned + frameCount > limit)
                    return -1;
                long blocker = FindNextSet(aligned, aligned + frameCount);
                if (blocker == aligned + frameCount)
                    return aligned;
                start = blocker + 1;
            }
        }

        // The frame index of [address, address + frameCount frames), which must lie in one range.
        private long ManagedFrameIndex(ulong address, long frameCount)
        {
            if ((address & (FrameSizeBytes - 1)) != 0)
                FailFrame("PageFrameAllocator: freeing an address that is not frame-aligned: ", address);
            int low = 0;
            int high = _rangeStarts.Length - 1;
            int found = -1;
            while (low <= high) // the last range starting at or below address
            {
                int middle = (low + high) >> 1;
                if (_rangeStarts[middle] <= address)
                {
                    found = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }
            if (found < 0 || address >= _rangeEnds[found] || (ulong)frameCount > (_rangeEnds[found] - address) >> FrameShift)
                FailFrame("PageFrameAllocator: freeing a frame outside the managed ranges: ", address);
            return FrameIndex(address);
        }

        private long FrameIndex(ulong address) => (long)((address - _baseAddress) >> FrameShift);

        private ulong AddressOf(long frame) => _baseAddress + ((ulong)frame << FrameShift);

        // Word indices fit an int (Limits.PhysicalMemoryBytesMax: 2^22 words). An explicit cast:
        // indexing an array with a long compiles to a checked conversion (an overflow test and a
        // throw path on every bitmap access) that this bounded index never needs.
        private static int WordOf(long frame) => (int)(frame >> WordShift);

        private bool IsInUse(long frame) => (_bitmap[WordOf(frame)] & (1UL << (int)(frame & WordMask))) != 0;

        // Index of the first clear bit in [from, limit), or limit.
        private long FindNextClear(long from, long limit)
        {
            if (from >= limit)
                return limit;
            int word = WordOf(from);
            ulong clear = ~_bitmap[word] & (FullWord << (int)(from & WordMask));
            while (clear == 0)
            {
                word++;
                if ((long)word << WordShift >= limit)
                    return limit;
                clear = ~_bitmap[word];
            }
            long index = ((long)word << WordShift) + BitOperations.TrailingZeroCount(clear);
            return index < limit ? index : limit;
        }

        // Index of the first set bit in [from, limit), or limit.
        private long FindNextSet(long from, long limit)
        {
            if (from >= limit)
                return limit;
            int word = WordOf(from);
            ulong set = _bitmap[word] & (FullWord << (int)(from & WordMask));
            while (set == 0)
            {
                word++;
                if ((long)word << WordShift >= limit)
                    return limit;
                set = _bitmap[word];
            }
            long index = ((long)word << WordShift) + BitOperations.TrailingZeroCount(set);
            return index < limit ? index : limit;
        }

        // Sets or clears count bits from first, a word at a time.
        private void FillRange(long first, long count, bool inUse)
        {
            long end = first + count;
            while (first < end)
            {
                int bit = (int)(first & WordMask);
                long inWord = 64 - bit < end - first ? 64 - bit : end - first;
                ulong mask = (inWord == 64 ? FullWord : (1UL << (int)inWord) - 1) << bit;
                if (inUse)
                    _bitmap[WordOf(first)] |= mask;
                else
                    _bitmap[WordOf(first)] &= ~mask;
                first += inWord;
            }
        }

        private int CountCached(ulong address)
        {
            int copies = 0;
            for (int c = 0; c < _caches.Length; c++)
            {
                for (int i = 0; i < _caches[c].Count; i++)
                {
                    if (_caches[c].Frames[i] == address)
                        copies++;
                }
            }
            return copies;
        }

        private long SumCaches(int counter)
        {
            long sum = 0;
            for (int i = 0; i < _caches.Length; i++)
            {
                CpuCache cache = _caches[i];
                sum += counter == 0 ? Volatile.Read(ref cache.AllocationCount)
                    : counter == 1 ? Volatile.Read(ref cache.FreeCount)
                    : Volatile.Read(ref cache.FailedCount);
            }
            return sum;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void FailFrame(string what, ulong address) => Invariant.Fail(what + "0x" + address.ToString("x"));

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void PanicOutOfMemory(string requester, long frameCount)
        {
            Span<byte> text = stackalloc byte[OutOfMemoryReasonBytesMax];
            Machine.Panic(text.Slice(0, FormatOutOfMemoryReason(text, requester, frameCount)));
        }
    }
}
