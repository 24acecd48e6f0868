// The hosted program: memcached's flags (HostCommandLine, bound through
// Microsoft.Extensions.Options), console logging (Microsoft.Extensions.Logging, on stderr so
// stdout carries only "memcached: ready", which scripts and the benchmark harness wait for),
// the server until SIGTERM or Ctrl-C, then a clean stop.
// Exit codes: 0 after a clean stop, 64 (EX_USAGE) for a bad flag, 71 (EX_OSERR) when a port
// cannot be bound.
using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using Memcached.Hosting;
using Memcached.Server;
using Microsoft.Extensions.Logging;

internal static partial class MemcachedHost
{
    private const int ExitOsError = 71; // sysexits.h EX_OSERR

    // .NET's Unix socket engine runs completions on its epoll threads (one per core) instead of
    // posting each to the thread pool when this is set before the first socket is made: a
    // connection's receive, Process and send then run where the readiness event arrived, as in
    // memcached's worker threads (each with its own event loop). Process never blocks but for the
    // cache lock's short critical sections. A value the user set is kept.
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static int Run(string[] args)
    {
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) == null)
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        HostOptions? options = HostCommandLine.TryParse(args, out string? error);
        if (options == null)
        {
            if (error == null)
                return 0; // help was asked for and printed
            Console.Error.WriteLine("memcached: " + error);
            return HostCommandLine.ExitUsage;
        }

        using ILoggerFactory loggers = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(options.Settings.Verbosity > 0 ? LogLevel.Debug : LogLevel.Information)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(console => console.SingleLine = true));
        ILogger logger = loggers.CreateLogger("memcached");
        return Serve(options, logger);
    }

    private static int Serve(HostOptions options, ILogger logger)
    {
        MemcachedServer server;
        try
        {
            server = new MemcachedServer(options, logger);
        }
        catch (SocketException exception)
        {
            logger.LogError("cannot listen on {Address}: {Message}", options.ListenAddress, exception.Message);
            return ExitOsError;
        }
        using ManualResetEventSlim stop = new ManualResetEventSlim();
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });
        server.Start();
        ServerSettings settings = options.Settings;
        logger.LogInformation("listening on {Address} tcp {TcpPort} udp {UdpPort}; {Megabytes} MB, {Connections} connections, {Threads} threads, items up to {ItemBytes} bytes",
            options.ListenAddress, server.TcpPort, server.UdpPort, settings.MemoryMegabytes, settings.ConnectionsMax, settings.Threads, settings.ItemSizeMax);
        Console.Out.WriteLine("memcached: ready");
        Console.Out.Flush();
        stop.Wait();
        logger.LogInformation("stopping");
        server.Dispose();
        return 0;
    }
}
