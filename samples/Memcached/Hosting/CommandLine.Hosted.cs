// memcached's command line for the hosted program, parsed with System.CommandLine:
//   -p/--port, -U/--udp-port, -m/--memory-limit, -c/--conn-limit, -t/--threads,
//   -I/--max-item-size (k/m suffix), -v/--verbose (repeatable, -vv counts two), -l/--listen.
// Values are taken as text and converted with ServerSettings' own number rules, so the hosted
// program and the image accept the same spellings; range checks are ServerSettings.Validate's,
// applied when the options are bound (ServerOptionsBinding). A refusal is one line; the caller
// exits with EX_USAGE (64) as memcached does for a bad option.
using System;
using System.Collections.Generic;
using System.CommandLine;
using Memcached.Server;

namespace Memcached.Hosting
{
    public sealed class HostCommandLine
    {
        public const int ExitUsage = 64; // sysexits.h EX_USAGE

        private readonly Option<string[]> portOption = Flag("--port", "-p", "TCP port to listen on (0 = off, default 11211)");
        private readonly Option<string[]> udpPortOption = Flag("--udp-port", "-U", "UDP port to listen on (0 = off, the default)");
        private readonly Option<string[]> memoryOption = Flag("--memory-limit", "-m", "item memory in megabytes (default 64)");
        private readonly Option<string[]> connectionsOption = Flag("--conn-limit", "-c", "max simultaneous connections (default 1024)");
        private readonly Option<string[]> threadsOption = Flag("--threads", "-t", "number of worker threads (default 4)");
        private readonly Option<string[]> itemSizeOption = Flag("--max-item-size", "-I", "item size limit, k/m suffix allowed (default 1m)");
        private readonly Option<string[]> listenOption = Flag("--listen", "-l", "interface address to listen on (default 0.0.0.0)");
        private readonly Option<bool> verboseOption = new Option<bool>("--verbose", "-v") { Description = "verbose (repeat for more: -vv)" };

        // The validated options for args; null with a one-line reason (or null reason when the
        // user asked for help, which has been printed).
        public static HostOptions? TryParse(string[] args, out string? error) =>
            new HostCommandLine().Parse(args, out error);

        private HostOptions? Parse(string[] args, out string? error)
        {
            ParsedFlags flags = new ParsedFlags();
            string[] rest = CountVerbosity(args, out flags.Verbosity);
            RootCommand root = BuildCommand();
            ParseResult result = root.Parse(rest);
            if (result.Errors.Count > 0)
            {
                error = result.Errors[0].Message;
                return null;
            }
            if (IsHelp(rest))
            {
                result.Invoke();
                error = null;
                return null;
            }
            error = ReadFlags(result, flags);
            return error != null ? null : ServerOptionsBinding.TryResolve(flags, out error);
        }

        private RootCommand BuildCommand()
        {
            RootCommand root = new RootCommand("memcached on OSv.NET, hosted: memcached's text, meta and binary protocols over TCP and UDP.");
            foreach (Option option in new Option[] { portOption, udpPortOption, memoryOption, connectionsOption, threadsOption, itemSizeOption, listenOption, verboseOption })
                root.Options.Add(option);
            return root;
        }

        // A flag given twice takes its last value, as memcached's getopt loop does.
        private static Option<string[]> Flag(string name, string alias, string description) =>
            new Option<string[]>(name, alias) { Description = description, Arity = ArgumentArity.OneOrMore };

        private static string? Last(ParseResult result, Option<string[]> option)
        {
            string[]? values = result.GetValue(option);
            return values == null || values.Length == 0 ? null : values[values.Length - 1];
        }

        private static bool IsHelp(string[] args) =>
            Array.Exists(args, word => word == "-h" || word == "--help" || word == "-?");

        // memcached counts -v, -vv, -vvv; System.CommandLine would read "-vv" as a bundle of two
        // boolean flags, so verbosity is counted here and the words removed.
        private static string[] CountVerbosity(string[] args, out int verbosity)
        {
            verbosity = 0;
            List<string> rest = new List<string>(args.Length);
            foreach (string word in args)
            {
                if (word == "--verbose")
                    verbosity++;
                else if (word.Length >= 2 && word[0] == '-' && word.AsSpan(1).TrimStart('v').Length == 0)
                    verbosity += word.Length - 1;
                else
                    rest.Add(word);
            }
            return rest.ToArray();
        }

        private string? ReadFlags(ParseResult result, ParsedFlags flags)
        {
            return ReadInt(result, portOption, "-p: port must be a number", out flags.Port)
                ?? ReadInt(result, udpPortOption, "-U: port must be a number", out flags.UdpPort)
                ?? ReadInt(result, memoryOption, "-m: megabytes must be a number", out flags.MemoryMegabytes)
                ?? ReadInt(result, connectionsOption, "-c: connections must be a number", out flags.ConnectionsMax)
                ?? ReadInt(result, threadsOption, "-t: threads must be a number", out flags.Threads)
                ?? ReadSize(result, out flags.ItemSizeMax)
                ?? ReadListen(result, flags);
        }

        private string? ReadInt(ParseResult result, Option<string[]> option, string message, out int? value)
        {
            value = null;
            string? text = Last(result, option);
            if (text == null)
                return null;
            if (!ServerSettings.TryParseInt(text, out int number))
                return message;
            value = number;
            return null;
        }

        private string? ReadSize(ParseResult result, out int? value)
        {
            value = null;
            string? text = Last(result, itemSizeOption);
            if (text == null)
                return null;
            if (!ServerSettings.TryParseSize(text, out int bytes))
                return "-I: size must be a number of bytes, optionally with k or m";
            value = bytes;
            return null;
        }

        private string? ReadListen(ParseResult result, ParsedFlags flags)
        {
            flags.ListenAddress = Last(result, listenOption);
            return null;
        }
    }
}
