namespace Sentinela.Tests.Storage.Contracts;

/// <summary>Base of every storage contract: each test gets its own store of the backend the subclass names.</summary>
public abstract class StorageContract : IAsyncLifetime
{
    protected StorageUnderTest Storage { get; private set; } = null!;

    /// <summary>A fresh, empty store of the backend under test.</summary>
    protected abstract Task<StorageUnderTest> OpenAsync();

    public async Task InitializeAsync() => Storage = await OpenAsync();

    public async Task DisposeAsync() => await Storage.DisposeAsync();

    /// <summary>A time as both backends keep it: UTC, whole milliseconds.</summary>
    protected static DateTimeOffset At(int minutes = 0) =>
        new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero).AddMinutes(minutes);
}
