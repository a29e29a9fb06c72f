namespace Sentinela.Tests.Push;

/// <summary>A test class whose every test gets its own <see cref="PushTestBed"/>: fresh fakes, keys and breakers.</summary>
public abstract class PushTest : IAsyncLifetime
{
    protected PushTestBed Bed { get; private set; } = null!;

    public async Task InitializeAsync() => Bed = await PushTestBed.StartAsync();
    public async Task DisposeAsync() => await Bed.DisposeAsync();
}
