namespace Sentinela.Server.Storage;

/// <summary>Sentinela:Storage — which backend this deployment uses; each backend has its own section below it.</summary>
public sealed class StorageOptions
{
    public const string Section = "Sentinela:Storage";

    public StorageBackend Backend { get; set; } = StorageBackend.Embedded;
}
