// SystemNative_CreateThread (CoreLib's Thread.StartCore on Unix NativeAOT) and SchedGetCpu, on
// OSv.Core's kernel threads. The new kernel thread calls startAddress(parameter): CoreLib passes
// an [UnmanagedCallersOnly] entry point, which enters managed code through the reverse-P/Invoke
// transition and runs the managed thread's body; its return value is ignored (as pthread's is).
//
// Stack size: 0 means the kernel's default; otherwise it is rounded up to whole pages. A size
// above OSv.Core's Thread.StackBytesMax fails (0, errno EINVAL), as pthread_attr_setstacksize
// fails for sizes it cannot honour. The result is 1 on success and 0 on failure (libSystem.Native
// returns a C bool). The closure that carries the start address is the one managed allocation,
// made by the creating thread in ordinary managed context.
using System;
using System.Runtime;
using OSv.Core.Sched;

namespace OSv.Runtime.Pal
{
    internal static unsafe class ThreadCreation
    {
        public const string ThreadName = ".NET thread";

        [RuntimeExport("SystemNative_CreateThread")]
        internal static int CreateThread(nint stackSize, delegate* unmanaged<nint, nint> startAddress, nint parameter)
        {
            if (startAddress == null || stackSize < 0 || stackSize > Thread.StackBytesMax)
            {
                ThreadErrno.Value = LinuxErrno.EINVAL;
                return 0;
            }
            var start = new ThreadStart(startAddress, parameter);
            if (stackSize == 0)
                Thread.Start(start.Run, ThreadName);
            else
                Thread.Start(start.Run, ThreadName, Thread.RoundStackBytes((int)stackSize));
            return 1;
        }

        [RuntimeExport("SystemNative_SchedGetCpu")]
        internal static int SchedGetCpu() => Thread.Current.Processor;

        private sealed class ThreadStart
        {
            private readonly delegate* unmanaged<nint, nint> _startAddress;
            private readonly nint _parameter;

            public ThreadStart(delegate* unmanaged<nint, nint> startAddress, nint parameter)
            {
                _startAddress = startAddress;
                _parameter = parameter;
            }

            // The thread's whole life; then the thread-exit callback, as NativeAOT's runtime
            // calls it when a thread detaches (CoreLib's Thread.Join waits for it).
            public void Run()
            {
                _startAddress(_parameter);
                ThreadExit.Run();
            }
        }
    }
}
