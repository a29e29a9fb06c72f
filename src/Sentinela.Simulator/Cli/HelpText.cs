namespace Sentinela.Simulator.Cli;

static class HelpText
{
    public const string Usage = """
        sentinela-simulator: posts synthetic hemograms (FHIR R4 Observations, CBC panel) to a Sentinela server,
        optionally with injected outbreaks, then lists the alerts the server raised.

        Usage:
          sentinela-simulator [--server URL] [--rate N] [--duration D | --count N] [--seed N] [--concurrency N]
                              [--bundle N] [--municipalities PATH] [--state UF] [--labs N]
                              [--outbreak SPEC]... [--api-key KEY] [--token TOKEN]

        Options:
          --server URL           Server root (default http://127.0.0.1:5080).
          --rate N               Hemograms per second (default 20; 0 = as fast as the server accepts).
          --duration D           Stop after D: 90, 30s, 5m, 1h30m. Without --duration or --count: until Ctrl+C.
          --count N              Stop after N hemograms.
          --seed N               Seed for every random choice (default: random, printed at start). The same seed,
                                 rate (> 0) and options resubmit the same hemograms and identifiers (server
                                 answers 200 duplicates).
          --concurrency N        Requests in flight at once (default 8).
          --bundle N             0 (default): POST each Observation to /fhir/Observation.
                                 N > 0: POST batch Bundles of N Observations to /fhir.
          --municipalities PATH  CSV with codigo_ibge,nome,latitude,longitude,capital,codigo_uf (default:
                                 ../shared/data/municipios.csv if present, else the built-in list).
          --state UF             IBGE state code or abbreviation, or 'all' (default 31, Minas Gerais; all states
                                 if the list has none there). Capitals and large cities send the most traffic.
          --labs N               Synthetic laboratories spread over the municipalities (default 6).
          --outbreak SPEC        parameter:direction:ibgeCode[:start=5s][:duration=2m][:count=60][:intensity=0.7][:share=0.4]
                                 From start (time since launch), for duration or until count hemograms came from the
                                 municipality (default: until the end), each of its hemograms is abnormal with
                                 probability intensity (default 0.7), and it gets an extra share of all traffic
                                 (default 0.4). May be repeated.
                                 parameter: leukocytes, hemoglobin, platelets, hematocrit, erythrocytes,
                                            neutrophils, lymphocytes, eosinophils (eosinophils: high only)
                                 direction: low, high
          --api-key KEY          The laboratory API key, sent as X-Api-Key (default: $SENTINELA_API_KEY).
          --token TOKEN          A health manager's access token, to list the alerts at the end (default: $SENTINELA_TOKEN).
          -h, --help             This text.

        Progress is printed every 5 s; Ctrl+C stops cleanly (twice aborts). At the end the server's alerts
        (GET /api/alerts) are listed. Exit code: 0, or 1 if the server could not be reached, 2 for bad arguments.

        Example (a platelet drop in Contagem, MG, from 5 s in):
          sentinela-simulator --rate 20 --duration 60s --seed 42 --outbreak platelets:low:3118601:start=5s
        """;
}
