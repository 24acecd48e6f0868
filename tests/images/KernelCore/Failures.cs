// Failure scenarios: each must end in a PANIC report, never a hang.
using System;
using OSv.Core.Sched;

internal static class Failures
{
    private static long Recurse(long depth) => depth + Recurse(depth + 1) + Recurse(depth + 2);

    public static unsafe void Raise(string scenario)
    {
        switch (scenario)
        {
            case "fault-in-thread":
                Thread faulty = Thread.Start(() =>
                {
                    int* nowhere = null;
                    Console.WriteLine(*nowhere);
                }, "faulty");
                faulty.Join();
                break;
            case "stack-overflow":
                Thread deep = Thread.Start(() => Console.WriteLine(Recurse(1)), "deep");
                deep.Join();
                break;
            case "out-of-memory":
                object[] chain = new object[1];
                object[] tail = chain;
                while (true)
                {
                    var next = new object[1024];
                    tail[0] = next;
                    tail = next;
                }
            default:
                Console.WriteLine("unknown scenario " + scenario);
                break;
        }
    }
}
