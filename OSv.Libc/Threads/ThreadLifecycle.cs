// pthread_create, join, detach, exit, self, equal, getattr_np, names and kill: the pthread side of
// a thread's life (LibcThread.cs describes the thread's side).
//
// Join and detach meet the exiting thread in one word, the descriptor's join state (bits
// ThreadRegistry.Exited, Detached, Joining, Foreign), changed only by CAS:
//   join     sets Joining (EINVAL if Detached or Joining already), parks until Exited, reads the
//            return value, frees the slot.
//   detach   sets Detached (EINVAL if Detached or Joining); if Exited was already set nobody else
//            will free the slot, so it frees it.
//   exit     sets Exited; if Detached was set, frees the slot; if Joining was set, wakes the
//            joiner. The return value is stored before the CAS (a full barrier), so a joiner that
//            sees Exited reads it.
// Exactly one of them frees the slot: the one whose CAS completes the pair (Exited with Detached
// or Joining), and only after the thread's last use of its LibcThread.
using System.Threading;
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class ThreadLifecycle
    {
        public const int SignalNone = 0;

        public static int Create(ulong* id, byte* attributes, nint startRoutine, nint argument)
        {
            if (id == null || startRoutine == 0)
                return ErrnoCodes.EINVAL;
            ThreadAttributes.Read(attributes, out long stackBytes, out bool detached);
            if (!ThreadRegistry.TryClaimForCreate(out LibcThread? thread))
                return ErrnoCodes.EAGAIN;
            LibcThread creator = LibcThread.Current;
            thread!.PrepareStart(startRoutine, argument, stackBytes, NameOf(creator));
            *ThreadRegistry.JoinStateOf(thread.Slot) = detached ? ThreadRegistry.Detached : 0;
            *id = ThreadRegistry.IdOf(thread.Slot); // before the thread runs, as glibc
            OSv.Libc.Posix.SingleThreaded.MarkMultiThreaded();
            thread.Start();
            return 0;
        }

        public static int Join(ulong id, nint* returnValue)
        {
            if (!ThreadRegistry.TryFind(id, out LibcThread? thread))
                return ErrnoCodes.ESRCH;
            if (thread == LibcThread.Current)
                return ErrnoCodes.EDEADLK;
            int* state = ThreadRegistry.JoinStateOf(thread!.Slot);
            int seen = Volatile.Read(ref *state);
            while (true)
            {
                if ((seen & (ThreadRegistry.Detached | ThreadRegistry.Joining | ThreadRegistry.Foreign)) != 0)
                    return ErrnoCodes.EINVAL; // not joinable, or another thread joins it
                int previous = Interlocked.CompareExchange(ref *state, seen | ThreadRegistry.Joining, seen);
                if (previous == seen)
                    break;
                seen = previous;
            }
            while (((seen = Volatile.Read(ref *state)) & ThreadRegistry.Exited) == 0) // acquire: the return value
                ParkingLot.Wait(state, seen, ParkingLot.NoDeadline);
            if (returnValue != null)
                *returnValue = thread.ReturnValue;
            ThreadRegistry.Release(thread.Slot);
            return 0;
        }

        public static int Detach(ulong id)
        {
            if (!ThreadRegistry.TryFind(id, out LibcThread? thread))
                return ErrnoCodes.ESRCH;
            int* state = ThreadRegistry.JoinStateOf(thread!.Slot);
            int seen = Volatile.Read(ref *state);
            while (true)
            {
                if ((seen & (ThreadRegistry.Detached | ThreadRegistry.Joining)) != 0)
                    return ErrnoCodes.EINVAL;
                int previous = Interlocked.CompareExchange(ref *state, seen | ThreadRegistry.Detached, seen);
                if (previous == seen)
                    break;
                seen = previous;
            }
            if ((seen & ThreadRegistry.Exited) != 0)
                ThreadRegistry.Release(thread.Slot); // it finished first: nobody else will
            return 0;
        }

        // The exiting thread's last step (LibcThread.Finish).
        internal static void PublishExit(LibcThread thread)
        {
            int slot = thread.Slot;
            int* state = ThreadRegistry.JoinStateOf(slot);
            int seen = Volatile.Read(ref *state);
            while (true)
            {
                int previous = Interlocked.CompareExchange(ref *state, seen | ThreadRegistry.Exited, seen); // release: the return value
                if (previous == seen)
                    break;
                seen = previous;
            }
            if ((seen & ThreadRegistry.Detached) != 0)
                ThreadRegistry.Release(slot);
            else if ((seen & ThreadRegistry.Joining) != 0)
                ParkingLot.WakeAll(state);
        }

        // pthread_exit. With the loader's ExitHook the C frames unwind and LibcThread.Finish runs
        // from RunOnNewThread; without one the thread finishes here and never runs again.
        public static void Exit(nint returnValue)
        {
            LibcThread self = LibcThread.Current;
            self.ReturnValue = returnValue;
            self.ExitRequested = true;
            if (LibcThread.ExitHook != null)
                LibcThread.ExitHook();
            if (self.IsCreated)
                self.Finish(returnValue);
            else
                ThreadKeys.RunDestructors(self); // a thread the C library did not start: nowhere to return to
            while (true)
                OSv.Core.Sched.Thread.Park();
        }

        public static ulong Self() => LibcThread.Current.Id;

        // pthread_getattr_np: stack bounds are approximate (see LibcThread.StackHighestAddress).
        public static int GetAttributes(ulong id, byte* attributes)
        {
            if (attributes == null)
                return ErrnoCodes.EINVAL;
            if (!ThreadRegistry.TryFind(id, out LibcThread? thread))
                return ErrnoCodes.ESRCH;
            int state = Volatile.Read(ref *ThreadRegistry.JoinStateOf(thread!.Slot));
            ThreadAttributes.Describe(attributes, thread.StackHighestAddress - (nint)thread.StackBytes, thread.StackBytes,
                (state & ThreadRegistry.Detached) != 0);
            return 0;
        }

        // pthread_kill: only signal 0 (an existence check) is supported.
        public static int Kill(ulong id, int signal)
        {
            if (!ThreadRegistry.TryFind(id, out _))
                return ErrnoCodes.ESRCH;
            return signal == SignalNone ? 0 : ErrnoCodes.ENOSYS;
        }

        public static int SetName(ulong id, byte* name)
        {
            if (name == null)
                return ErrnoCodes.EINVAL;
            if (!ThreadRegistry.TryFind(id, out LibcThread? thread))
                return ErrnoCodes.ESRCH;
            int length = 0;
            while (name[length] != 0)
            {
                if (++length >= ThreadLimits.NameBytesMax)
                    return ErrnoCodes.ERANGE; // Linux: 15 bytes and the NUL
            }
            new System.ReadOnlySpan<byte>(name, length + 1).CopyTo(new System.Span<byte>(thread!.Name));
            thread.NameSet = true;
            return 0;
        }

        public static int GetName(ulong id, byte* buffer, nuint bufferBytes)
        {
            if (buffer == null)
                return ErrnoCodes.EINVAL;
            if (!ThreadRegistry.TryFind(id, out LibcThread? thread))
                return ErrnoCodes.ESRCH;
            System.ReadOnlySpan<byte> name = NameOf(thread!);
            if (bufferBytes < (nuint)name.Length + 1)
                return ErrnoCodes.ERANGE;
            name.CopyTo(new System.Span<byte>(buffer, name.Length));
            buffer[name.Length] = 0;
            return 0;
        }

        // The thread's name without the NUL; a foreign thread starts with its kernel thread's
        // name (ASCII, truncated), as Linux threads start with their process's name.
        private static System.ReadOnlySpan<byte> NameOf(LibcThread thread)
        {
            if (!thread.NameSet)
            {
                string kernelName = thread.KernelThread?.Name ?? "";
                int length = 0;
                for (; length < kernelName.Length && length < ThreadLimits.NameBytesMax - 1; length++)
                    thread.Name[length] = kernelName[length] < 128 ? (byte)kernelName[length] : (byte)'?';
                thread.Name[length] = 0;
                thread.NameSet = true;
            }
            int end = 0;
            while (end < ThreadLimits.NameBytesMax && thread.Name[end] != 0)
                end++;
            return new System.ReadOnlySpan<byte>(thread.Name, 0, end);
        }
    }
}
