// pthread_create/join/detach/exit/self: return values, pthread_exit without an unwinder, detached
// threads freeing their identity, join errors, attributes, names, kill and cancel.
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Xunit;
using static OSv.Libc.Tests.Threads.PthreadApi;

namespace OSv.Libc.Tests.Threads
{
    public unsafe class ThreadLifeTests
    {
        private const int AttrBytes = 56;

        [UnmanagedCallersOnly]
        private static nint Double(nint argument) => argument * 2;

        [UnmanagedCallersOnly]
        private static nint ExitWithArgument(nint argument)
        {
            Exit(argument);
            return -1; // not reached
        }

        [UnmanagedCallersOnly]
        private static nint ReturnSelf(nint argument) => (nint)Self();

        [Fact]
        public void Join_ReturnsTheStartRoutinesValue()
        {
            ulong thread = Start((nint)(delegate* unmanaged<nint, nint>)&Double, (void*)21);
            Assert.Equal(42, JoinValue(thread));
        }

        [Fact]
        public void Join_ThreadCalledPthreadExit_ReturnsItsValue()
        {
            ulong thread = Start((nint)(delegate* unmanaged<nint, nint>)&ExitWithArgument, (void*)77);
            Assert.Equal(77, JoinValue(thread));
        }

        [Fact]
        public void Self_InTheNewThread_IsTheIdCreateReturned_AndDiffersFromOurs()
        {
            ulong thread = Start((nint)(delegate* unmanaged<nint, nint>)&ReturnSelf, null);
            Assert.Equal((nint)thread, JoinValue(thread));
            Assert.Equal(0, Equal(thread, Self()));
            Assert.Equal(1, Equal(Self(), Self()));
            Assert.NotEqual(0UL, Self());
        }

        [Fact]
        public void Join_Twice_SecondIsEsrch_JoinSelfIsEdeadlk_GarbageIsEsrch()
        {
            ulong thread = Start((nint)(delegate* unmanaged<nint, nint>)&Double, (void*)1);
            Assert.Equal(2, JoinValue(thread));
            nint value;
            Assert.Equal(ESRCH, Join(thread, &value));
            Assert.Equal(EDEADLK, Join(Self(), &value));
            Assert.Equal(ESRCH, Join(0x1234, &value));
            Assert.Equal(ESRCH, Join(Self() + 1, &value)); // inside the table, off a slot boundary
        }

        private static int s_detachedRan;

        [UnmanagedCallersOnly]
        private static nint CountAndLeave(nint semaphore)
        {
            Interlocked.Increment(ref s_detachedRan);
            SemPost((int*)semaphore);
            return 0;
        }

        [Fact]
        public void Detached_ThreadsFreeTheirIdentity_MoreThanThreadsMaxRunInTurn()
        {
            const int Count = 600; // more than ThreadLimits.ThreadsMax (512)
            byte* attributes = Zeroed<byte>(AttrBytes);
            int* semaphore = Zeroed<int>(8);
            Assert.Equal(0, AttrInit(attributes));
            Assert.Equal(0, AttrSetDetachState(attributes, 1));
            s_detachedRan = 0;
            for (int i = 0; i < Count; i++)
            {
                ulong thread = Start((nint)(delegate* unmanaged<nint, nint>)&CountAndLeave, semaphore, attributes);
                Assert.Equal(0, SemWait(semaphore));
            }
            Assert.Equal(Count, s_detachedRan);
            Free(semaphore);
            Free(attributes);
        }

        [UnmanagedCallersOnly]
        private static nint WaitOnSemaphore(nint semaphore)
        {
            SemWait((int*)semaphore);
            return 5;
        }

        [Fact]
        public void Detach_RunningThread_ThenJoinIsEinval_AndDetachAgainIsEinval()
        {
            int* semaphore = Zeroed<int>(8);
            ulong thread = Start((nint)(delegate* unmanaged<nint, nint>)&WaitOnSemaphore, semaphore);
            Assert.Equal(0, Detach(thread));
            nint value;
            Assert.Equal(EINVAL, Join(thread, &value));
            Assert.Equal(EINVAL, Detach(thread));
            SemPost(semaphore); // the semaphore is not freed: the detached thread may still read it
        }

        [Fact]
        public void Attributes_DefaultsAndValidation()
        {
            byte* attributes = Zeroed<byte>(AttrBytes);
            Assert.Equal(0, AttrInit(attributes));
            nuint size;
            Assert.Equal(0, AttrGetStackSize(attributes, &size));
            Assert.Equal((nuint)(8 * 1024 * 1024), size);
            Assert.Equal(0, AttrGetGuardSize(attributes, &size));
            Assert.Equal((nuint)4096, size);
            int state;
            Assert.Equal(0, AttrGetDetachState(attributes, &state));
            Assert.Equal(0, state);
            Assert.Equal(EINVAL, AttrSetStackSize(attributes, 100));
            Assert.Equal(0, AttrSetStackSize(attributes, 65536));
            Assert.Equal(0, AttrGetStackSize(attributes, &size));
            Assert.Equal((nuint)65536, size);
            Assert.Equal(EINVAL, AttrSetDetachState(attributes, 7));
            Assert.Equal(ENOTSUP, AttrSetScope(attributes, 1));
            Assert.Equal(0, AttrSetScope(attributes, 0));
            Assert.Equal(EINVAL, AttrSetSchedPolicy(attributes, 9));
            Free(attributes);
        }

        [UnmanagedCallersOnly]
        private static nint StackContainsLocal(nint argument)
        {
            byte* attributes = (byte*)argument;
            if (GetAttrNp(Self(), attributes) != 0)
                return 0;
            nint lowest;
            nuint bytes;
            if (AttrGetStack(attributes, &lowest, &bytes) != 0)
                return 0;
            int local = 0;
            nint address = (nint)(&local);
            return address >= lowest && address < lowest + (nint)bytes ? (nint)bytes : 0;
        }

        [Fact]
        public void GetAttrNp_StackSizeIsTheRequestedOne_AndHoldsTheThreadsLocals()
        {
            byte* attributes = Zeroed<byte>(AttrBytes);
            byte* described = Zeroed<byte>(AttrBytes);
            Assert.Equal(0, AttrInit(attributes));
            Assert.Equal(0, AttrSetStackSize(attributes, 256 * 1024));
            ulong thread = Start((nint)(delegate* unmanaged<nint, nint>)&StackContainsLocal, described, attributes);
            Assert.Equal(256 * 1024, JoinValue(thread));
            Free(described);
            Free(attributes);
        }

        [Fact]
        public void Names_SetAndGet_LongNameAndSmallBufferAreErange()
        {
            byte* buffer = Zeroed<byte>(32);
            byte[] name = Encoding.ASCII.GetBytes("worker-7\0");
            byte[] tooLong = Encoding.ASCII.GetBytes("0123456789abcdef\0");
            fixed (byte* namePointer = name)
            fixed (byte* tooLongPointer = tooLong)
            {
                Assert.Equal(ERANGE, SetNameNp(Self(), tooLongPointer));
                Assert.Equal(0, SetNameNp(Self(), namePointer));
            }
            Assert.Equal(0, GetNameNp(Self(), buffer, 16));
            Assert.Equal("worker-7", Marshal.PtrToStringAnsi((nint)buffer));
            Assert.Equal(ERANGE, GetNameNp(Self(), buffer, 8)); // 8 bytes + NUL do not fit
            Assert.Equal(ESRCH, GetNameNp(0x10, buffer, 16));
            Free(buffer);
        }

        [Fact]
        public void KillSignalZero_ChecksExistence_OtherSignalsAndCancelAreEnosys()
        {
            Assert.Equal(0, Kill(Self(), 0));
            Assert.Equal(ENOSYS, Kill(Self(), 10));
            Assert.Equal(ESRCH, Kill(0x10, 0));
            Assert.Equal(ENOSYS, Cancel(Self()));
        }

        [Fact]
        public void SchedParam_IsSchedOtherPriorityZero_AtForkRegistrationSucceeds()
        {
            var getSchedParam = (delegate* unmanaged<ulong, int*, int*, int>)Address("pthread_getschedparam");
            var setSchedParam = (delegate* unmanaged<ulong, int, int*, int>)Address("pthread_setschedparam");
            var registerAtFork = (delegate* unmanaged<nint, nint, nint, nint, int>)Address("__register_atfork");
            int policy = -1, priority = -1;
            Assert.Equal(0, getSchedParam(Self(), &policy, &priority));
            Assert.Equal(0, policy);
            Assert.Equal(0, priority);
            Assert.Equal(0, setSchedParam(Self(), 0, &priority));
            Assert.Equal(EINVAL, setSchedParam(Self(), 7, &priority));
            Assert.Equal(ESRCH, getSchedParam(0x10, &policy, &priority));
            Assert.Equal(0, registerAtFork(0, 0, 0, 0));
        }

        [Fact]
        public void Create_NullStartRoutine_IsEinval()
        {
            ulong thread;
            Assert.Equal(EINVAL, Create(&thread, null, 0, 0));
        }
    }
}
