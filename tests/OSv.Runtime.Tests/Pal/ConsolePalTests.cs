// The console through the PAL: writes to 1 and 2 reach the installed sink as separate streams,
// duplicates write to the same place, no terminal is reported, input is at end of file, poll
// reports each descriptor's readiness, and terminal-only calls answer as without a terminal.
using System;
using System.Collections.Generic;
using System.Text;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    [Collection(PalDescriptorsCollection.Name)]
    public unsafe class ConsolePalTests : IDisposable
    {
        private static readonly List<(int Stream, string Text)> s_captured = new();
        private readonly delegate*<int, byte*, int, void> _previousSink;

        public ConsolePalTests()
        {
            lock (s_captured)
                s_captured.Clear();
            _previousSink = ConsoleOutput.Install(&Capture);
        }

        public void Dispose() => ConsoleOutput.Install(_previousSink);

        private static void Capture(int stream, byte* bytes, int count)
        {
            lock (s_captured)
                s_captured.Add((stream, Encoding.UTF8.GetString(bytes, count)));
        }

        private static int Write(nint fd, string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            fixed (byte* pointer = bytes)
                return ConsolePal.Write(fd, pointer, bytes.Length);
        }

        [Fact]
        public void Write_ToOutputAndError_ReachesTheSinkAsTwoStreams()
        {
            Assert.Equal(5, Write(1, "hello"));
            Assert.Equal(4, Write(2, "oops"));
            Assert.Equal(new List<(int, string)> { (1, "hello"), (2, "oops") }, s_captured);
        }

        [Fact]
        public void Write_ThroughADuplicate_GoesToTheSameStream()
        {
            nint copy = ConsolePal.Dup(2);
            Assert.True(copy >= 3);
            Assert.Equal(3, Write(copy, "dup"));
            Assert.Equal(new List<(int, string)> { (2, "dup") }, s_captured);
            Assert.Equal(0, FileOpen.Close(copy));
        }

        [Fact]
        public void Write_ToInputOrClosed_FailsWithEbadf()
        {
            Assert.Equal(-1, Write(0, "x"));
            Assert.Equal(LinuxErrno.EBADF, ThreadErrno.GetErrNo());
            Assert.Equal(-1, Write(200, "x"));
            Assert.Equal(LinuxErrno.EBADF, ThreadErrno.GetErrNo());
            Assert.Empty(s_captured);
        }

        [Fact]
        public void LogError_GoesToTheErrorStream()
        {
            fixed (byte* message = "fatal"u8)
                ConsolePal.LogError(message, 5);
            Assert.Equal(new List<(int, string)> { (2, "fatal") }, s_captured);
        }

        [Fact]
        public void NoTerminal_IsReported()
        {
            Assert.Equal(0, ConsolePal.IsATty(1));
            Assert.Equal(LinuxErrno.ENOTTY, ThreadErrno.GetErrNo());
            Assert.Equal(0, ConsolePal.IsATty(150));
            Assert.Equal(LinuxErrno.EBADF, ThreadErrno.GetErrNo());
            Assert.Equal(-1, ConsolePal.GetWindowSize(1, null));
            Assert.Equal(LinuxErrno.ENOTTY, ThreadErrno.GetErrNo());
            Assert.Equal(1, ConsolePal.InitializeTerminalAndSignalHandling());
        }

        [Fact]
        public void GetControlCharacters_AreAllDisabled()
        {
            byte* values = stackalloc byte[4];
            new Span<byte>(values, 4).Fill(0xEE);
            byte disabled = 0xEE;
            ConsolePal.GetControlCharacters(null, values, 4, &disabled);
            Assert.Equal(0, disabled);
            Assert.True(new Span<byte>(values, 4).IndexOfAnyExcept((byte)0) < 0);
        }

        [Fact]
        public void StandardInput_IsAtEndOfFile()
        {
            byte* buffer = stackalloc byte[8];
            Assert.Equal(0, FileReads.Read(0, buffer, 8));
            Assert.Equal(0, ConsolePal.ReadStdin(buffer, 8));
        }

        [Fact]
        public void SNPrintF_IsUnsupported_WithEnosys()
        {
            Assert.Equal(-1, ConsolePal.SNPrintF1I(null, 0, null, 1));
            Assert.Equal(LinuxErrno.ENOSYS, ThreadErrno.GetErrNo());
            Assert.Equal(-1, ConsolePal.SNPrintF1S(null, 0, null, null));
            Assert.Equal(LinuxErrno.ENOSYS, ThreadErrno.GetErrNo());
        }

        [Fact]
        public void Poll_ReportsReadinessPerDescriptor()
        {
            Poll.PollEvent* events = stackalloc Poll.PollEvent[4];
            events[0] = new Poll.PollEvent { FileDescriptor = 0, Events = Poll.POLLIN };
            events[1] = new Poll.PollEvent { FileDescriptor = 1, Events = Poll.POLLOUT };
            events[2] = new Poll.PollEvent { FileDescriptor = 199, Events = Poll.POLLIN };
            events[3] = new Poll.PollEvent { FileDescriptor = -1, Events = Poll.POLLIN };
            uint triggered;
            Assert.Equal(PalError.SUCCESS, Poll.PollEvents(events, 4, -1, &triggered));
            Assert.Equal(3u, triggered);
            Assert.Equal(Poll.POLLIN, events[0].TriggeredEvents);
            Assert.Equal(Poll.POLLOUT, events[1].TriggeredEvents);
            Assert.Equal(Poll.POLLNVAL, events[2].TriggeredEvents);
            Assert.Equal(0, events[3].TriggeredEvents);
        }

        [Fact]
        public void Poll_NothingReady_WaitsForTheTimeout()
        {
            Poll.PollEvent pollEvent = new Poll.PollEvent { FileDescriptor = 1, Events = Poll.POLLIN };
            uint triggered = 99;
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(PalError.SUCCESS, Poll.PollEvents(&pollEvent, 1, 30, &triggered));
            Assert.True(stopwatch.ElapsedMilliseconds >= 25);
            Assert.Equal(0u, triggered);
        }

        [Fact]
        public void FStat_OfConsole_IsACharacterDevice()
        {
            FileStatus status;
            Assert.Equal(0, FileStatusExports.FStat(1, &status));
            Assert.Equal(FileStatus.S_IFCHR, status.Mode & FileStatus.S_IFMT);
            Assert.Equal(-1, FileReads.LSeek(1, 0, FileReads.SEEK_SET));
            Assert.Equal(LinuxErrno.ESPIPE, ThreadErrno.GetErrNo());
        }
    }
}
