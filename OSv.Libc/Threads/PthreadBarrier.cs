// pthread_barrier_t in the caller's memory (32 bytes; only pthread_barrier_init makes one):
//   offset 0  int  threads per round (the init count)
//   offset 4  int  threads arrived in the current round
//   offset 8  int  round number: the threads of a round park on it
//   offset 12 int  internal WordLock guarding the above
// The last thread to arrive starts a new round (arrived back to 0, round + 1) under the lock,
// then wakes everyone parked on the round word and returns PTHREAD_BARRIER_SERIAL_THREAD; the
// others park while the round is the one they arrived in, so a fast thread that re-enters the
// barrier for the next round cannot be confused with a slow one of the previous round.
using System.Threading;
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class PthreadBarrier
    {
        public const int Bytes = 32;
        public const int SerialThread = -1; // PTHREAD_BARRIER_SERIAL_THREAD
        private const int CountWord = 0, ArrivedWord = 1, RoundWord = 2, LockWord = 3;

        public static int Init(int* barrier, int* attributes, uint count)
        {
            if (barrier == null || count == 0 || count > int.MaxValue)
                return ErrnoCodes.EINVAL;
            new System.Span<byte>(barrier, Bytes).Clear();
            barrier[CountWord] = (int)count;
            return 0;
        }

        public static int Destroy(int* barrier)
        {
            if (barrier == null)
                return ErrnoCodes.EINVAL;
            return Volatile.Read(ref barrier[ArrivedWord]) != 0 ? ErrnoCodes.EBUSY : 0;
        }

        public static int Wait(int* barrier)
        {
            if (barrier == null || barrier[CountWord] <= 0)
                return ErrnoCodes.EINVAL;
            WordLock.Lock(&barrier[LockWord]);
            int round = barrier[RoundWord];
            if (++barrier[ArrivedWord] == barrier[CountWord])
            {
                barrier[ArrivedWord] = 0;
                Volatile.Write(ref barrier[RoundWord], round + 1);
                WordLock.Unlock(&barrier[LockWord]);
                ParkingLot.WakeAll(&barrier[RoundWord]);
                return SerialThread;
            }
            WordLock.Unlock(&barrier[LockWord]);
            while (Volatile.Read(ref barrier[RoundWord]) == round)
                ParkingLot.Wait(&barrier[RoundWord], round, ParkingLot.NoDeadline);
            return 0;
        }
    }
}
