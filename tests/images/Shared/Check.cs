// A minimal assertion reporter for the guest: one line per check, parsed by the host test.
using System;

internal static class Check
{
    public static int Passed;
    public static int Failed;

    public static void That(string name, bool condition)
    {
        if (condition)
        {
            Passed++;
            Console.WriteLine("PASS " + name);
        }
        else
        {
            Failed++;
            Console.WriteLine("FAIL " + name);
        }
    }

    public static void Equal(string name, string expected, string? actual)
    {
        if (expected == actual)
        {
            Passed++;
            Console.WriteLine("PASS " + name);
        }
        else
        {
            Failed++;
            Console.WriteLine("FAIL " + name + ": expected '" + expected + "' got '" + actual + "'");
        }
    }

    public static void Equal(string name, long expected, long actual) =>
        Equal(name, expected.ToString(), actual.ToString());
}
