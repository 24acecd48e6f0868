using Internal.Runtime;
using System.Threading;

namespace System.Runtime.CompilerServices
{
    public static unsafe class RuntimeHelpers
    {
        // ilc expands array initialisers with constant data at compile time.
        [Intrinsic]
        public static void InitializeArray(Array array, RuntimeFieldHandle fldHandle) =>
            RuntimeFailure.FailFast("RuntimeHelpers.InitializeArray reached at run time");

        [Intrinsic]
        public static ReadOnlySpan<T> CreateSpan<T>(RuntimeFieldHandle fldHandle) => throw new PlatformNotSupportedException();

        [Intrinsic]
        public static bool IsReferenceOrContainsReferences<T>() => throw new PlatformNotSupportedException();

        public static int OffsetToStringData => sizeof(nint) + sizeof(int);

        // Objects never move in the interim heap, so the address is a stable identity hash.
        public static int GetHashCode(object? o)
        {
            if (o is null)
                return 0;
            nint address = *(nint*)AsPointer(ref o);
            return (int)address ^ (int)(address >> 32);
        }

        private static void* AsPointer(ref object o) => Unsafe.AsPointer(ref o);
    }

    public static class RuntimeFeature
    {
        // csc looks these up to allow default interface methods, static abstract members and
        // ref fields (Span<T> is built on one).
        public const string DefaultImplementationsOfInterfaces = nameof(DefaultImplementationsOfInterfaces);
        public const string VirtualStaticsInInterfaces = nameof(VirtualStaticsInInterfaces);
        public const string ByRefFields = nameof(ByRefFields);
        public const string NumericIntPtr = nameof(NumericIntPtr);
        public const string UnmanagedSignatureCallingConvention = nameof(UnmanagedSignatureCallingConvention);
        public const string CovariantReturnsOfClasses = nameof(CovariantReturnsOfClasses);
        public const string ByRefLikeGenerics = nameof(ByRefLikeGenerics);
    }

    // Lazily runs static constructors: ilc calls into here before an access to a type's statics
    // whenever the first word of the type's context (emitted by ilc) is non-zero. That word holds
    // the .cctor's address until a thread claims it, ClassConstructorRunner.Running while the
    // .cctor runs, and 0 once it has finished, after which ilc's inline check no longer calls here.
    public struct StaticClassConstructionContext
    {
        public nint cctorMethodAddress;
    }

    // Threads on several CPUs may reach a type at once: the first claims its .cctor and runs it,
    // and the others spin until it has finished, with interrupts on, so that the runner gets CPU
    // time even on a CPU it shares with them. As in .NET, an access from the thread running the
    // .cctor (the .cctor touching its own statics, or A -> B -> A on one thread) returns at once,
    // seeing the statics as far as they are set; so does a wait that would close a cycle across
    // threads (T1 runs A and waits for B while T2 runs B and waits for A), which would otherwise
    // hang both. Telling threads apart takes the kernel's CurrentThreadToken. The owners, and what
    // each owner waits for, sit in a small fixed table under a spinlock: nothing here allocates,
    // since any managed code, the kernel's earliest included, may arrive here.
    internal static unsafe class ClassConstructorRunner
    {
        internal const nint Running = 1;

        // .cctors in progress at once, over all threads, a nested one counting separately.
        private const int InProgressMax = 64;

        // Slot i: the context (0 if the slot is free), its owner's token, and the context that
        // owner is waiting for (0 if none). Only the owner frees its slot.
        private struct InProgressTable
        {
            public fixed long Contexts[InProgressMax];
            public fixed long Owners[InProgressMax];
            public fixed long Awaited[InProgressMax];
        }

        private static InProgressTable s_inProgress;
        private static InterruptsOffSpinLock s_lock;

        private static object CheckStaticClassConstructionReturnGCStaticBase(ref StaticClassConstructionContext context, object gcStaticBase)
        {
            EnsureClassConstructorRun(ref context);
            return gcStaticBase;
        }

        private static nint CheckStaticClassConstructionReturnNonGCStaticBase(ref StaticClassConstructionContext context, nint nonGcStaticBase)
        {
            EnsureClassConstructorRun(ref context);
            return nonGcStaticBase;
        }

        private static void EnsureClassConstructorRun(ref StaticClassConstructionContext context)
        {
            if (Volatile.Read(ref context.cctorMethodAddress) == 0)
                return;
            long self = KernelServices.CurrentThreadToken == null ? 0 : KernelServices.CurrentThreadToken();
            long key = (long)Unsafe.AsPointer(ref context);

            ulong flags = s_lock.Enter();
            nint cctor = context.cctorMethodAddress;
            if (cctor == 0)
            {
                s_lock.Exit(flags);
                return;
            }
            if (cctor != Running)
            {
                int slot = FindSlot(0);
                if (slot < 0)
                {
                    s_lock.Exit(flags);
                    RuntimeFailure.FailFast("class constructors: more than ", InProgressMax,
                        " in progress at once (ClassConstructorRunner.InProgressMax)");
                    return;
                }
                s_inProgress.Contexts[slot] = key;
                s_inProgress.Owners[slot] = self;
                s_inProgress.Awaited[slot] = 0;
                context.cctorMethodAddress = Running;
                s_lock.Exit(flags);

                ((delegate*<void>)cctor)();

                flags = s_lock.Enter();
                s_inProgress.Contexts[slot] = 0;
                Volatile.Write(ref context.cctorMethodAddress, 0);
                s_lock.Exit(flags);
                return;
            }
            if (RunsOrWaitsFor(self, key))
            {
                s_lock.Exit(flags);
                return;
            }
            bool marked = MarkAwaited(self, key);
            s_lock.Exit(flags);

            while (Volatile.Read(ref context.cctorMethodAddress) != 0)
                Processor.Pause();

            if (marked)
            {
                flags = s_lock.Enter();
                MarkAwaited(self, 0);
                s_lock.Exit(flags);
            }
        }

        // Under the lock: whether the .cctor of `context` is run by `self`, or by a thread that
        // waits, directly or down a chain of owners, for one that `self` runs. The chain has no
        // cycle (whoever would have closed one did not wait); the bound is only a safeguard.
        private static bool RunsOrWaitsFor(long self, long context)
        {
            for (int hop = 0; hop < InProgressMax && context != 0; hop++)
            {
                int slot = FindSlot(context);
                if (slot < 0)
                    return false;
                long owner = s_inProgress.Owners[slot];
                if (owner == self)
                    return true;
                context = AwaitedBy(owner);
            }
            return false;
        }

        private static int FindSlot(long context)
        {
            for (int i = 0; i < InProgressMax; i++)
            {
                if (s_inProgress.Contexts[i] == context)
                    return i;
            }
            return -1;
        }

        private static long AwaitedBy(long owner)
        {
            for (int i = 0; i < InProgressMax; i++)
            {
                if (s_inProgress.Contexts[i] != 0 && s_inProgress.Owners[i] == owner && s_inProgress.Awaited[i] != 0)
                    return s_inProgress.Awaited[i];
            }
            return 0;
        }

        // Records on the slots `self` owns what it waits for; a thread that runs no .cctor cannot
        // be part of a cycle and records nothing. Returns whether it owns any.
        private static bool MarkAwaited(long self, long context)
        {
            bool owns = false;
            for (int i = 0; i < InProgressMax; i++)
            {
                if (s_inProgress.Contexts[i] != 0 && s_inProgress.Owners[i] == self)
                {
                    s_inProgress.Awaited[i] = context;
                    owns = true;
                }
            }
            return owns;
        }
    }
}
