// Runs code as Linux's side of a tap link: on a dedicated thread that has joined the link's
// network namespace (setns(2) moves only the calling thread), so the sockets it opens are Linux's
// own TCP/IP inside that namespace. Everything in the body must stay on that thread: synchronous
// socket calls only, no async continuations.
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace OSv.Net.Tests.Interop
{
    internal static class LinuxSide
    {
        private const int CloneNewNet = 0x40000000;

        [DllImport("libc", SetLastError = true)]
        private static extern int setns(int fd, int nstype);

        // Starts body inside the namespace; Join the returned thread to wait. Exceptions are kept
        // and rethrown by Join.
        public static Runner Start(string namespaceName, Action body) => new Runner(namespaceName, body);

        internal sealed class Runner
        {
            private readonly Thread _thread;
            private Exception? _failure;

            public Runner(string namespaceName, Action body)
            {
                _thread = new Thread(() =>
                {
                    try
                    {
                        using SafeFileHandle handle = File.OpenHandle("/var/run/netns/" + namespaceName);
                        if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                            throw new InvalidOperationException("setns into " + namespaceName + " failed: errno " + Marshal.GetLastPInvokeError());
                        body();
                    }
                    catch (Exception e)
                    {
                        _failure = e;
                    }
                }) { IsBackground = true, Name = "linux-side" };
                _thread.Start();
            }

            public void Join(TimeSpan timeout)
            {
                if (!_thread.Join(timeout))
                    throw new TimeoutException("Linux's side did not finish within " + timeout);
                if (_failure != null)
                    throw new InvalidOperationException("Linux's side failed: " + _failure.Message, _failure);
            }
        }
    }
}
