// Each thread's thread pointer (the FS base C code reads its TLS through) follows the thread
// across voluntary switches (yield, sleep) and preemption, on every vCPU: more spinning threads
// than vCPUs, each with its own block, read back through fs:[0] and fs:[8] many times. Then a
// thread with a 1 MiB stack uses more than the default 64 KiB.
using System;
using OSv.Core;
using OSv.Core.Sched;
using OSv.Core.Time;

internal static unsafe class ThreadPointers
{
    private const int ThreadCount = 4;
    private const int Rounds = 2000;
    private const ulong TagBase = 0x05F5_0000_0000;

    public static void EachThreadSeesItsOwn()
    {
        var mismatches = new int[ThreadCount];
        var reads = new long[ThreadCount];
        var threads = new Thread[ThreadCount];
        for (int i = 0; i < ThreadCount; i++)
        {
            int index = i;
            threads[i] = Thread.Start(() => Run(index, ref mismatches[index], ref reads[index]), "tp" + i.ToString(), 128 * 1024);
        }
        long totalReads = 0;
        int totalMismatches = 0;
        for (int i = 0; i < ThreadCount; i++)
        {
            threads[i].Join();
            totalReads += reads[i];
            totalMismatches += mismatches[i];
        }
        Check.Equal("threadpointer.each.thread.reads.its.own", 0, totalMismatches);
        Check.That("threadpointer.reads.done", totalReads >= (long)ThreadCount * Rounds * 2);
        Check.Equal("threadpointer.main.untouched", 0, (long)Thread.Current.ThreadPointer);
    }

    // Block layout as x86-64 TLS: [0] points to itself (the TCB's self pointer), [1] a tag.
    private static void Run(int index, ref int mismatches, ref long reads)
    {
        ulong* block = (ulong*)new ulong[4].AsPointerForever();
        block[0] = (ulong)block;
        block[1] = TagBase + (ulong)index;
        Thread.SetCurrentThreadPointer((ulong)block);
        for (int round = 0; round < Rounds; round++)
        {
            if (round % 3 == 0)
                Thread.Yield();
            else if (round % 97 == 0)
                Thread.Sleep(100_000);
            else
                Spin(); // long enough for the scheduler to preempt now and then
            if (Tls.ReadWord(0) != (ulong)block)
                mismatches++;
            if (Tls.ReadWord(8) != TagBase + (ulong)index)
                mismatches++;
            reads += 2;
        }
        if (Thread.Current.ThreadPointer != (ulong)block)
            mismatches++;
    }

    private static void Spin()
    {
        ulong sum = 0;
        for (int i = 0; i < 20_000; i++)
            sum += (ulong)i;
        s_sink = sum;
    }

    private static ulong s_sink;

    // Threads that never yield, one more than there are vCPUs: only preemption switches them.
    // A gap of PreemptionGapNs between two reads of the clock is a thread that was switched out.
    private const long SpinForNs = 400 * Clock.NanosecondsPerMillisecond;
    private const long PreemptionGapNs = 2 * Clock.NanosecondsPerMillisecond;

    public static void PreemptedThreadsSeeTheirOwn()
    {
        int count = Machine.ProcessorCount + 1;
        var mismatches = new int[count];
        var gaps = new int[count];
        var threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            int index = i;
            threads[i] = Thread.Start(() => SpinAndRead(index, ref mismatches[index], ref gaps[index]), "spin" + i.ToString(), 64 * 1024);
        }
        int totalMismatches = 0, totalGaps = 0;
        for (int i = 0; i < count; i++)
        {
            threads[i].Join();
            totalMismatches += mismatches[i];
            totalGaps += gaps[i];
        }
        Check.Equal("threadpointer.preempted.threads.read.their.own", 0, totalMismatches);
        Check.That("threadpointer.spinning.threads.were.preempted", totalGaps > 0);
    }

    private static void SpinAndRead(int index, ref int mismatches, ref int gaps)
    {
        ulong* block = (ulong*)new ulong[4].AsPointerForever();
        block[0] = (ulong)block;
        block[1] = TagBase + 0x100 + (ulong)index;
        Thread.SetCurrentThreadPointer((ulong)block);
        long start = Clock.NowNanoseconds;
        long previous = start;
        while (previous - start < SpinForNs)
        {
            if (Tls.ReadWord(0) != (ulong)block || Tls.ReadWord(8) != TagBase + 0x100 + (ulong)index)
                mismatches++;
            long now = Clock.NowNanoseconds;
            if (now - previous >= PreemptionGapNs)
                gaps++;
            previous = now;
        }
    }

    public static void LargeStack()
    {
        long depth = 0;
        Thread deep = Thread.Start(() => depth = Recurse(200), "large-stack", 1024 * 1024);
        deep.Join();
        Check.Equal("thread.large.stack.deep.recursion", 200, depth);
    }

    // About 4 KiB of stack per level: 200 levels need 800 KiB, far beyond the default 64 KiB.
    private static long Recurse(int levels)
    {
        byte* frame = stackalloc byte[4000];
        frame[0] = (byte)levels;
        frame[3999] = (byte)levels;
        if (levels == 0)
            return 0;
        long below = Recurse(levels - 1);
        return frame[0] == (byte)levels && frame[3999] == (byte)levels ? below + 1 : below;
    }
}
