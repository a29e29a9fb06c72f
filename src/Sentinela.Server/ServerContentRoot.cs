namespace Sentinela.Server;

/// <summary>
/// Where the server reads appsettings.json from: the folder of its own binaries, whatever the working directory, so
/// <c>sentinela-server</c> started from anywhere (the PATH, a service manager) runs with the settings it ships with.
/// <c>--contentRoot</c>, ASPNETCORE_CONTENTROOT or DOTNET_CONTENTROOT still choose another folder. Relative paths in the
/// settings (the SQLite file, a municipality CSV) stay relative to the working directory.
/// </summary>
public static class ServerContentRoot
{
    public static string Resolve(string[] args) =>
        new ConfigurationBuilder().AddEnvironmentVariables("DOTNET_").AddEnvironmentVariables("ASPNETCORE_").AddCommandLine(args).Build()
            [HostDefaults.ContentRootKey] is { Length: > 0 } chosen ? chosen : AppContext.BaseDirectory;
}
