// Starting the other processors (Intel SDM vol. 3, 9.4.4: INIT, then two start-up IPIs). The
// ACPI MADT lists the CPUs; each application processor (AP) is started in turn through the
// real-mode trampoline (smp.S) copied to 0x8000, with a stack of its own, and reports in.
// An AP points its GS base at its per-CPU block, loads its own GDT and TSS (with its fault
// stack) and the shared IDT, enables its local APIC, reports, and becomes its scheduler's idle
// thread (Scheduler.RunProcessor). Everything an AP needs is allocated by the boot processor
// before the AP starts. With two CPUs or more, each CPU then gets a pinned load-balancer thread.
using System;
using System.Runtime.InteropServices;
using System.Threading;
using Internal.Runtime;
using OSv.Core.Arch.X64;
using OSv.Core.Boot;
using OSv.Core.Time;

namespace OSv.Core.Sched
{
    internal static unsafe class Smp
    {
        public const int CpusMax = 64;
        private const ulong TrampolineAddress = 0x8000;
        private const int ApStackPages = 4;
        private const long InitDelayNanoseconds = 10 * Clock.NanosecondsPerMillisecond;
        private const long StartupDelayNanoseconds = 200 * 1000;
        private const long ReportTimeoutNanoseconds = 200 * Clock.NanosecondsPerMillisecond;

        private static int s_onlineCount = 1;
        private static int s_reportedIndex = -1;

        // The descriptor tables of the AP being started, allocated by the boot processor.
        private static CpuTables.Block s_startingTables;

        // CPUs running: the boot processor plus every AP that reported in.
        public static int OnlineCount => s_onlineCount;

        public static void StartProcessors(ReadOnlySpan<byte> madt)
        {
            uint* apicIds = stackalloc uint[CpusMax];
            int count = Madt.FindCpus(madt, new Span<uint>(apicIds, CpusMax));
            if (count <= 1)
                return;
            ulong* layout = stackalloc ulong[6];
            Cpu.ApTrampolineLayout(layout);
            byte* trampoline = (byte*)TrampolineAddress;
            Buffer.MemoryCopy((void*)layout[0], trampoline, 4096, (long)layout[1]);
            *(ulong*)(trampoline + layout[2]) = Cpu.ReadCr3();
            *(ulong*)(trampoline + layout[4]) = (ulong)(delegate* unmanaged<int, void>)&ApplicationProcessorMain;
            uint self = LocalApic.Id;
            int nextIndex = 1;
            for (int i = 0; i < count; i++)
            {
                if (apicIds[i] == self)
                    continue;
                ulong stackTop = (ulong)Memory.PhysicalMemory.AllocatePages(ApStackPages, "a processor's stack") + ApStackPages * PageTables.PageBytes;
                *(ulong*)(trampoline + layout[3]) = stackTop;
                *(int*)(trampoline + layout[5]) = nextIndex;
                s_startingTables = CpuTables.Allocate();
                Scheduler.Prepare(nextIndex, apicIds[i], stackTop);
                if (Start(apicIds[i], nextIndex))
                {
                    s_onlineCount++;
                    nextIndex++;
                }
                else
                {
                    System.Console.WriteLine("smp: CPU with APIC id " + apicIds[i] + " did not start");
                }
            }
            if (s_onlineCount > 1)
                StartBalancers();
        }

        // OSv's load_balance thread, one per CPU, pinned there.
        private static void StartBalancers()
        {
            for (int cpu = 0; cpu < s_onlineCount; cpu++)
                Thread.StartOn(cpu, BalanceForever, "balancer");
        }

        private static void BalanceForever()
        {
            while (true)
            {
                Thread.Sleep(RunQueue.BalanceIntervalNs);
                Scheduler.Balance();
            }
        }

        private static bool Start(uint apicId, int index)
        {
            Volatile.Write(ref s_reportedIndex, -1); // read by the AP only after the IPIs
            LocalApic.SendInit(apicId);
            SpinFor(InitDelayNanoseconds);
            for (int attempt = 0; attempt < 2 && Volatile.Read(ref s_reportedIndex) != index; attempt++)
            {
                LocalApic.SendStartup(apicId, (uint)(TrampolineAddress >> 12));
                SpinFor(StartupDelayNanoseconds);
            }
            long deadline = Clock.NowNanoseconds + ReportTimeoutNanoseconds;
            while (Volatile.Read(ref s_reportedIndex) != index && Clock.NowNanoseconds < deadline)
            {
            }
            return Volatile.Read(ref s_reportedIndex) == index;
        }

        private static void SpinFor(long nanoseconds)
        {
            long deadline = Clock.NowNanoseconds + nanoseconds;
            while (Clock.NowNanoseconds < deadline)
            {
            }
        }

        // An AP, in long mode on its own stack, with interrupts off.
        [UnmanagedCallersOnly(EntryPoint = "osv_ap_main")]
        private static void ApplicationProcessorMain(int index)
        {
            Cpu.EnterCpu(index);
            Scheduler.AttachProcessor(index); // this stack is now the CPU's idle thread
            CpuTables.Load(s_startingTables);
            Cpu.LoadInterruptTable();
            LocalApic.InitializeThisProcessor();
            Volatile.Write(ref s_reportedIndex, index); // publishes that this AP runs
            Scheduler.RunProcessor(index);
        }
    }
}
