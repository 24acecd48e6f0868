// The registry's lock on metal: interrupts off while held (see ThreadRegistry.cs).
namespace OSv.Core.Sched
{
    public sealed partial class Thread
    {
        private static Internal.Runtime.InterruptsOffSpinLock s_registryLock;

        private static ulong EnterRegistry() => s_registryLock.Enter();

        private static void ExitRegistry(ulong flags) => s_registryLock.Exit(flags);
    }
}
