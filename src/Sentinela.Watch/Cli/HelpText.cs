namespace Sentinela.Watch.Cli;

static class HelpText
{
    public const string Usage = """
        sentinela-watch — acompanha os alertas de surto do Sentinela em tempo real.

        Usage:
          sentinela-watch [--server URL] (--cpf CPF | --token T) (--area LAT,LON,KM | --municipality IBGE | --state UF)...
                          [--events raised,updated,resolved] [--protocol json|messagepack]
                          [--transport websockets,sse,longpolling] [--from SEQ]

        Options:
          --server URL          Sentinela server (default http://127.0.0.1:5080); the hub is /hubs/alerts.
          --area LAT,LON,KM     Watch a circle, e.g. -19.93,-44.05,50. Area options may repeat.
          --municipality IBGE   Watch a municipality by its 7-digit IBGE code, e.g. 3118601.
          --state UF            Watch a state, e.g. MG.
          --events LIST         Only these event types (default: all).
          --protocol P          json (default) or messagepack (not over Server-Sent Events).
          --transport LIST      Transports to allow (default: all, best first).
          --cpf CPF             Log in as this user; the password comes from SENTINELA_PASSWORD or is asked for.
          --token T             An access token instead (default: the SENTINELA_TOKEN environment variable).
          --from SEQ            Resume after this sequence (default 0: the server replays or asks for a reload).
          -h, --help            This text.

        Each alert prints as one line: time, event, [severity] headline (version, sequence); replayed ones (missed while
        away) are marked "recuperado". Ctrl+C exits.
        """;
}
