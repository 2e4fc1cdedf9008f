using Hangfire;
using Hangfire.Logging;

namespace PathwayHub.Tests.Infrastructure.Jobs;

/// <summary>
/// Tests that run real Hangfire job servers in this process. Hangfire's log provider is process-wide and each web host sets it to
/// its own logger factory, which is disposed with the host: a server started after that host has gone would log into a disposed
/// factory. These tests run on their own, after the parallel ones, with a log provider of their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireServers
{
    public const string Name = "Hangfire job servers";

    /// <summary>Call before starting a server.</summary>
    public static void UseOwnLogProvider() => GlobalConfiguration.Configuration.UseLogProvider(Silent.Instance);

    private sealed class Silent : ILogProvider, ILog
    {
        public static readonly Silent Instance = new();
        public ILog GetLogger(string name) => this;
        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
