// The shared record of a data-integrity run: the keys, how many versions each writer has issued
// (a version is issued before its set is sent, so any version a reader sees was issued by then),
// and the failures and counts the workers report. Workers never assert (an exception on a worker
// thread would not fail the test); they record, and the test asserts on the record.
using System;
using System.Collections.Concurrent;
using System.Threading;

namespace Memcached.Tests.Hosted
{
    internal sealed class IntegrityLedger
    {
        public const int KeyCount = 64;

        public readonly string[] Keys = new string[KeyCount];
        public readonly ConcurrentQueue<string> Failures = new ConcurrentQueue<string>();
        private readonly long[] issued;
        public long Sets;
        public long Hits;
        public long Misses;
        public long Deletes;
        public long Lost;
        public long Requests;

        public IntegrityLedger(int writers)
        {
            issued = new long[writers];
            for (int i = 0; i < KeyCount; i++)
                Keys[i] = "integrity:" + i;
        }

        public uint Issue(int writer, bool udp) =>
            IntegrityValues.Version(writer, (uint)Interlocked.Increment(ref issued[writer]), udp);

        public void Verify(string key, uint version, byte[] value)
        {
            Interlocked.Increment(ref Hits);
            int writer = (int)((version & ~IntegrityValues.UdpWriterBit) >> IntegrityValues.WriterShift);
            uint sequence = version & IntegrityValues.SequenceMask;
            if (writer >= issued.Length || sequence == 0 || sequence > Interlocked.Read(ref issued[writer]))
                Fail("key " + key + ": version " + version + " was never issued");
            string? problem = IntegrityValues.Check(key, version, value);
            if (problem != null)
                Fail(problem);
        }

        public void Fail(string problem)
        {
            if (Failures.Count < 20)
                Failures.Enqueue(problem);
        }

        // Runs body(worker) on `workers` threads until the deadline; an exception is a failure.
        public void Run(int workers, TimeSpan duration, Action<int, DateTime> body)
        {
            DateTime deadline = DateTime.UtcNow + duration;
            Thread[] threads = new Thread[workers];
            for (int i = 0; i < workers; i++)
            {
                int worker = i;
                threads[i] = new Thread(() =>
                {
                    try { body(worker, deadline); }
                    catch (Exception exception) { Fail("worker " + worker + ": " + exception.Message); }
                });
                threads[i].Start();
            }
            foreach (Thread thread in threads)
                thread.Join();
        }

        public string Summary =>
            "sets " + Sets + " hits " + Hits + " misses " + Misses + " deletes " + Deletes + " lost " + Lost + " of " + Requests +
            "; failures: " + string.Join(" | ", Failures);
    }
}
