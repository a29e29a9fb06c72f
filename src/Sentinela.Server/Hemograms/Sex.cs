namespace Sentinela.Server.Hemograms;

public enum Sex
{
    Unknown,
    Female,
    Male,
}
