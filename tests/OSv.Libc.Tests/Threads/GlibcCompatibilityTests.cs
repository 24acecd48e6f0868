// Against the host's real glibc: its static initialisers (bytes produced by gcc from <pthread.h>)
// mean the same to our primitives, and argument validation returns the same error numbers.
using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using Xunit;
using static OSv.Libc.Tests.Threads.PthreadApi;

namespace OSv.Libc.Tests.Threads
{
    public unsafe class GlibcCompatibilityTests
    {
        private const string InitializerDumper = """
            #define _GNU_SOURCE
            #include <pthread.h>
            #include <stdio.h>
            static void dump(const char *name, const void *p, size_t n) {
                printf("%s", name);
                for (size_t i = 0; i < n; i++) printf(" %02x", ((const unsigned char *)p)[i]);
                printf("\n");
            }
            int main(void) {
                pthread_mutex_t normal = PTHREAD_MUTEX_INITIALIZER;
                pthread_mutex_t recursive = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
                pthread_mutex_t errorcheck = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
                pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
                pthread_rwlock_t rwlock = PTHREAD_RWLOCK_INITIALIZER;
                pthread_rwlock_t writer = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
                pthread_once_t once = PTHREAD_ONCE_INIT;
                dump("normal", &normal, sizeof normal);
                dump("recursive", &recursive, sizeof recursive);
                dump("errorcheck", &errorcheck, sizeof errorcheck);
                dump("cond", &cond, sizeof cond);
                dump("rwlock", &rwlock, sizeof rwlock);
                dump("writer", &writer, sizeof writer);
                dump("once", &once, sizeof once);
                return 0;
            }
            """;

        private static readonly Lazy<string[]> s_dump = new(CompileAndRunDumper);

        private static string[] CompileAndRunDumper()
        {
            string directory = Path.Combine(Path.GetTempPath(), "osv-libc-threads-" + Environment.ProcessId);
            Directory.CreateDirectory(directory);
            string source = Path.Combine(directory, "initializers.c");
            string program = Path.Combine(directory, "initializers");
            File.WriteAllText(source, InitializerDumper);
            Run("gcc", $"-O0 -o \"{program}\" \"{source}\"");
            return Run(program, "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        private static string Run(string file, string arguments)
        {
            var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{file} failed: {errors}");
            return output;
        }

        // Zeroed C memory holding the named initialiser's bytes, as a static object would.
        private static byte* Initialised(string name, out int length)
        {
            foreach (string line in s_dump.Value)
            {
                string[] parts = line.Split(' ');
                if (parts[0] != name)
                    continue;
                length = parts.Length - 1;
                byte* memory = Zeroed<byte>(length);
                for (int i = 0; i < length; i++)
                    memory[i] = Convert.ToByte(parts[i + 1], 16);
                return memory;
            }
            throw new InvalidOperationException("no initialiser " + name);
        }

        [Fact]
        public void Sizes_MatchGlibcs()
        {
            Initialised("normal", out int mutexBytes);
            Initialised("cond", out int condBytes);
            Initialised("rwlock", out int rwlockBytes);
            Initialised("once", out int onceBytes);
            Assert.Equal(OSv.Libc.Threads.PthreadMutex.Bytes, mutexBytes);
            Assert.Equal(OSv.Libc.Threads.PthreadCond.Bytes, condBytes);
            Assert.Equal(OSv.Libc.Threads.PthreadRwlock.Bytes, rwlockBytes);
            Assert.Equal(4, onceBytes);
        }

        [Fact]
        public void RecursiveInitializer_IsRecursiveHere()
        {
            int* mutex = (int*)Initialised("recursive", out _);
            Assert.Equal(0, MutexLock(mutex));
            Assert.Equal(0, MutexLock(mutex));
            Assert.Equal(0, MutexUnlock(mutex));
            Assert.Equal(0, MutexUnlock(mutex));
            Assert.Equal(EPERM, MutexUnlock(mutex));
            Free(mutex);
        }

        [Fact]
        public void ErrorCheckInitializer_IsErrorCheckingHere()
        {
            int* mutex = (int*)Initialised("errorcheck", out _);
            Assert.Equal(0, MutexLock(mutex));
            Assert.Equal(EDEADLK, MutexLock(mutex));
            Assert.Equal(0, MutexUnlock(mutex));
            Free(mutex);
        }

        [Fact]
        public void NormalInitializer_CondInitializer_WorkTogether()
        {
            int* mutex = (int*)Initialised("normal", out _);
            int* condition = (int*)Initialised("cond", out _);
            long* past = Zeroed<long>(2);
            Assert.Equal(0, MutexLock(mutex));
            Assert.Equal(ETIMEDOUT, CondTimedWait(condition, mutex, past));
            Assert.Equal(0, MutexUnlock(mutex));
            Free(past);
            Free(condition);
            Free(mutex);
        }

        [Fact]
        public void WriterNonRecursiveInitializer_PrefersWriters()
        {
            int* rwlock = (int*)Initialised("writer", out _);
            long* deadline = Zeroed<long>(2);
            Assert.Equal(0, RwlockReadLock(rwlock));
            int writerResult = -1;
            var writer = new System.Threading.Thread(() =>
            {
                AbsoluteFromNow(deadline, ClockRealtime, 30_000);
                writerResult = RwlockTimedWriteLock(rwlock, deadline);
                if (writerResult == 0)
                    RwlockUnlock(rwlock);
            });
            writer.Start();
            // Once the writer waits, a new reader is turned away (writer preference). How soon it
            // waits depends on the machine's load: poll, undoing any read lock taken before then.
            int tryRead = 0;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (waited.ElapsedMilliseconds < 20_000)
            {
                tryRead = MutexTests.OnOtherThread(() =>
                {
                    int result = RwlockTryReadLock(rwlock);
                    if (result == 0)
                        RwlockUnlock(rwlock);
                    return result;
                });
                if (tryRead == EBUSY)
                    break;
                System.Threading.Thread.Sleep(5);
            }
            Assert.Equal(EBUSY, tryRead);
            Assert.Equal(0, RwlockUnlock(rwlock));
            writer.Join();
            Assert.Equal(0, writerResult);
            Free(deadline);
            Free(rwlock);
        }

        [Fact]
        public void OnceInitializer_RunsTheRoutineOnce()
        {
            int* once = (int*)Initialised("once", out _);
            s_onceRuns = 0;
            Assert.Equal(0, Once(once, (nint)(delegate* unmanaged<void>)&CountOnceRun));
            Assert.Equal(0, Once(once, (nint)(delegate* unmanaged<void>)&CountOnceRun));
            Assert.Equal(1, s_onceRuns);
            Free(once);
        }

        private static int s_onceRuns;

        [UnmanagedCallersOnly]
        private static void CountOnceRun() => s_onceRuns++;

        // ---- the same validation results as the host's glibc ----

        [DllImport("libc", EntryPoint = "pthread_attr_init")] private static extern int HostAttrInit(byte* attributes);
        [DllImport("libc", EntryPoint = "pthread_attr_destroy")] private static extern int HostAttrDestroy(byte* attributes);
        [DllImport("libc", EntryPoint = "pthread_attr_setstacksize")] private static extern int HostAttrSetStackSize(byte* attributes, nuint bytes);
        [DllImport("libc", EntryPoint = "pthread_attr_setdetachstate")] private static extern int HostAttrSetDetachState(byte* attributes, int state);
        [DllImport("libc", EntryPoint = "pthread_attr_setscope")] private static extern int HostAttrSetScope(byte* attributes, int scope);
        [DllImport("libc", EntryPoint = "pthread_mutexattr_settype")] private static extern int HostMutexAttrSetType(int* attributes, int type);
        [DllImport("libc", EntryPoint = "pthread_condattr_setclock")] private static extern int HostCondAttrSetClock(int* attributes, int clock);

        [Theory]
        [InlineData(0)]
        [InlineData(100)]
        [InlineData(16383)]
        [InlineData(16384)]
        [InlineData(1 << 20)]
        public void AttrSetStackSize_SameResultAsGlibc(long bytes)
        {
            InitAttrPair(out byte* ours, out byte* theirs);
            Assert.Equal(HostAttrSetStackSize(theirs, (nuint)bytes), AttrSetStackSize(ours, (nuint)bytes));
            DestroyAttrPair(ours, theirs);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        public void AttrSetDetachStateAndScope_SameResultAsGlibc(int value)
        {
            InitAttrPair(out byte* ours, out byte* theirs);
            Assert.Equal(HostAttrSetDetachState(theirs, value), AttrSetDetachState(ours, value));
            Assert.Equal(HostAttrSetScope(theirs, value), AttrSetScope(ours, value));
            DestroyAttrPair(ours, theirs);
        }

        // pthread_attr_t is 56 bytes in glibc; both sides get a zeroed, rounded-up block.
        private const int AttrBytes = 64;

        private static void InitAttrPair(out byte* ours, out byte* theirs)
        {
            ours = Zeroed<byte>(AttrBytes);
            theirs = Zeroed<byte>(AttrBytes);
            AttrInit(ours);
            HostAttrInit(theirs);
        }

        private static void DestroyAttrPair(byte* ours, byte* theirs)
        {
            HostAttrDestroy(theirs);
            Free(theirs);
            Free(ours);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        public void MutexAttrSetTypeAndCondAttrSetClock_SameResultAsGlibc(int value)
        {
            int* ours = Zeroed<int>(2);
            int* theirs = Zeroed<int>(2);
            MutexAttrInit(ours);
            Assert.Equal(HostMutexAttrSetType(theirs, value), MutexAttrSetType(ours, value));
            CondAttrInit(ours + 1);
            Assert.Equal(HostCondAttrSetClock(theirs + 1, value), CondAttrSetClock(ours + 1, value));
            Free(theirs);
            Free(ours);
        }
    }
}
