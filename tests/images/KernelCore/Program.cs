// Kernel-core checks inside the guest. Exits with 42 when every check passed. "wall-clock" runs
// only the wall-clock checks.
using System;
using OSv.Core;

// Only the wall clock, for the host to compare with its own time right after the boot.
if (args.Length == 1 && args[0] == "wall-clock")
{
    WallClock.Report();
    WallClock.AdvancesWithSleep();
    return Check.Failed == 0 ? 42 : Check.Failed;
}

if (args.Length > 0)
{
    Failures.Raise(args[0]);
    Console.WriteLine("FAIL failure scenario did not stop the machine");
    return 100;
}

Console.WriteLine("kernel core on " + Machine.Platform);
Console.WriteLine("processors online: " + Machine.ProcessorCount);
Threads.StartAndJoin();
Threads.ParkAndUnpark();
Threads.ParkTimeout();
Threads.ParkLongTimeout();
Threads.Sleeping();
Threads.Preemption();
Threads.Yielding();
Threads.ManyThreads();
Synchronisation.MutexExclusion();
Synchronisation.ProducerConsumer();
Synchronisation.Semaphores();
DeviceInterrupts.SerialTransmitInterrupt();
Processors.PinnedThreadsRunWhereTold();
Processors.CrossProcessorPingPong();
Processors.WakeHaltedProcessor();
Processors.PlacementSpreads();
Processors.BalancerMigrates();
RuntimeSupport.ExceptionChainSlotIsPerThread();
RuntimeSupport.RegistryListsLiveThreads();
RuntimeSupport.StopAndResumeTheWorld();
RuntimeSupport.HardwareRandom();
RuntimeSupport.ManagedFaultHook();
WallClock.Report();
WallClock.AdvancesWithSleep();
Console.WriteLine("SUMMARY passed=" + Check.Passed + " failed=" + Check.Failed);
return Check.Failed == 0 ? 42 : Check.Failed;
