// Binds parsed command-line values onto HostOptions through Microsoft.Extensions.Options: one
// Configure step copies the flags that were given (defaults stay memcached's, from
// ServerSettings), and an IValidateOptions runs ServerSettings.Validate, the same check the
// image applies, plus the -l address. Resolving IOptions<HostOptions>.Value runs validation; a
// failure surfaces as OptionsValidationException with Validate's one-line message.
using System;
using System.Net;
using Memcached.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Memcached.Hosting
{
    // The flags as given on the command line; null where the flag was absent.
    public sealed class ParsedFlags
    {
        public int? Port;
        public int? UdpPort;
        public int? MemoryMegabytes;
        public int? ConnectionsMax;
        public int? Threads;
        public int? ItemSizeMax;
        public int Verbosity;
        public string? ListenAddress;
    }

    internal sealed class HostOptionsValidator : IValidateOptions<HostOptions>
    {
        public ValidateOptionsResult Validate(string? name, HostOptions options)
        {
            if (!options.Settings.Validate(out string? error))
                return ValidateOptionsResult.Fail(error!);
            if (!IPAddress.TryParse(options.ListenAddress, out _))
                return ValidateOptionsResult.Fail("-l: not an IP address: " + options.ListenAddress);
            return ValidateOptionsResult.Success;
        }
    }

    public static class ServerOptionsBinding
    {
        public static IServiceCollection AddHostOptions(this IServiceCollection services, ParsedFlags flags)
        {
            services.AddOptions<HostOptions>().Configure(options => Apply(flags, options));
            services.AddSingleton<IValidateOptions<HostOptions>, HostOptionsValidator>();
            return services;
        }

        // The options the flags give, validated; null and the reason when they are refused.
        public static HostOptions? TryResolve(ParsedFlags flags, out string? error)
        {
            using ServiceProvider provider = new ServiceCollection().AddHostOptions(flags).BuildServiceProvider();
            try
            {
                error = null;
                return provider.GetRequiredService<IOptions<HostOptions>>().Value;
            }
            catch (OptionsValidationException exception)
            {
                error = string.Join("; ", exception.Failures);
                return null;
            }
        }

        private static void Apply(ParsedFlags flags, HostOptions options)
        {
            ServerSettings settings = options.Settings;
            settings.Port = flags.Port ?? settings.Port;
            settings.UdpPort = flags.UdpPort ?? settings.UdpPort;
            settings.MemoryMegabytes = flags.MemoryMegabytes ?? settings.MemoryMegabytes;
            settings.ConnectionsMax = flags.ConnectionsMax ?? settings.ConnectionsMax;
            settings.Threads = flags.Threads ?? settings.Threads;
            settings.ItemSizeMax = flags.ItemSizeMax ?? settings.ItemSizeMax;
            settings.Verbosity += flags.Verbosity;
            options.ListenAddress = flags.ListenAddress ?? options.ListenAddress;
        }
    }
}
