using System.Net;

namespace Sentinela.Tests.Draining;

/// <summary>A request body sent in two halves, the second only once <see cref="Release"/> is called: an in-flight request on demand.</summary>
sealed class HeldBackContent(byte[] body, string mediaType) : HttpContent
{
    readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _firstHalfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstHalfSent => _firstHalfSent.Task;

    public void Release() => _released.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        Headers.ContentType ??= new(mediaType);
        var half = body.Length / 2;
        await stream.WriteAsync(body.AsMemory(0, half));
        await stream.FlushAsync();
        _firstHalfSent.TrySetResult();
        await _released.Task;
        await stream.WriteAsync(body.AsMemory(half));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
