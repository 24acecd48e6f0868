// Every bound of the C library's threads in one place. The glibc values these mirror are quoted
// where programs can observe them (limits.h, bits/local_lim.h on x86-64 Linux).
namespace OSv.Libc.Threads
{
    public static class ThreadLimits
    {
        // Buckets of the parking table (a power of two): enough that unrelated waits rarely share
        // a bucket lock at the thread counts C programs here run (tens).
        public const int ParkingBucketCountLog2 = 8;
        public const int ParkingBucketCount = 1 << ParkingBucketCountLog2;

        // Live pthread identities (created threads not yet joined or detached-and-exited, plus
        // threads the C library did not start once they ask for pthread_self).
        public const int ThreadsMax = 512;

        // Bytes of one thread descriptor (what a pthread_t points at): one cache line.
        public const int DescriptorBytes = 64;

        // Thread-specific data keys. glibc has 1024 (PTHREAD_KEYS_MAX); programs use a handful,
        // and each thread that sets a value carries one slot per key.
        public const int KeysMax = 256;

        // POSIX PTHREAD_DESTRUCTOR_ITERATIONS (glibc: 4).
        public const int DestructorIterations = 4;

        // PTHREAD_STACK_MIN (glibc x86-64: 16384) and the guard size pthread_attr_init reports.
        public const long StackBytesMin = 16384;
        public const long GuardBytesDefault = 4096;

        // Thread names: 16 bytes with the terminating NUL (Linux TASK_COMM_LEN).
        public const int NameBytesMax = 16;

        // Lock acquisition: busy tries before parking (contended C mutexes are usually held for a
        // few hundred cycles), and busy tries of a spin lock between yields of the processor.
        public const int SpinsBeforePark = 100;
        public const int SpinsBeforeYield = 64;

        // SEM_VALUE_MAX (glibc: INT_MAX).
        public const int SemaphoreValueMax = int.MaxValue;
    }
}
