// pthread_once with racing threads, and thread-specific data: per-thread values, destructors at
// thread exit (repeated while they set values, up to PTHREAD_DESTRUCTOR_ITERATIONS), deletion.
using System.Runtime.InteropServices;
using System.Threading;
using Xunit;
using static OSv.Libc.Tests.Threads.PthreadApi;

namespace OSv.Libc.Tests.Threads
{
    public unsafe class OnceAndKeyTests
    {
        private struct OnceRace
        {
            public int Once;
            public fixed int Barrier[8];
            public int InitRuns;
            public int SawUninitialised;
        }

        private static OnceRace* s_race;

        [UnmanagedCallersOnly]
        private static void InitOnce()
        {
            Thread.Sleep(30); // widen the window for the others to arrive
            Interlocked.Increment(ref s_race->InitRuns);
        }

        [UnmanagedCallersOnly]
        private static nint RaceToOnce(nint argument)
        {
            var race = (OnceRace*)argument;
            BarrierWait(race->Barrier);
            Once(&race->Once, (nint)(delegate* unmanaged<void>)&InitOnce);
            if (Volatile.Read(ref race->InitRuns) != 1)
                Interlocked.Increment(ref race->SawUninitialised);
            return 0;
        }

        [Fact]
        public void Once_EightRacingThreads_RunsOnce_AndAllReturnAfterIt()
        {
            const int Threads = 8;
            OnceRace* race = Zeroed<OnceRace>();
            s_race = race;
            Assert.Equal(0, BarrierInit(race->Barrier, null, Threads));
            ulong[] threads = new ulong[Threads];
            for (int i = 0; i < Threads; i++)
                threads[i] = Start((nint)(delegate* unmanaged<nint, nint>)&RaceToOnce, race);
            foreach (ulong thread in threads)
                JoinValue(thread);
            Assert.Equal(1, race->InitRuns);
            Assert.Equal(0, race->SawUninitialised);
            Assert.Equal(2, race->Once); // done
            Free(race);
        }

        private static int s_destructorCalls;
        private static nint s_lastDestroyed;
        private static uint s_key;

        [UnmanagedCallersOnly]
        private static void CountingDestructor(nint value)
        {
            Interlocked.Increment(ref s_destructorCalls);
            s_lastDestroyed = value;
            if (value < 3)
                SetSpecific(s_key, value + 1); // ask for another pass
        }

        [UnmanagedCallersOnly]
        private static nint SetOneValue(nint value)
        {
            if (GetSpecific(s_key) != 0)
                return -1; // a new thread starts with NULL
            SetSpecific(s_key, value);
            return GetSpecific(s_key);
        }

        [Fact]
        public void Key_DestructorRunsAtExit_AgainWhileItSetsValues()
        {
            uint key;
            Assert.Equal(0, KeyCreate(&key, (nint)(delegate* unmanaged<nint, void>)&CountingDestructor));
            s_key = key;
            s_destructorCalls = 0;
            Assert.Equal(0, SetSpecific(key, 99)); // this thread's value is not the new thread's
            ulong thread = Start((nint)(delegate* unmanaged<nint, nint>)&SetOneValue, (void*)1);
            Assert.Equal(1, JoinValue(thread));
            Assert.Equal(3, s_destructorCalls);    // values 1, 2, 3: the third sets nothing
            Assert.Equal(3, s_lastDestroyed);
            Assert.Equal(99, GetSpecific(key));
            Assert.Equal(0, KeyDelete(key));
        }

        [Fact]
        public void Key_DestructorThatAlwaysSetsAValue_StopsAfterFourPasses()
        {
            uint key;
            Assert.Equal(0, KeyCreate(&key, (nint)(delegate* unmanaged<nint, void>)&CountingDestructor));
            s_key = key;
            s_destructorCalls = 0;
            ulong thread = Start((nint)(delegate* unmanaged<nint, nint>)&SetOneValue, (void*)-100); // never reaches 3
            Assert.Equal(-100, JoinValue(thread));
            Assert.Equal(4, s_destructorCalls); // PTHREAD_DESTRUCTOR_ITERATIONS
            Assert.Equal(0, KeyDelete(key));
        }

        [Fact]
        public void Key_Deleted_ReadsNullAndRefusesValues_RecreatedStartsNull()
        {
            uint key;
            Assert.Equal(0, KeyCreate(&key, 0));
            Assert.Equal(0, SetSpecific(key, 1234));
            Assert.Equal(1234, GetSpecific(key));
            Assert.Equal(0, KeyDelete(key));
            Assert.Equal(0, GetSpecific(key));
            Assert.Equal(EINVAL, SetSpecific(key, 5));
            Assert.Equal(EINVAL, KeyDelete(key));
            uint again;
            Assert.Equal(0, KeyCreate(&again, 0));
            Assert.Equal(0, GetSpecific(again));
            Assert.Equal(0, KeyDelete(again));
        }

        [Fact]
        public void Key_OutOfRange_IsRefused()
        {
            Assert.Equal(EINVAL, SetSpecific(100_000, 1));
            Assert.Equal(0, GetSpecific(100_000));
            Assert.Equal(EINVAL, KeyDelete(100_000));
            Assert.Equal(EINVAL, KeyCreate(null, 0));
        }
    }
}
