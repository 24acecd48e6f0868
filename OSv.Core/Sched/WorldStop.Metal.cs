// Stopping every other CPU for the runtime's collector, and letting them go again.
//
// The initiator sends the stop IPI (LocalApic.StopVector) to every other online CPU and waits
// until each has acknowledged. A CPU takes the IPI through interrupt_common (cpu.S), which saves
// every general register of the interrupted code in a trap frame on the interrupted thread's
// stack and the SSE state below it; the handler records that frame and its own stack pointer in
// the thread (Thread.StoppedRegistersAddress, Thread.StoppedStackPointer), acknowledges, and
// spins with interrupts off until the initiator bumps the release generation. So while the world
// is stopped, every thread is either the initiator, or switched out (its registers at
// Thread.SavedStackPointer), or the running thread of a stopped CPU (its registers in the stop
// frame): no thread runs, none can be switched, and each one's stack range is known.
//
// Why it cannot deadlock: one initiator at a time (s_initiating), taken with interrupts off so
// the holder cannot be preempted or migrated; a CPU that loses the race for it re-enables
// interrupts between attempts, so it takes the winner's stop IPI. A CPU with interrupts off
// takes the IPI as soon as it turns them back on: kernel code keeps interrupts off only for
// short, bounded sections (spin locks, the scheduler), none of which waits for the initiator.
//
// Generations: a stopped CPU reads the generation before acknowledging; the initiator bumps it
// only after every acknowledgement, so no stopped CPU can miss its release, and a CPU still
// leaving an old stop when a new one starts simply takes the new IPI after its iretq.
//
// Caller rules: call from a thread (not an interrupt handler), holding no spin lock; between
// Stop and Resume, do not block, sleep, or wait for another thread (they are all stopped), and do
// not allocate from anything that might wait. Resume takes the token Stop returned.
using System.Threading;
using OSv.Core.Arch.X64;
using OSv.Core.Time;

namespace OSv.Core.Sched
{
    public static unsafe class WorldStop
    {
        // A CPU that does not acknowledge in this long has interrupts off for good: a kernel bug.
        // Generous: under TCG on a shared machine a vCPU may not run for a while.
        private const long AcknowledgeTimeoutNanoseconds = 10 * Clock.NanosecondsPerSecond;

        private static int s_initiating;
        private static int s_acknowledged;
        private static int s_generation;
        private static long s_stopCount;

        // Completed stops since boot.
        public static long StopCount => Volatile.Read(ref s_stopCount);

        // Whether the world is stopped now (by the caller, if it is the caller that stopped it).
        public static bool IsStopped => Volatile.Read(ref s_initiating) != 0;

        // Stops every other CPU; returns, with interrupts off and the calling thread pinned to its
        // CPU, once all of them have saved their state and acknowledged. Returns the token for
        // Resume (the caller's interrupt flag).
        public static ulong StopOtherProcessors()
        {
            ulong flags = TakeInitiator();
            int self = Cpu.CurrentIndex();
            int cpus = Scheduler.CpuCount;
            Volatile.Write(ref s_acknowledged, 0);
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                if (cpu != self)
                    LocalApic.SendFixed(Scheduler.ApicIdOf(cpu), LocalApic.StopVector);
            }
            WaitForAcknowledgements(cpus - 1);
            return flags;
        }

        // Lets the stopped CPUs go and restores the caller's interrupt flag.
        public static void ResumeOtherProcessors(ulong token)
        {
            Interlocked.Increment(ref s_stopCount);
            Interlocked.Increment(ref s_generation); // full barrier: the collector's writes first
            Volatile.Write(ref s_initiating, 0);
            Cpu.RestoreInterrupts(token);
        }

        private static ulong TakeInitiator()
        {
            while (true)
            {
                ulong flags = Cpu.DisableInterrupts();
                // Acquire: the previous initiator's release (and its collector's writes) are seen.
                if (Interlocked.CompareExchange(ref s_initiating, 1, 0) == 0)
                    return flags;
                Cpu.RestoreInterrupts(flags); // the winner's stop IPI can reach this CPU here
                Cpu.Pause();
            }
        }

        private static void WaitForAcknowledgements(int expected)
        {
            long deadline = Clock.NowNanoseconds + AcknowledgeTimeoutNanoseconds;
            while (Volatile.Read(ref s_acknowledged) < expected)
            {
                if (Clock.NowNanoseconds > deadline)
                    Machine.Panic("WorldStop: a CPU did not acknowledge the stop IPI (interrupts off for good?)");
                Cpu.Pause();
            }
        }

        // The stop IPI, on a stopped CPU: interrupts off, on the interrupted thread's stack.
        internal static void OnStopInterrupt(TrapFrame* frame)
        {
            ulong handlerStackMarker = 0;
            Thread? running = Scheduler.CurrentOrNull;
            int generation = Volatile.Read(ref s_generation);
            if (running != null)
            {
                running.StoppedRegistersValue = (ulong)frame;
                running.StoppedStackPointerValue = (ulong)&handlerStackMarker;
            }
            // Full barrier: the records above are visible before the initiator counts this CPU.
            Interlocked.Increment(ref s_acknowledged);
            while (Volatile.Read(ref s_generation) == generation)
                Cpu.Pause();
            if (running != null)
            {
                running.StoppedStackPointerValue = 0;
                running.StoppedRegistersValue = 0;
            }
        }
    }
}
